package dev.paddock.core.store.ssh;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How an SFTP store connects and retries.
 *
 * @param sshDir where {@code known_hosts}, {@code config} and the identity files are ({@code ~/.ssh})
 * @param agentSocket the ssh-agent's socket ({@code $SSH_AUTH_SOCK}), or null for no agent
 * @param localUser the login name when neither the URL nor {@code ~/.ssh/config} gives one
 * @param retries attempts after the first on transient failures (each reconnecting a dropped session)
 * @param channels SFTP channels opened on the one SSH connection, shared by the threads using the store
 */
public record SshOptions(Path sshDir, String agentSocket, String localUser, int retries, Duration backoff,
        Duration connectTimeout, int channels) {
    /** OpenSSH's defaults for the user running paddock: {@code $HOME/.ssh} and {@code $SSH_AUTH_SOCK}. */
    public static SshOptions fromEnvironment() {
        String agent = System.getenv("SSH_AUTH_SOCK");
        return new SshOptions(Path.of(System.getProperty("user.home"), ".ssh"), agent == null || agent.isEmpty() ? null : agent,
                System.getProperty("user.name"), 4, Duration.ofMillis(200), Duration.ofSeconds(15), 4);
    }

    public SshOptions withRetries(int retries, Duration backoff) {
        return new SshOptions(sshDir, agentSocket, localUser, retries, backoff, connectTimeout, channels);
    }

    public SshOptions withAgentSocket(String socket) {
        return new SshOptions(sshDir, socket, localUser, retries, backoff, connectTimeout, channels);
    }
}
