import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP delay line for the remote benchmark on kernels without sch_netem: every byte that crosses it,
 * in either direction, is forwarded DELAY_MS after it arrived, so a request/response pair costs two
 * one-way delays (the round trip netem would add on a veth pair with the delay on each end), while
 * bandwidth is not throttled. Connection set-up is delayed by one round trip too, as a TCP handshake
 * over such a link would be.
 *
 * <p>Run as a single-file program: {@code java DelayProxy.java LISTEN_HOST LISTEN_PORT TARGET_HOST
 * TARGET_PORT DELAY_MS}. It serves until killed.
 */
public final class DelayProxy {
    private record Packet(long dueNanos, byte[] bytes) {}

    private static final byte[] EOF = new byte[0];

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: java DelayProxy.java LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS");
            System.exit(2);
        }
        InetSocketAddress target = new InetSocketAddress(args[2], Integer.parseInt(args[3]));
        long delay = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[4]));
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 1024, InetAddress.getByName(args[0]))) {
            System.err.println("delay proxy: " + server.getLocalSocketAddress() + " -> " + target + ", " + args[4] + " ms each way");
            while (true) {
                Socket client = server.accept();
                start(() -> connect(client, target, delay));
            }
        }
    }

    private static void connect(Socket client, InetSocketAddress target, long delay) {
        try {
            client.setTcpNoDelay(true);
            sleepUntil(System.nanoTime() + 2 * delay);
            Socket upstream = new Socket();
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 10_000);
            AtomicInteger open = new AtomicInteger(2);
            pipe(client, upstream, delay, open);
            pipe(upstream, client, delay, open);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** One direction: a reader stamps what arrives, a writer releases it when its delay has passed. */
    private static void pipe(Socket from, Socket to, long delay, AtomicInteger open) {
        LinkedBlockingQueue<Packet> line = new LinkedBlockingQueue<>();
        start(() -> {
            byte[] buf = new byte[256 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    line.add(new Packet(System.nanoTime() + delay, Arrays.copyOf(buf, n)));
                }
            } catch (IOException e) {
                // the peer went away: end this direction like a FIN would
            }
            line.add(new Packet(System.nanoTime() + delay, EOF));
        });
        start(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Packet p = line.take();
                    sleepUntil(p.dueNanos());
                    if (p.bytes() == EOF) {
                        to.shutdownOutput();
                        if (open.decrementAndGet() == 0) {
                            closeQuietly(from);
                            closeQuietly(to);
                        }
                        break;
                    }
                    out.write(p.bytes());
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void sleepUntil(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "delay-proxy");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
