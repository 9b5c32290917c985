package dev.paddock.core.store.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.paddock.core.store.ChunkCodec;
import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.Compression;
import dev.paddock.core.store.CorruptChunkException;
import dev.paddock.core.store.MissingChunkException;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;
import dev.paddock.testing.Sshd;

/** {@link SftpChunkStore} against a real OpenSSH sshd on 127.0.0.1. */
class SftpChunkStoreTest {
    private static final ChunkDigest DIGEST = ChunkDigest.SHA512_256;

    @TempDir
    Path tmp;

    Sshd sshd;
    Path root;

    @BeforeEach
    void serve() throws IOException {
        Prereqs.requireRoot();
        Prereqs.requireTool("sshd");
        sshd = Sshd.start(tmp.resolve("sshd"));
        root = tmp.resolve("remote/s.castr");
    }

    @AfterEach
    void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private SshOptions options() {
        return new SshOptions(sshd.home().resolve(".ssh"), null, "root", 2, Duration.ofMillis(50), Duration.ofSeconds(5), 4);
    }

    private SftpChunkStore store(SshOptions o) {
        return new SftpChunkStore(SshStoreAddress.parse(sshd.url(root)), DIGEST, o);
    }

    private static byte[] data(long seed, int len) {
        byte[] b = new byte[len];
        Random r = new Random(seed);
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (r.nextInt(16) + 'a');
        }
        return b;
    }

    private static byte[] stored(byte[] d, Compression c) throws IOException {
        try (ChunkCodec codec = new ChunkCodec()) {
            return codec.compress(c, d, 0, d.length);
        }
    }

    private List<Path> filesOnServer() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void storesInCasyncLayoutAndReadsListsDeletesIt() throws IOException {
        byte[] z = data(1, 90_000);
        byte[] plain = data(2, 5_000);
        ChunkId zid = DIGEST.of(z);
        ChunkId pid = DIGEST.of(plain);
        try (SftpChunkStore s = store(options())) {
            assertThat(s.list()).isEmpty();
            assertThat(s.put(zid, stored(z, Compression.ZSTD), Compression.ZSTD)).isTrue();
            assertThat(s.put(zid, stored(z, Compression.ZSTD), Compression.ZSTD)).isFalse();
            assertThat(s.put(pid, plain, Compression.NONE)).isTrue();

            Path zfile = root.resolve(zid.hex().substring(0, 4)).resolve(zid.hex() + ".cacnk");
            Path pfile = root.resolve(pid.hex().substring(0, 4)).resolve(pid.hex());
            assertThat(filesOnServer()).containsExactlyInAnyOrder(zfile, pfile);
            assertThat(Files.readAllBytes(zfile)).isEqualTo(stored(z, Compression.ZSTD));

            assertThat(s.get(zid, z.length)).isEqualTo(z);
            assertThat(s.get(pid)).isEqualTo(plain);
            assertThat(s.has(zid)).isTrue();
            assertThat(s.storedSize(zid)).isEqualTo(Files.size(zfile));
            assertThat(s.list().toList()).containsExactlyInAnyOrder(zid, pid);

            assertThat(s.delete(zid)).isEqualTo(stored(z, Compression.ZSTD).length);
            assertThat(s.delete(zid)).isEqualTo(-1);
            assertThat(s.has(zid)).isFalse();
            assertThat(s.storedSize(zid)).isEqualTo(-1);
            assertThatThrownBy(() -> s.get(zid)).isInstanceOf(MissingChunkException.class)
                    .hasMessage("chunk " + zid.hex() + " is missing from store " + sshd.url(root));
        }
    }

    @Test
    void corruptChunkOnTheServerIsReportedWithItsPlace() throws IOException {
        byte[] d = data(3, 40_000);
        ChunkId id = DIGEST.of(d);
        try (SftpChunkStore s = store(options())) {
            s.put(id, stored(d, Compression.ZSTD), Compression.ZSTD);
            Path f = root.resolve(id.hex().substring(0, 4)).resolve(id.hex() + ".cacnk");
            byte[] b = Files.readAllBytes(f);
            b[b.length / 2] ^= 0x40;
            f.toFile().setWritable(true);
            Files.write(f, b);
            assertThatThrownBy(() -> s.get(id)).isInstanceOf(CorruptChunkException.class)
                    .hasMessageStartingWith("chunk " + id.hex() + " in " + sshd.url(root) + ":" + f + " is corrupt");
        }
    }

    /** Many writers, some of the same chunk: every chunk whole, no temporary name left, nothing partial ever visible. */
    @Test
    void concurrentPutsAreAtomicAndLeaveNoTemporaryFiles() throws Exception {
        Map<ChunkId, byte[]> chunks = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            byte[] d = data(100 + i, 50_000 + i * 3_000);
            chunks.put(DIGEST.of(d), stored(d, Compression.ZSTD));
        }
        Map<String, Long> sizes = new HashMap<>();
        chunks.forEach((id, b) -> sizes.put(id.hex() + ".cacnk", (long) b.length));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> partial = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try {
                    for (Path p : filesOnServer()) {
                        Long want = sizes.get(p.getFileName().toString());
                        long size = Files.size(p);
                        if (want != null && size != want) {
                            partial.compareAndSet(null, p + " seen with " + size + " of " + want + " bytes");
                        }
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    // a temporary file renamed away while walking
                }
            }
        });
        watcher.start();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (SftpChunkStore s = store(options())) {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Map.Entry<ChunkId, byte[]> e : chunks.entrySet()) {
                    fs.add(pool.submit(() -> s.put(e.getKey(), e.getValue(), Compression.ZSTD)));
                }
            }
            long written = 0;
            for (Future<Boolean> f : fs) {
                written += f.get() ? 1 : 0;
            }
            assertThat(written).isBetween((long) chunks.size(), (long) fs.size());
            for (Map.Entry<ChunkId, byte[]> e : chunks.entrySet()) {
                assertThat(s.get(e.getKey())).hasSizeGreaterThan(0);
            }
            assertThat(s.list().toList()).containsExactlyInAnyOrderElementsOf(chunks.keySet());
        } finally {
            done.set(true);
            watcher.join();
            pool.shutdownNow();
        }
        assertThat(partial.get()).isNull();
        assertThat(filesOnServer()).hasSize(chunks.size()).allMatch(p -> !p.getFileName().toString().startsWith("."));
    }

    @Test
    void droppedConnectionIsReopenedAndADeadServerReportedAfterTheRetries() throws IOException {
        byte[] d = data(4, 30_000);
        ChunkId id = DIGEST.of(d);
        try (SftpChunkStore s = store(options())) {
            s.put(id, stored(d, Compression.ZSTD), Compression.ZSTD);
            sshd.stop();
            sshd.start();
            assertThat(s.get(id)).isEqualTo(d);
            sshd.stop();
            assertThatThrownBy(() -> s.get(id)).isInstanceOf(IOException.class).isNotInstanceOf(MissingChunkException.class)
                    .hasMessageStartingWith("store " + sshd.url(root) + ": read ")
                    .hasMessageContaining("failed after 3 attempts");
        }
    }

    @Test
    void unknownAndChangedHostKeysAreRefusedNamingTheHost() throws IOException {
        Path knownHosts = sshd.home().resolve(".ssh/known_hosts");
        Files.writeString(knownHosts, "");
        try (SftpChunkStore s = store(options())) {
            assertThatThrownBy(() -> s.has(DIGEST.of(new byte[1])))
                    .hasMessage("store " + sshd.url(root) + ": refusing 127.0.0.1:" + sshd.port() + ": its host key is not in " + knownHosts
                            + " (connect once with ssh, or add it with ssh-keyscan, after checking it)");
        }
        Path other = tmp.resolve("other_host_key");
        Sshd.keygen(other, "ed25519");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.port() + " " + Files.readString(Path.of(other + ".pub")));
        try (SftpChunkStore s = store(options())) {
            assertThatThrownBy(() -> s.has(DIGEST.of(new byte[1])))
                    .hasMessageStartingWith("store " + sshd.url(root) + ": refusing 127.0.0.1:" + sshd.port() + ": its host key has changed");
        }
        assertThat(Files.readString(knownHosts)).doesNotContain(Files.readString(sshd.home().resolve("../host_key.pub")).trim());
    }

    @Test
    void sshConfigSuppliesHostNamePortAndUser() throws IOException {
        Files.writeString(sshd.home().resolve(".ssh/config"),
                "Host castr-box\n  HostName 127.0.0.1\n  Port " + sshd.port() + "\n  User root\n");
        byte[] d = data(5, 1_000);
        ChunkId id = DIGEST.of(d);
        SshOptions o = new SshOptions(sshd.home().resolve(".ssh"), null, "nobody-here", 0, Duration.ofMillis(50), Duration.ofSeconds(5), 1);
        try (SftpChunkStore s = new SftpChunkStore(SshStoreAddress.parse("ssh://castr-box" + root), DIGEST, o)) {
            assertThat(s.put(id, d, Compression.NONE)).isTrue();
            assertThat(s.get(id)).isEqualTo(d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa", "rsa"})
    void otherDefaultIdentityFilesLogIn(String type) throws IOException {
        Path ssh = sshd.home().resolve(".ssh");
        Files.delete(ssh.resolve("id_ed25519"));
        Sshd.keygen(ssh.resolve("id_" + type), type);
        Files.copy(ssh.resolve("id_" + type + ".pub"), sshd.authorizedKeys(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] d = data(7, 3_000);
        ChunkId id = DIGEST.of(d);
        try (SftpChunkStore s = store(options())) {
            assertThat(s.put(id, d, Compression.NONE)).isTrue();
            assertThat(s.get(id)).isEqualTo(d);
        }
    }

    @Test
    void aRefusedLoginIsOneErrorNamingUserHostAndKeys() throws IOException {
        Files.writeString(sshd.authorizedKeys(), "");
        try (SftpChunkStore s = store(options())) {
            assertThatThrownBy(() -> s.has(DIGEST.of(new byte[1])))
                    .hasMessage("store " + sshd.url(root) + ": root@127.0.0.1:" + sshd.port() + " refused the login (offered "
                            + sshd.home().resolve(".ssh/id_ed25519") + ")");
        }
    }

    @Test
    void hashedKnownHostsEntriesAreHonoured() throws IOException {
        Path knownHosts = sshd.home().resolve(".ssh/known_hosts");
        Run.ok("ssh-keygen", "-q", "-H", "-f", knownHosts.toString());
        assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");
        try (SftpChunkStore s = store(options())) {
            assertThat(s.has(DIGEST.of(new byte[1]))).isFalse();
        }
    }

    @Test
    void encryptedKeyWorksThroughSshAgentAndIsAClearErrorWithoutOne() throws Exception {
        Prereqs.requireTool("ssh-agent");
        Path ssh = sshd.home().resolve(".ssh");
        Sshd.keygen(ssh.resolve("id_ed25519"), "ed25519", "a passphrase");
        Files.copy(ssh.resolve("id_ed25519.pub"), sshd.authorizedKeys(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        try (SftpChunkStore s = store(options())) {
            assertThatThrownBy(() -> s.has(DIGEST.of(new byte[1])))
                    .hasMessage("store " + sshd.url(root) + ": " + ssh.resolve("id_ed25519")
                            + " is encrypted and no ssh-agent is available (SSH_AUTH_SOCK is not set); start one and ssh-add the key");
        }

        Path sock = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("agent.log").toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(sock); i++) {
                Thread.sleep(50);
            }
            // ssh-add reads the passphrase from SSH_ASKPASS when it has no terminal
            Path askpass = tmp.resolve("askpass");
            Files.writeString(askpass, "#!/bin/sh\necho 'a passphrase'\n");
            askpass.toFile().setExecutable(true);
            ProcessBuilder add = new ProcessBuilder("setsid", "-w", "ssh-add", ssh.resolve("id_ed25519").toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", sock.toString());
            add.environment().put("SSH_ASKPASS", askpass.toString());
            add.environment().put("SSH_ASKPASS_REQUIRE", "force");
            add.environment().put("DISPLAY", ":0");
            add.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = add.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(Run.cmd("sh", "-c", "SSH_AUTH_SOCK=" + sock + " ssh-add -l").out()).contains("paddock-test");

            byte[] d = data(6, 2_000);
            ChunkId id = DIGEST.of(d);
            try (SftpChunkStore s = store(options().withAgentSocket(sock.toString()))) {
                assertThat(s.put(id, d, Compression.NONE)).isTrue();
                assertThat(s.get(id)).isEqualTo(d);
            }
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    @Test
    void addressesParseLikeSshUrls() {
        assertThat(SshStoreAddress.parse("ssh://alice@host.example:2222/srv/castr/"))
                .isEqualTo(new SshStoreAddress("ssh://alice@host.example:2222/srv/castr/", "alice", "host.example", 2222, "/srv/castr"));
        assertThat(SshStoreAddress.parse("sftp://host/~/castr").path()).isEqualTo("castr");
        assertThat(SshStoreAddress.parse("sftp://[::1]/x").host()).isEqualTo("::1");
        assertThat(SshStoreAddress.parse("sftp://host/x").user()).isNull();
        assertThatThrownBy(() -> SshStoreAddress.parse("sftp://host")).hasMessage("store sftp://host: no store directory after the host");
        assertThatThrownBy(() -> SshStoreAddress.parse("sftp:///x")).hasMessageContaining("no host");
    }
}
