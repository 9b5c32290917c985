package dev.paddock.core.store.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import dev.paddock.core.store.ChunkDigest;
import dev.paddock.core.store.ChunkId;
import dev.paddock.core.store.ChunkStore;
import dev.paddock.core.store.ChunkVerifier;
import dev.paddock.core.store.Compression;
import dev.paddock.core.store.LocalChunkStore;
import dev.paddock.core.store.MissingChunkException;
import dev.paddock.core.store.Parallel;
import dev.paddock.core.store.RetryBackoff;
import dev.paddock.core.store.StoreInventory;
import dev.paddock.core.store.TempSweep;

/**
 * A casync directory store on an SSH server, read and written over SFTP, so the server needs only
 * sshd: {@code <path>/<4 hex>/<64 hex>.cacnk} (suffix-less when uncompressed), as
 * {@link LocalChunkStore} lays it out.
 *
 * <p>One SSH connection carries a few SFTP channels, each taking requests from several threads at once
 * (SFTP pipelines them), so callers' parallelism ({@code --concurrency}) reaches the server. A failure
 * that is not an SFTP status (connection dropped, reset, refused, timed out) drops the connection
 * and the operation is retried on a new one with exponential backoff; host-key and login failures are
 * not retried. Writes go to a hidden temporary name in the chunk's directory and are renamed into
 * place (with {@code posix-rename@openssh.com} when the server offers it), so a partial chunk is never
 * visible under a chunk name.
 */
public final class SftpChunkStore implements ChunkStore {

    private final SshStoreAddress address;
    private final SshOptions options;
    private final ChunkVerifier verifier;
    private SshConnector connector;
    private Connection current;
    private boolean closed;

    /** The live connection; {@code next} spreads the threads over its channels. */
    private record Connection(ClientSession session, List<SftpClient> channels, boolean posixRename, AtomicInteger next) {
        SftpClient channel() {
            return channels.get(Math.floorMod(next.getAndIncrement(), channels.size()));
        }

        void close() {
            for (SftpClient c : channels) {
                try {
                    c.close();
                } catch (IOException e) {
                    // the session is going anyway
                }
            }
            session.close(true);
        }
    }

    @FunctionalInterface
    private interface Op<T> {
        T run(SftpClient sftp, Connection c) throws IOException;
    }

    /** Nothing is connected until the first operation, so naming a store costs nothing. */
    public SftpChunkStore(SshStoreAddress address, ChunkDigest digest, SshOptions options) {
        this.address = address;
        this.options = options;
        this.verifier = new ChunkVerifier(digest);
    }

    @Override
    public String location() {
        return address.text();
    }

    private String dirOf(ChunkId id) {
        return address.path() + "/" + id.hex().substring(0, 4);
    }

    private String pathOf(ChunkId id, boolean compressed) {
        return dirOf(id) + "/" + id.hex() + (compressed ? LocalChunkStore.SUFFIX : "");
    }

    private static boolean isStatus(IOException e, int status) {
        return e instanceof SftpException s && s.getStatus() == status;
    }

    private static boolean missing(IOException e) {
        return isStatus(e, SftpConstants.SSH_FX_NO_SUCH_FILE);
    }

    @Override
    public boolean has(ChunkId id) throws IOException {
        return storedSize(id) >= 0;
    }

    @Override
    public long storedSize(ChunkId id) throws IOException {
        return call("stat " + dirOf(id) + "/" + id.hex(), (sftp, c) -> sizeOf(sftp, id));
    }

    private long sizeOf(SftpClient sftp, ChunkId id) throws IOException {
        long total = -1;
        for (boolean compressed : new boolean[] {true, false}) {
            try {
                total = Math.max(total, 0) + sftp.stat(pathOf(id, compressed)).getSize();
            } catch (SftpException e) {
                if (!missing(e)) {
                    throw e;
                }
            }
        }
        return total;
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        for (boolean compressed : new boolean[] {true, false}) {
            String path = pathOf(id, compressed);
            byte[] stored = call("read " + path, (sftp, c) -> {
                try (InputStream in = sftp.read(path)) {
                    return in.readAllBytes();
                } catch (SftpException e) {
                    if (missing(e)) {
                        return null;
                    }
                    throw e;
                }
            });
            if (stored != null) {
                return verifier.verify(id, stored, compressed, expectedSize, location() + ":" + path);
            }
        }
        throw new MissingChunkException(id, location());
    }

    @Override
    public boolean put(ChunkId id, byte[] stored, Compression compression) throws IOException {
        String target = pathOf(id, compression != Compression.NONE);
        return call("write " + target, (sftp, c) -> {
            if (sizeOf(sftp, id) >= 0) {
                return false;
            }
            String name = target.substring(target.lastIndexOf('/') + 1);
            String tmp = dirOf(id) + "/.#" + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
            try {
                upload(sftp, tmp, stored);
                return rename(sftp, c, tmp, target);
            } catch (IOException | RuntimeException e) {
                removeQuietly(sftp, tmp);
                throw e;
            }
        });
    }

    private void upload(SftpClient sftp, String tmp, byte[] stored) throws IOException {
        OutputStream out;
        try {
            out = sftp.write(tmp, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Exclusive);
        } catch (SftpException e) {
            if (!missing(e)) {
                throw e;
            }
            mkdirs(sftp, tmp.substring(0, tmp.lastIndexOf('/')));
            out = sftp.write(tmp, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Exclusive);
        }
        try (OutputStream o = out) {
            o.write(stored);
        }
    }

    /** Creates the prefix directory (and the store's own, the first time) as casync does: only when missing. */
    private void mkdirs(SftpClient sftp, String dir) throws IOException {
        List<String> missingDirs = new ArrayList<>();
        for (String d = dir; d != null; d = parentOf(d)) {
            try {
                sftp.stat(d);
                break;
            } catch (SftpException e) {
                if (!missing(e)) {
                    throw e;
                }
                missingDirs.add(0, d);
            }
        }
        for (String d : missingDirs) {
            try {
                sftp.mkdir(d);
            } catch (SftpException e) {
                // another writer may have made it meanwhile
                try {
                    sftp.stat(d);
                } catch (SftpException again) {
                    throw e;
                }
            }
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? null : path.substring(0, slash);
    }

    /** @return whether this rename put the chunk there (false: another writer was first) */
    private static boolean rename(SftpClient sftp, Connection c, String tmp, String target) throws IOException {
        if (c.posixRename()) {
            // rename(2): atomic, replacing a copy another writer made meanwhile (same bytes)
            sftp.getExtension(OpenSSHPosixRenameExtension.class).posixRename(tmp, target);
            return true;
        }
        try {
            sftp.rename(tmp, target);
            return true;
        } catch (SftpException e) {
            // plain SFTP rename refuses an existing target: a concurrent writer stored the chunk first
            try {
                sftp.stat(target);
            } catch (SftpException notThere) {
                throw e;
            }
            removeQuietly(sftp, tmp);
            return false;
        }
    }

    private static void removeQuietly(SftpClient sftp, String path) {
        try {
            sftp.remove(path);
        } catch (IOException e) {
            // already gone, or the connection is; a leftover .# name is never read as a chunk
        }
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        return call("remove " + dirOf(id) + "/" + id.hex(), (sftp, c) -> {
            long freed = -1;
            for (boolean compressed : new boolean[] {true, false}) {
                String path = pathOf(id, compressed);
                try {
                    long size = sftp.stat(path).getSize();
                    sftp.remove(path);
                    freed = Math.max(freed, 0) + size;
                } catch (SftpException e) {
                    if (!missing(e)) {
                        throw e;
                    }
                }
            }
            return freed;
        });
    }

    @Override
    public Stream<ChunkId> list() throws IOException {
        return scan(null, false).ids();
    }

    @Override
    public TempSweep sweepTemporaries(Instant cutoff, boolean dryRun) throws IOException {
        return scan(cutoff, dryRun).temporaries();
    }

    /** One read of each prefix directory serves both halves of gc. */
    @Override
    public StoreInventory inventory(Instant tempCutoff, boolean dryRun) throws IOException {
        return scan(tempCutoff, dryRun);
    }

    /**
     * Reads every prefix directory once: the chunk ids (in prefix order) and, unless {@code cutoff} is
     * null, the temporaries older than it, removed unless {@code dryRun}.
     */
    private StoreInventory scan(Instant cutoff, boolean dryRun) throws IOException {
        Map<String, List<ChunkId>> byPrefix = new ConcurrentSkipListMap<>();
        AtomicReference<TempSweep> swept = new AtomicReference<>(TempSweep.NONE);
        Predicate<String> chunk = LocalChunkStore.CHUNK_FILE.asMatchPredicate();
        Predicate<String> wanted = cutoff == null ? chunk : chunk.or(TempSweep::isTemporary);
        eachPrefix((prefix, dir) -> {
            List<SftpClient.DirEntry> entries = call("list " + dir, (sftp, c) -> entries(sftp, dir, wanted));
            List<ChunkId> ids = new ArrayList<>();
            List<SftpClient.DirEntry> temporaries = new ArrayList<>();
            for (SftpClient.DirEntry e : entries) {
                String n = e.getFilename();
                if (!chunk.test(n)) {
                    temporaries.add(e);
                } else if (n.startsWith(prefix)) {
                    ids.add(ChunkId.parse(n.substring(0, 64)));
                }
            }
            ids.sort(null);
            byPrefix.put(prefix, ids);
            if (!temporaries.isEmpty()) {
                swept.accumulateAndGet(call("sweep " + dir, (sftp, c) -> sweep(sftp, dir, temporaries, cutoff, dryRun)),
                        TempSweep::plus);
            }
        });
        return new StoreInventory(byPrefix.values().stream().flatMap(List::stream).distinct(), swept.get());
    }

    /** Directory reads in flight at once: each is a few round trips, which SFTP pipelines. */
    private static final int LISTING_PARALLELISM = 16;

    @FunctionalInterface
    private interface PrefixVisit {
        void visit(String prefix, String dir) throws IOException;
    }

    /**
     * Hands every prefix directory of the store to {@code visit}, {@link #LISTING_PARALLELISM} at a time:
     * one after another, a store of 50k chunks (some 30k directories) cost 30k sequential round trips
     * of waiting per listing.
     */
    private void eachPrefix(PrefixVisit visit) throws IOException {
        List<String> prefixes = call("list " + address.path(), (sftp, c) -> names(sftp, address.path(), LocalChunkStore.PREFIX_DIR));
        Parallel.forEach(prefixes.iterator(), LISTING_PARALLELISM,
                () -> prefix -> visit.visit(prefix, address.path() + "/" + prefix));
    }

    private static TempSweep sweep(SftpClient sftp, String dir, List<SftpClient.DirEntry> temporaries, Instant cutoff,
                                   boolean dryRun) throws IOException {
        TempSweep found = TempSweep.NONE;
        for (SftpClient.DirEntry e : temporaries) {
            SftpClient.Attributes a = e.getAttributes();
            if (!a.isRegularFile() || a.getModifyTime() == null || !a.getModifyTime().toInstant().isBefore(cutoff)) {
                continue;
            }
            if (!dryRun) {
                try {
                    sftp.remove(dir + "/" + e.getFilename());
                } catch (SftpException x) {
                    if (missing(x)) {
                        continue; // its writer finished or gave up meanwhile
                    }
                    throw x;
                }
            }
            found = found.plusFile(a.getSize());
        }
        return found;
    }

    private static List<String> names(SftpClient sftp, String dir, Pattern pattern) throws IOException {
        List<String> out = new ArrayList<>();
        for (SftpClient.DirEntry e : entries(sftp, dir, pattern.asMatchPredicate())) {
            out.add(e.getFilename());
        }
        out.sort(null);
        return out;
    }

    /** The entries of {@code dir} whose names match; none if it does not exist. */
    private static List<SftpClient.DirEntry> entries(SftpClient sftp, String dir, Predicate<String> wanted) throws IOException {
        List<SftpClient.DirEntry> out = new ArrayList<>();
        try {
            for (SftpClient.DirEntry e : sftp.readDir(dir)) {
                if (wanted.test(e.getFilename())) {
                    out.add(e);
                }
            }
        } catch (SftpException e) {
            if (!missing(e)) {
                throw e;
            }
        } catch (java.io.UncheckedIOException e) {
            // the listing is lazy: its failures surface while iterating
            if (!missing(e.getCause())) {
                throw e.getCause();
            }
        }
        return out;
    }

    /** Runs {@code op}, reconnecting and retrying with backoff when the connection (not the server's answer) failed. */
    private <T> T call(String what, Op<T> op) throws IOException {
        IOException last = null;
        RetryBackoff backoff = new RetryBackoff(options.backoff());
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                backoff.pause("store " + location() + ": interrupted while retrying " + what);
            }
            Connection c;
            try {
                c = connection();
            } catch (SshConnector.FatalSshException e) {
                throw new IOException("store " + location() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                last = e;
                continue;
            }
            try {
                return op.run(c.channel(), c);
            } catch (SftpException e) {
                if (c.session().isOpen() && c.channels().stream().allMatch(SftpClient::isOpen)) {
                    throw new IOException("store " + location() + ": " + what + ": " + SshConnector.reason(e), e);
                }
                last = e;
                drop(c);
            } catch (IOException e) {
                last = e;
                drop(c);
            }
        }
        throw new IOException("store " + location() + ": " + what + " failed after " + (options.retries() + 1) + " attempts: "
                + SshConnector.reason(last), last);
    }

    private synchronized Connection connection() throws IOException {
        if (closed) {
            throw new SshConnector.FatalSshException("the store is closed", null);
        }
        if (current != null) {
            return current;
        }
        if (connector == null) {
            connector = new SshConnector(address, options);
        }
        ClientSession session = connector.open();
        List<SftpClient> channels = new ArrayList<>();
        try {
            for (int i = 0; i < Math.max(1, options.channels()); i++) {
                channels.add(SftpClientFactory.instance().createSftpClient(session));
            }
        } catch (IOException | RuntimeException e) {
            new Connection(session, channels, false, new AtomicInteger()).close();
            throw e;
        }
        boolean posix = channels.get(0).getExtension(OpenSSHPosixRenameExtension.class).isSupported();
        current = new Connection(session, List.copyOf(channels), posix, new AtomicInteger());
        return current;
    }

    private synchronized void drop(Connection c) {
        if (current == c) {
            current = null;
        }
        c.close();
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (current != null) {
            current.close();
            current = null;
        }
        if (connector != null) {
            connector.close();
            connector = null;
        }
    }
}
