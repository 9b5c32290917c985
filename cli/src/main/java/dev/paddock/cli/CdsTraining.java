package dev.paddock.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.paddock.sys.Posix;

/**
 * The training run behind the AppCDS archive: loads the classes a short invocation needs (picocli's
 * model of every command, help rendering, the native facade) so that the archive holds them.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(quiet);
        System.setErr(quiet);
        try {
            Main.run(null, "--help");
            Main.run(null, "--version");
            List<String> names = new ArrayList<>(Commands.build().getSubcommands().keySet());
            for (String name : names) {
                Main.run(null, name, "--help");
                Main.run(name, "--help");
            }
            Posix.get().geteuid();
            trainShiftOwn();
            // shift-mount's own path (mount table, state records, JSON) without mounting anything.
            Main.run("shift-mount", "--list", "--json");
        } finally {
            System.setOut(out);
        }
        out.println("CdsTraining: done");
    }

    /**
     * shift-own's walk (engine, walker, entries, ACL and capability handling) over a small temporary
     * tree: a real shift and back when run as root, as at install time, else a dry run.
     */
    private static void trainShiftOwn() {
        try {
            Path dir = Files.createTempDirectory("paddock-cds");
            try {
                Files.createDirectory(dir.resolve("sub"));
                Path file = Files.writeString(dir.resolve("sub/file"), "x");
                try { // an xattr name to list, so that the ACL and capability checks run too
                    Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                            .write("paddock", ByteBuffer.wrap(new byte[] {1}));
                } catch (IOException | UnsupportedOperationException e) {
                    // A filesystem without user xattrs trains the rest.
                }
                Files.createSymbolicLink(dir.resolve("link"), Path.of("sub/file"));
                boolean root = Posix.get().geteuid() == 0;
                String mode = root ? "--ignore-foreign" : "-n";
                Main.run("shift-own", mode, "-v", "--json", "-s", "0x30000", dir.toString());
                if (root) {
                    Main.run("shift-own", mode, "-s", "0", dir.toString());
                }
            } finally {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            // Training is best effort: a missing temp directory only makes the archive smaller.
        }
    }
}
