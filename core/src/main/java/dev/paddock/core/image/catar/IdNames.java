package dev.paddock.core.image.catar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * uid/gid ↔ name lookups from passwd and group files, like getpwuid/getgrgid with the "files" NSS source.
 * Loaded lazily, once per instance; first entry wins as in glibc. Thread-safe: the extractor looks
 * owners up from its writer threads.
 */
public final class IdNames {
    private final Path passwd, group;
    private Map<Long, byte[]> users, groups;
    private Map<String, Long> userIds, groupIds;

    public IdNames(Path passwd, Path group) {
        this.passwd = passwd;
        this.group = group;
    }

    public static IdNames system() {
        return new IdNames(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** The user name of {@code uid}, or null when unknown. */
    public synchronized byte[] user(long uid) throws IOException {
        if (users == null) {
            users = new HashMap<>();
            userIds = new HashMap<>();
            load(passwd, users, userIds);
        }
        return users.get(uid);
    }

    public synchronized byte[] group(long gid) throws IOException {
        if (groups == null) {
            groups = new HashMap<>();
            groupIds = new HashMap<>();
            load(group, groups, groupIds);
        }
        return groups.get(gid);
    }

    /** The uid of a user name, or -1. */
    public synchronized long uidOf(String name) throws IOException {
        user(0);
        return userIds.getOrDefault(name, -1L);
    }

    public synchronized long gidOf(String name) throws IOException {
        group(0);
        return groupIds.getOrDefault(name, -1L);
    }

    private static void load(Path file, Map<Long, byte[]> byId, Map<String, Long> byName) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        }
        for (String line : new String(all, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 3 || f[0].isEmpty() || f[0].startsWith("#") || f[0].startsWith("+") || f[0].startsWith("-")) {
                continue;
            }
            try {
                long id = Long.parseLong(f[2]);
                byId.putIfAbsent(id, f[0].getBytes(StandardCharsets.UTF_8));
                byName.putIfAbsent(f[0], id);
            } catch (NumberFormatException e) {
                // a malformed line is skipped, as glibc does
            }
        }
    }
}
