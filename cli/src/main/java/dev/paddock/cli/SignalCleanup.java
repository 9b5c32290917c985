package dev.paddock.cli;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets an interrupted command clean up after itself. SIGINT, SIGTERM and SIGHUP start the JVM's
 * shutdown, which runs the shutdown hooks but never unwinds the running command. So its error paths,
 * which remove a partial extraction, a temporary index or a half-written chunk, would not run, and
 * those files would be left behind. For the commands that write such temporaries, a hook interrupts
 * the main thread instead and waits until the command has unwound through those paths. The process
 * still ends with the signal's status (130 for SIGINT, 143 for SIGTERM).
 *
 * <p>shift-own needs none of this (a rerun resumes it). shift-mount and the container commands handle
 * stops themselves: they unmount, or leave the signal to systemd-nspawn.
 */
final class SignalCleanup {
    /** How long a stop waits for the command to remove what it wrote. A larger tree takes longer to remove. */
    static final long WAIT_SECONDS = 60;
    private static final Set<String> COMMANDS = Set.of("image", "store");

    private final CountDownLatch finished = new CountDownLatch(1);

    private SignalCleanup() {}

    /** Installs the hook when {@code args} run a command that writes temporaries; null otherwise. */
    static SignalCleanup installFor(String entry, String[] args) {
        if ((entry != null && !entry.isEmpty()) || args.length == 0 || !COMMANDS.contains(args[0])) {
            return null;
        }
        SignalCleanup cleanup = new SignalCleanup();
        Runtime.getRuntime().addShutdownHook(new Hook(cleanup, Thread.currentThread()));
        return cleanup;
    }

    /**
     * The hook. A thread subclass rather than a lambda: the first lambda of a run spins method-handle
     * classes the CDS archive does not hold, ~10 ms before an image command could start.
     */
    private static final class Hook extends Thread {
        private final SignalCleanup cleanup;
        private final Thread main;

        Hook(SignalCleanup cleanup, Thread main) {
            super("paddock-signal-cleanup");
            this.cleanup = cleanup;
            this.main = main;
        }

        @Override
        public void run() {
            if (cleanup.finished.getCount() == 0) {
                return; // an ordinary exit: the command has already returned
            }
            main.interrupt();
            try {
                cleanup.finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called once the command has returned, with or without a failure. */
    void finished() {
        finished.countDown();
    }
}
