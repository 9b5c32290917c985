package dev.paddock.core.container;

/** A container's record together with what is true of it right now. */
public record ContainerStatus(ContainerRecord record, boolean mounted, long pid) {
    public boolean running() {
        return pid > 0;
    }

    public String state() {
        return running() ? "running" : mounted ? "mounted" : "stopped";
    }
}
