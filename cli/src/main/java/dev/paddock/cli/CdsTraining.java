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
import dev.paddock.sys.UnixDatagram;

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
            // What Main.main does before run(), without its effects, so that those classes are
            // archived too rather than read and verified from the jar on every start.
            Main.configurePicocli();
            NativePreload.startFor(null, new String[] {"--help"});
            SignalCleanup.installFor("cds-training", new String[0]);
            Main.run(null, "--help");
            Main.run(null, "--version");
            List<String> names = new ArrayList<>(Commands.build().getSubcommands().keySet());
            for (String name : names) {
                Main.run(null, name, "--help");
                Main.run(name, "--help");
            }
            trainShiftOwn();
            trainJnrBinding();
            trainImages();
            // shift-mount's own path (mount table, state records, JSON) without mounting anything.
            Main.run("shift-mount", "--list", "--json");
        } finally {
            System.setOut(out);
        }
        out.println("CdsTraining: done");
    }

    /** Work on a small temporary tree. */
    private interface TreeWork {
        void run(Path scratch, Path tree) throws IOException;
    }

    /**
     * Runs {@code work} on a small tree (a file with an xattr, a directory, a symlink) in a fresh
     * temporary directory, and removes it all afterwards. Training is best effort: a missing temp
     * directory only makes the archive smaller.
     */
    private static void onSmallTree(TreeWork work) {
        try {
            Path scratch = Files.createTempDirectory("paddock-cds");
            try {
                Path tree = Files.createDirectory(scratch.resolve("tree"));
                Files.createDirectory(tree.resolve("sub"));
                Path file = Files.writeString(tree.resolve("sub/file"), "x");
                try { // an xattr name to list, so that the ACL and capability checks run too
                    Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                            .write("paddock", ByteBuffer.wrap(new byte[] {1}));
                } catch (IOException | UnsupportedOperationException e) {
                    // A filesystem without user xattrs trains the rest.
                }
                Files.createSymbolicLink(tree.resolve("link"), Path.of("sub/file"));
                work.run(scratch, tree);
            } finally {
                try (Stream<Path> paths = Files.walk(scratch)) {
                    for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            // See above: best effort.
        }
    }

    /**
     * shift-own's walk (engine, walker, entries, ACL and capability handling): a real shift and back
     * when run as root, as at install time, else a dry run.
     */
    private static void trainShiftOwn() {
        onSmallTree((scratch, tree) -> {
            boolean root = Posix.get().geteuid() == 0;
            String mode = root ? "--ignore-foreign" : "-n";
            Main.run("shift-own", mode, "-v", "--json", "-s", "0x30000", tree.toString());
            if (root) {
                Main.run("shift-own", mode, "-s", "0", tree.toString());
            }
        });
    }

    /**
     * The one jnr-ffi binding left (mounts and sockets, for shift-mount and the container commands),
     * through a datagram socket bound and closed again: its ASM and x86asm classes, which the build
     * lifted to Java 8 for this, are archived only if the training loads them.
     */
    private static void trainJnrBinding() {
        onSmallTree((scratch, tree) -> UnixDatagram.bind(scratch.resolve("socket").toString()).close());
    }

    /**
     * The image pipeline (encoder, chunker, compression, store, decoder, extractor) and the inspecting
     * commands: image commands start as often as shift-own in build scripts, and their classes made
     * up most of a small make's start.
     */
    private static void trainImages() {
        onSmallTree((scratch, tree) -> {
            String store = "--store=" + scratch.resolve("default.castr");
            String index = scratch.resolve("tree.caidx").toString();
            // Enough bytes for the chunker to cut (its cuts, not only the last chunk, run the make
            // cache's recording), and a cache file of the training's own rather than the user's.
            byte[] noise = new byte[200_000];
            new java.util.Random(1).nextBytes(noise);
            Files.write(tree.resolve("sub/noise"), noise);
            String cache = "--cache=" + scratch.resolve("make.cache");
            Main.run(null, "image", "make", "-q", cache, store, index, tree.toString());
            Main.run(null, "image", "make", "-q", "--json", cache, store, index, tree.toString());
            Main.run(null, "image", "extract", "-q", store, index, scratch.resolve("out").toString());
            Main.run(null, "image", "list", store, index);
            Main.run(null, "image", "mtree", store, index);
            Main.run(null, "image", "digest", store, index);
            Main.run(null, "image", "info", store, index);
            Main.run(null, "image", "diff", index, index);
        });
    }
}
