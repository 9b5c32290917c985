package dev.paddock.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedImagesTest {
    @TempDir
    Path tmp;

    @Test
    void anExtractionKilledEarlierLeavesNothingOnceTheImageIsShared() throws Exception {
        HostRegistry registry = new HostRegistry(tmp.resolve("root"));
        Path index = Files.writeString(tmp.resolve("a.caidx"), "not parsed by this extractor");
        String digest = SharedImages.digest(index);
        // What a SIGKILL mid-extraction leaves: the partial copy and the tree extractor's hidden sibling.
        Path partial = Files.createDirectories(registry.imagesDir().resolve("." + digest + ".partial/usr"));
        Path hidden = Files.createDirectories(registry.imagesDir().resolve(".." + digest + ".partial.paddock-tmp-0123456789ab/etc"));
        Files.writeString(hidden.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Path otherImage = Files.createDirectories(registry.imagesDir().resolve("..ffff.partial.paddock-tmp-0123456789ab"));

        SharedImages images = new SharedImages(registry, (i, store, dest) -> {
            Files.createDirectories(dest.resolve("etc"));
            Files.writeString(dest.resolve("etc/hostname"), "x\n");
        });
        Path shared = images.ensure(index, "unused");

        assertThat(shared).isEqualTo(registry.imagesDir().resolve(digest));
        assertThat(shared.resolve("etc/hostname")).hasContent("x");
        assertThat(partial.getParent()).doesNotExist();
        assertThat(hidden.getParent()).doesNotExist();
        assertThat(otherImage).as("another image's extraction may be running").exists();
        try (Stream<Path> left = Files.list(registry.imagesDir())) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(digest, "." + digest + ".lock", "..ffff.partial.paddock-tmp-0123456789ab");
        }
    }
}
