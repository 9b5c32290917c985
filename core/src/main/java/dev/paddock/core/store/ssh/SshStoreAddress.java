package dev.paddock.core.store.ssh;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A parsed {@code ssh://[user@]host[:port]/path} or {@code sftp://…} store location. The path is
 * absolute on the server; {@code /~/dir} is {@code dir} under the login directory.
 *
 * @param user the login name, or null for {@code ~/.ssh/config}'s User or the local user name
 * @param port the port, or -1 for {@code ~/.ssh/config}'s Port or 22
 */
public record SshStoreAddress(String text, String user, String host, int port, String path) {
    public static SshStoreAddress parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("store " + text + ": not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ssh") && !scheme.equals("sftp")) {
            throw new IllegalArgumentException("store " + text + ": not an ssh:// or sftp:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("store " + text + ": no host (expected " + scheme + "://[user@]host[:port]/path)");
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw new IllegalArgumentException("store " + text + ": no store directory after the host");
        }
        if (path.equals("/~") || path.startsWith("/~/")) {
            path = path.length() <= 3 ? "." : path.substring(3);
        }
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new SshStoreAddress(text, uri.getUserInfo(), host, uri.getPort(), path);
    }
}
