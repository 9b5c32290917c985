package dev.paddock.core.mount;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory this run created (a staging point, STATE/upper, STATE/work). Undo removes it together with
 * empty directories inside it (overlayfs leaves work/work and work/index behind), but never a file:
 * if anything else landed in it, it stays.
 */
public record CreatedDirectory(Path path) implements MountResource {
    @Override
    public String describe() {
        return "directory " + path;
    }

    @Override
    public void undo() throws IOException {
        removeEmptyTree(path);
    }

    private static boolean removeEmptyTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.toList();
        } catch (NoSuchFileException e) {
            return true;
        }
        boolean empty = true;
        for (Path child : children) {
            empty &= Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && removeEmptyTree(child);
        }
        if (!empty) {
            return false;
        }
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (DirectoryNotEmptyException e) {
            return false;
        }
    }
}
