package dev.paddock.core.image.catar;

/** An extended attribute; names are bytes (ISO-8859-1 when shown as a String). */
public record Xattr(byte[] name, byte[] value) {
    public String nameString() {
        return new String(name, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
