package dev.paddock.core.systemd;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.paddock.sys.PosixException;
import dev.paddock.sys.UnixDatagram;

/**
 * systemd's readiness protocol (sd_notify): when a service runs with {@code Type=notify}, systemd sets
 * NOTIFY_SOCKET and waits for a datagram with {@code READY=1}. Outside systemd this does nothing.
 */
public final class SystemdNotify {
    public static final String SOCKET_ENV = "NOTIFY_SOCKET";

    private SystemdNotify() {}

    /**
     * Sends {@code READY=1} (with a status line) if {@code env} names a notify socket.
     *
     * @return true if a notification was sent
     */
    public static boolean ready(Map<String, String> env, String status) throws PosixException {
        String socket = env.get(SOCKET_ENV);
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        String message = "READY=1\nMAINPID=" + ProcessHandle.current().pid() + "\nSTATUS=" + status.replace('\n', ' ');
        UnixDatagram.send(socket, message.getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** Tells systemd the service is stopping, if it is watching. */
    public static void stopping(Map<String, String> env) {
        String socket = env.get(SOCKET_ENV);
        if (socket == null || socket.isEmpty()) {
            return;
        }
        try {
            UnixDatagram.send(socket, "STOPPING=1".getBytes(StandardCharsets.UTF_8));
        } catch (PosixException e) {
            // Best effort: systemd sees the process exit anyway.
        }
    }
}
