package dev.paddock.core.image.catar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;

/**
 * A directory's catar encoding as a readable channel, produced by an encoder thread through a pipe, so
 * that list/mtree of a directory run on the same event stream as for an archive without a temporary file.
 * An encoder failure is rethrown to the reader.
 */
public final class EncodingSource implements ReadableByteChannel {
    private final Pipe.SourceChannel source;
    private final Thread thread;
    private volatile IOException failure;

    private EncodingSource(Path dir, FeatureFlags flags, IdNames names) throws IOException {
        Pipe pipe = Pipe.open();
        this.source = pipe.source();
        this.thread = new Thread(() -> {
            try (Pipe.SinkChannel sink = pipe.sink()) {
                new TreeEncoder(flags, names).encode(dir, sink);
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e.getMessage(), e);
            }
        }, "catar-encode");
        thread.setDaemon(true);
        thread.start();
    }

    public static EncodingSource open(Path dir, FeatureFlags flags, IdNames names) throws IOException {
        return new EncodingSource(dir, flags, names);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = source.read(dst);
        if (n < 0) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (failure != null) {
                throw failure;
            }
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return source.isOpen();
    }

    /** Closing early makes the encoder fail on its next write, which ends its thread. */
    @Override
    public void close() throws IOException {
        source.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
