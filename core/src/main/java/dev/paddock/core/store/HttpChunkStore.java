package dev.paddock.core.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A casync store served over HTTP(S): chunks at {@code <base>/<4 hex>/<64 hex>.cacnk} (or without
 * the suffix when uncompressed), as {@code casync --store=http://...} reads them.
 *
 * <p>Every chunk read is decompressed and hashed, so a server (or proxy) handing out wrong bytes is
 * caught as a {@link CorruptChunkException}; 404 is a {@link MissingChunkException}. Transient
 * failures (connection refused or reset, timeouts, 5xx) are retried a bounded number of times with
 * exponential backoff, then reported naming the URL.
 *
 * <p>Writes are a plain PUT of the whole chunk to its final name. That is atomic only if the server
 * makes it so; nginx's dav module does (it receives the body into a temporary file and renames it
 * into place), as does any server storing uploads that way. A server that exposes partial uploads
 * is not a safe push target. Listing is not possible over plain HTTP, so gc and whole-store verify
 * need a local store or a list of images.
 */
public final class HttpChunkStore implements ChunkStore {
    /** How transfers behave; retries count attempts after the first. */
    public record Options(int retries, Duration backoff, Duration connectTimeout, Duration requestTimeout) {
        public static Options defaults() {
            return new Options(4, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(60));
        }
    }

    private final URI base;
    private final String location;
    private final Options options;
    private final HttpClient client;
    private final ChunkVerifier verifier;

    public HttpChunkStore(String url, ChunkDigest digest, Options options) {
        this.location = url;
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.options = options;
        this.verifier = new ChunkVerifier(digest);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public String location() {
        return location;
    }

    public URI uriOf(ChunkId id, boolean compressed) {
        String hex = id.hex();
        return base.resolve(hex.substring(0, 4) + "/" + hex + (compressed ? LocalChunkStore.SUFFIX : ""));
    }

    @Override
    public boolean has(ChunkId id) throws IOException {
        return storedSize(id) >= 0;
    }

    @Override
    public long storedSize(ChunkId id) throws IOException {
        for (boolean compressed : new boolean[] {true, false}) {
            HttpResponse<Void> r = send(HttpRequest.newBuilder(uriOf(id, compressed)).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                return r.headers().firstValueAsLong("Content-Length").orElse(0);
            }
            if (r.statusCode() != 404) {
                throw status(r);
            }
        }
        return -1;
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        for (boolean compressed : new boolean[] {true, false}) {
            URI uri = uriOf(id, compressed);
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 404) {
                continue;
            }
            if (r.statusCode() != 200) {
                throw status(r);
            }
            return verifier.verify(id, r.body(), compressed, expectedSize, uri.toString());
        }
        throw new MissingChunkException(id, location);
    }

    @Override
    public boolean put(ChunkId id, byte[] stored, Compression compression) throws IOException {
        return !has(id) && upload(id, stored, compression);
    }

    /** Skips the HEAD request that {@link #put} makes first: a round trip per new chunk. */
    @Override
    public boolean putAbsent(ChunkId id, ByteBuffer stored, Compression compression) throws IOException {
        return upload(id, Buffers.drain(stored), compression);
    }

    private boolean upload(ChunkId id, byte[] stored, Compression compression) throws IOException {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(uriOf(id, compression != Compression.NONE))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(stored)), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 201 && r.statusCode() != 204 && r.statusCode() != 200) {
            throw status(r);
        }
        return true;
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        long freed = -1;
        for (boolean compressed : new boolean[] {true, false}) {
            URI uri = uriOf(id, compressed);
            HttpResponse<Void> head = send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                    HttpResponse.BodyHandlers.discarding());
            if (head.statusCode() == 404) {
                continue;
            }
            if (head.statusCode() != 200) {
                throw status(head);
            }
            HttpResponse<Void> r = send(HttpRequest.newBuilder(uri).DELETE(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 404) {
                continue;
            }
            if (r.statusCode() / 100 != 2) {
                throw status(r);
            }
            freed = Math.max(freed, 0) + head.headers().firstValueAsLong("Content-Length").orElse(0);
        }
        return freed;
    }

    @Override
    public Stream<ChunkId> list() throws IOException {
        throw new IOException("store " + location + ": an HTTP store cannot list its chunks (give the images to check, or use a local store)");
    }

    private IOException status(HttpResponse<?> r) {
        return new IOException("store " + location + ": " + r.request().method() + " " + r.uri() + ": HTTP " + r.statusCode());
    }

    /** Sends with bounded retries on transient failures: I/O errors, timeouts and 5xx answers. */
    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) throws IOException {
        HttpRequest req = request.timeout(options.requestTimeout()).build();
        IOException last = null;
        RetryBackoff backoff = new RetryBackoff(options.backoff());
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                backoff.pause("interrupted while retrying " + req.uri());
            }
            try {
                HttpResponse<T> r = client.send(req, body);
                if (r.statusCode() / 100 != 5) {
                    return r;
                }
                last = status(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during " + req.method() + " " + req.uri());
            } catch (IOException e) {
                last = e;
            }
        }
        String reason = last.getMessage() == null || last.getMessage().isBlank() ? last.getClass().getSimpleName() : last.getMessage();
        throw new IOException("store " + location + ": " + req.method() + " " + req.uri() + " failed after "
                + (options.retries() + 1) + " attempts: " + reason, last);
    }
}
