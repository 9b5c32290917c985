package dev.paddock.core.image.catar;

/** One named ACL entry as casync stores it: id (0 without uid bits), permissions R4 W2 X1, optional name. */
public record AclEntry(long id, long permissions, byte[] name) {
    public static final int READ = 4, WRITE = 2, EXECUTE = 1;
}
