package dev.paddock.core.store.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Opens authenticated SSH sessions the way OpenSSH's client would for the same user: the host key
 * checked against {@code known_hosts} (unknown or changed keys refused), {@code config}'s
 * Host/HostName/User/Port/IdentityFile applied, then the agent's keys and the unencrypted default
 * identities offered. Problems that retrying cannot fix are {@link FatalSshException}s.
 */
final class SshConnector implements AutoCloseable {
    static final String[] DEFAULT_IDENTITIES = {"id_ed25519", "id_ecdsa", "id_rsa"};
    private static final AttributeKey<String> HOST_KEY_PROBLEM = new AttributeKey<>();

    /** A failure that another attempt would repeat: host key, authentication, configuration. */
    static final class FatalSshException extends IOException {
        private static final long serialVersionUID = 1L;

        FatalSshException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SshStoreAddress address;
    private final SshOptions options;
    private final SshClient client;
    private final List<KeyPair> keys = new ArrayList<>();
    private final List<String> encrypted = new ArrayList<>();
    private final List<String> offered = new ArrayList<>();

    SshConnector(SshStoreAddress address, SshOptions options) throws IOException {
        this.address = address;
        this.options = options;
        loadDefaultIdentities();
        client = SshClient.setUpDefaultClient();
        Path knownHosts = options.sshDir().resolve("known_hosts");
        KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier((session, remote, key) -> {
            session.setAttribute(HOST_KEY_PROBLEM, "its host key is not in " + knownHosts
                    + " (connect once with ssh, or add it with ssh-keyscan, after checking it)");
            return false;
        }, knownHosts);
        verifier.setModifiedServerKeyAcceptor((session, remote, entry, expected, actual) -> {
            session.setAttribute(HOST_KEY_PROBLEM, "its host key has changed from the one in " + knownHosts
                    + " (someone may be intercepting the connection; fix known_hosts if the change is expected)");
            return false;
        });
        client.setServerKeyVerifier(verifier);
        Path config = options.sshDir().resolve("config");
        client.setHostConfigEntryResolver(Files.isRegularFile(config) ? new ConfigFileHostEntryResolver(config) : HostConfigEntryResolver.EMPTY);
        client.setFilePasswordProvider(refusingPasswords());
        client.setKeyIdentityProvider(session -> keys);
        if (options.agentSocket() != null) {
            client.setAgentFactory(new UnixSocketAgent.Factory(options.agentSocket()));
            offered.add("the ssh-agent at " + options.agentSocket());
        }
        client.start();
    }

    /** Keys of encrypted files are left to the agent: there is no terminal to ask for a passphrase. */
    private static FilePasswordProvider refusingPasswords() {
        return (session, resource, retry) -> {
            throw new EncryptedKeyException(resource.getName());
        };
    }

    private static final class EncryptedKeyException extends IOException {
        private static final long serialVersionUID = 1L;

        EncryptedKeyException(String file) {
            super(file + " is encrypted");
        }
    }

    private void loadDefaultIdentities() throws IOException {
        for (String name : DEFAULT_IDENTITIES) {
            Path file = options.sshDir().resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            NamedResource resource = new PathResource(file);
            try (InputStream in = Files.newInputStream(file)) {
                Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, resource, in, refusingPasswords());
                if (loaded != null) {
                    loaded.forEach(keys::add);
                    offered.add(file.toString());
                }
            } catch (EncryptedKeyException e) {
                encrypted.add(file.toString());
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new FatalSshException("cannot read the identity " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private String hostName() {
        return address.port() > 0 ? address.host() + ":" + address.port() : address.host();
    }

    /** A new authenticated session; transient failures (refused, reset, timed out) are plain IOExceptions. */
    ClientSession open() throws IOException {
        if (keys.isEmpty() && options.agentSocket() == null) {
            if (!encrypted.isEmpty()) {
                throw new FatalSshException(String.join(", ", encrypted) + (encrypted.size() == 1 ? " is" : " are")
                        + " encrypted and no ssh-agent is available (SSH_AUTH_SOCK is not set); start one and ssh-add the key", null);
            }
            if (!hasConfiguredIdentity()) {
                throw new FatalSshException("no SSH identity: none of " + String.join(", ", DEFAULT_IDENTITIES) + " in " + options.sshDir()
                        + " and no ssh-agent (SSH_AUTH_SOCK is not set)", null);
            }
        }
        HostConfigEntry entry = resolve();
        ClientSession session;
        try {
            session = client.connect(entry).verify(options.connectTimeout()).getSession();
        } catch (IOException e) {
            throw new IOException("cannot connect to " + hostName() + ": " + reason(e), e);
        }
        try {
            session.auth().verify(options.connectTimeout());
            return session;
        } catch (IOException | RuntimeException e) {
            String hostKey = session.getAttribute(HOST_KEY_PROBLEM);
            session.close(true);
            if (hostKey != null) {
                throw new FatalSshException("refusing " + hostName() + ": " + hostKey, e);
            }
            if (!session.isAuthenticated() && isAuthRejection(e)) {
                String tried = offered.isEmpty() ? "no identity" : String.join(", ", offered);
                String skipped = encrypted.isEmpty() ? "" : "; skipped encrypted " + String.join(", ", encrypted) + " (no agent holds it?)";
                throw new FatalSshException(entry.getUsername() + "@" + hostName() + " refused the login (offered " + tried + skipped + ")", e);
            }
            throw new IOException("cannot log in to " + hostName() + ": " + reason(e), e);
        }
    }

    private boolean hasConfiguredIdentity() throws IOException {
        HostConfigEntry e = resolve();
        return e.getIdentities() != null && !e.getIdentities().isEmpty();
    }

    private static boolean isAuthRejection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No more authentication methods") || m.contains("authentication methods available"))) {
                return true;
            }
        }
        return false;
    }

    /** The URL, with {@code ~/.ssh/config} filling what it leaves out (as ssh's -l and -p override the file). */
    private HostConfigEntry resolve() throws IOException {
        HostConfigEntry entry = client.getHostConfigEntryResolver()
                .resolveEffectiveHost(address.host(), address.port(), (SocketAddress) null, address.user(), null, null);
        if (entry == null) {
            entry = new HostConfigEntry(address.host(), address.host(), address.port() > 0 ? address.port() : 22, address.user());
        }
        if (entry.getUsername() == null || entry.getUsername().isEmpty()) {
            entry.setUsername(options.localUser());
        }
        if (entry.getPort() <= 0) {
            entry.setPort(22);
        }
        return entry;
    }

    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() throws IOException {
        client.stop();
    }
}
