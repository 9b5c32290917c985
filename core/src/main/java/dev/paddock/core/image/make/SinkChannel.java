package dev.paddock.core.image.make;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A channel view of an OutputStream that hands heap buffers over without the 8 KiB re-copying of Channels.newChannel. */
public final class SinkChannel implements WritableByteChannel {
    private final OutputStream out;
    private byte[] scratch = new byte[0];
    private boolean open = true;

    public SinkChannel(OutputStream out) {
        this.out = out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, 1 << 16)];
            }
            src.get(scratch, 0, n);
            out.write(scratch, 0, n);
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
