package dev.paddock.core.mount;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The resources made so far, newest on top. A failure part-way unwinds the stack, so that an error leaves
 * nothing mounted and no directory we created behind; a success hands the stack to the live mount, which
 * unwinds it on unmount.
 */
public final class MountStack {
    private final Deque<MountResource> resources = new ArrayDeque<>();

    public <T extends MountResource> T push(T resource) {
        resources.push(resource);
        return resource;
    }

    public boolean isEmpty() {
        return resources.isEmpty();
    }

    /** The resources, newest first. */
    public List<MountResource> resources() {
        return List.copyOf(resources);
    }

    /**
     * Undoes every resource, newest first. Keeps going past failures (a stuck mount must not keep the
     * others up) and throws the first failure with the later ones suppressed.
     */
    public void unwind() throws IOException {
        List<IOException> failures = new ArrayList<>();
        while (!resources.isEmpty()) {
            MountResource r = resources.pop();
            try {
                r.undo();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Unwinds after {@code cause}; failures of the unwinding are attached to it rather than hiding it. */
    public void unwindAfter(Throwable cause) {
        try {
            unwind();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
