package dev.paddock.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.paddock.core.image.Archives;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code paddock image list|mtree|digest IMAGE|DIR}: casync's three listings of an image or a tree,
 * which take the same arguments. Declared programmatically ({@link Specs}), as the other image commands.
 */
final class ImageListingCommand implements Callable<Integer> {
    enum Kind {
        LIST("list", "List the entries of a .caidx, .catar or directory as casync list does."),
        MTREE("mtree", "Print an mtree(5) description of a .caidx, .catar or directory as casync mtree does."),
        DIGEST("digest", "Print the digest of an image or directory as casync digest does.");

        final String command;
        final String description;

        Kind(String command, String description) {
            this.command = command;
            this.description = description;
        }
    }

    private final Kind kind;
    private final CommandSpec spec;

    private ImageListingCommand(Kind kind) {
        this.kind = kind;
        this.spec = Specs.command(this, kind.command, kind.description);
    }

    /** The spec of {@code kind}'s command, bound to a fresh instance. */
    static CommandSpec spec(Kind kind) {
        CommandSpec spec = new ImageListingCommand(kind).spec;
        ImageStoreOption.addTo(spec);
        Specs.positional(spec, "0", "IMAGE|DIR", Path.class);
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        ImageStoreOption store = ImageStoreOption.from(spec);
        Path image = Specs.positionalValue(spec, 0);
        Archives.StoreOpener stores = digest -> store.open(image, digest);
        if (kind == Kind.DIGEST) {
            System.out.print(Archives.digest(image, stores));
            System.out.flush();
            return ExitCodes.OK;
        }
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        if (kind == Kind.LIST) {
            Archives.list(image, stores, out);
        } else {
            Archives.mtree(image, stores, out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
