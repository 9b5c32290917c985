package dev.paddock.core.store.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * An ssh-agent client over the agent's AF_UNIX socket. MINA's own needs Tomcat's APR native library;
 * the JDK's Unix-domain channels need nothing. MINA's proxy builds and parses the messages (list
 * identities, sign), so this only moves the length-prefixed frames.
 */
final class UnixSocketAgent extends AbstractAgentProxy {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UnixSocketAgent.class);
    private final SocketChannel channel;

    private UnixSocketAgent(SocketChannel channel) {
        super(null);
        this.channel = channel;
    }

    static UnixSocketAgent connect(String socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new IOException("ssh-agent at " + socket + " (SSH_AUTH_SOCK): " + e.getMessage(), e);
        }
        return new UnixSocketAgent(ch);
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer len = ByteBuffer.allocate(4);
        readFully(len);
        int n = len.flip().getInt();
        if (n <= 0 || n > 256 * 1024) {
            throw new IOException("ssh-agent sent a message of " + n + " bytes");
        }
        ByteBuffer body = ByteBuffer.allocate(n);
        readFully(body);
        return new ByteArrayBuffer(body.array());
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("ssh-agent closed the connection");
            }
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            super.close();
        }
    }

    /** Hands MINA's public-key authentication an agent on {@code socket}; no agent forwarding. */
    record Factory(String socket) implements SshAgentFactory {
        @Override
        public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
            return List.of();
        }

        @Override
        public SshAgent createClient(Session session, FactoryManager manager) {
            try {
                return connect(socket);
            } catch (IOException e) {
                // as ssh does with a stale SSH_AUTH_SOCK: go on with the identity files
                LOG.debug("not using the agent: {}", e.getMessage());
                return null;
            }
        }

        @Override
        public SshAgentServer createServer(ConnectionService service) {
            throw new UnsupportedOperationException("agent forwarding is not offered");
        }
    }
}
