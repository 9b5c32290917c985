package dev.paddock.core.container;

import java.nio.file.Path;

/** Where one container's files live: {@code ROOT/containers/NAME/{rootfs,upper,work,container.conf,...}}. */
public record ContainerLayout(Path dir) {
    public static ContainerLayout of(HostRegistry registry, ContainerName name) {
        return new ContainerLayout(registry.containersDir().resolve(name.value()));
    }

    /** The shifted view the container runs on (the overlay's mount point). */
    public Path rootfs() { return dir.resolve("rootfs"); }
    /** The overlay's state directory: shift-mount keeps upper/ and work/ here. */
    public Path state() { return dir; }
    public Path record() { return dir.resolve("container.conf"); }
    /** Present while {@code create} is under way, so a rerun after a kill knows to resume. */
    public Path creating() { return dir.resolve("creating"); }
    public Path pidFile() { return dir.resolve("nspawn.pid"); }
    public Path console() { return dir.resolve("console.log"); }
}
