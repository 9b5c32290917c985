package dev.paddock.core.mount;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code STATE/paddock-mount.json}: what the last mount of this STATE was, so that {@code --list} can name
 * LOWER and {@code --umount} the clone even though the overlay's options only show the staging path, and
 * so that a remount of a STATE already shifted by chown can skip the walk.
 *
 * <p>Written atomically (temporary file, fsync, rename), so a crash leaves the old or the new record.
 *
 * @param lower       LOWER, absolute
 * @param lowerClone  where the idmapped clone of LOWER was attached (idmap only)
 * @param chownShift  the shift that the chown method completed on upper (null until a walk finished)
 * @param chownFiles  the files that walk found in the target range
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MountState(@JsonProperty("version") int version,
                         @JsonProperty("lower") String lower,
                         @JsonProperty("mountpoint") String mountpoint,
                         @JsonProperty("shift") long shift,
                         @JsonProperty("range") long range,
                         @JsonProperty("method") String method,
                         @JsonProperty("lowerClone") String lowerClone,
                         @JsonProperty("chownShift") Long chownShift,
                         @JsonProperty("chownFiles") Long chownFiles) {
    public static final String FILE_NAME = "paddock-mount.json";
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
            return Optional.of(JSON.readValue(f.toFile(), MountState.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void write(Path state) throws IOException {
        Path f = file(state);
        Path tmp = state.resolve("." + FILE_NAME + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(this));
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
