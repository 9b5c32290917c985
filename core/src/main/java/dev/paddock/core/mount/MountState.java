package dev.paddock.core.mount;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * {@code STATE/paddock-mount.json}: what the last mount of this STATE was, so that {@code --list} can name
 * LOWER and {@code --umount} the clone even though the overlay's options only show the staging path, and
 * so that a remount of a STATE already shifted by chown can skip the walk.
 *
 * <p>Written atomically (temporary file, rename), so readers see the old or the new record. It is not
 * fsynced: it is a hint that every reader can do without, and a sync costs the mount more than all its
 * system calls together. Streaming JSON (jackson-core) rather than data binding keeps the first write
 * cheap in a short-lived process: binding's start-up alone took longer than an idmapped mount.
 *
 * @param lower       LOWER, absolute
 * @param lowerClone  where the idmapped clone of LOWER was attached (idmap only)
 * @param chownShift  the shift that the chown method completed on upper (null until a walk finished)
 * @param chownFiles  the files that walk found in the target range
 */
public record MountState(int version, String lower, String mountpoint, long shift, long range, String method,
                         String lowerClone, Long chownShift, Long chownFiles) {
    public static final String FILE_NAME = "paddock-mount.json";
    static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();

    public MountState withChown(long shiftDone, long files) {
        return new MountState(version, lower, mountpoint, shift, range, method, lowerClone, shiftDone, files);
    }

    public static Path file(Path state) {
        return state.resolve(FILE_NAME);
    }

    /** The record in {@code state}, or empty if there is none or it cannot be read (it is only a hint). */
    public static Optional<MountState> read(Path state) {
        Path f = file(state);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readAllBytes(f)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static MountState parse(byte[] json) throws IOException {
        Map<String, Object> v = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (t) {
                    case VALUE_NUMBER_INT -> v.put(name, p.getLongValue());
                    case VALUE_STRING -> v.put(name, p.getText());
                    case VALUE_NULL -> v.put(name, null);
                    default -> p.skipChildren(); // a field from a newer version: ignore it
                }
            }
        }
        return new MountState(((Number) v.getOrDefault("version", 0L)).intValue(), (String) v.get("lower"),
                (String) v.get("mountpoint"), (Long) v.getOrDefault("shift", -1L), (Long) v.getOrDefault("range", -1L),
                (String) v.get("method"), (String) v.get("lowerClone"), (Long) v.get("chownShift"),
                (Long) v.get("chownFiles"));
    }

    byte[] toJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("version", version);
            g.writeStringField("lower", lower);
            g.writeStringField("mountpoint", mountpoint);
            g.writeNumberField("shift", shift);
            g.writeNumberField("range", range);
            g.writeStringField("method", method);
            if (lowerClone != null) {
                g.writeStringField("lowerClone", lowerClone);
            }
            if (chownShift != null) {
                g.writeNumberField("chownShift", chownShift);
            }
            if (chownFiles != null) {
                g.writeNumberField("chownFiles", chownFiles);
            }
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    public void write(Path state) throws IOException {
        Path f = file(state);
        Path tmp = state.resolve("." + FILE_NAME + ".tmp");
        Files.write(tmp, toJson());
        try {
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
