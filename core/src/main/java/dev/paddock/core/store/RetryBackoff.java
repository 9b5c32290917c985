package dev.paddock.core.store;

import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * The wait between attempts of a remote store's retry loop: the first pause is the configured backoff,
 * each later one twice the one before. One instance per operation, so concurrent operations back off
 * independently.
 */
public final class RetryBackoff {
    private long delayMillis;

    public RetryBackoff(Duration first) {
        this.delayMillis = first.toMillis();
    }

    /**
     * Sleeps before the next attempt and doubles the next wait.
     *
     * @param whenInterrupted the message of the exception thrown if the thread is interrupted meanwhile
     */
    public void pause(String whenInterrupted) throws InterruptedIOException {
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(whenInterrupted);
        }
        delayMillis *= 2;
    }
}
