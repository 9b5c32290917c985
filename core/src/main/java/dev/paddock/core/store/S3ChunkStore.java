package dev.paddock.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A casync store in an S3 bucket: objects {@code <prefix>/<4 hex>/<64 hex>.cacnk} (suffix-less when
 * uncompressed), the layout casync and desync use, so desync reads what paddock writes.
 *
 * <p>Every chunk read is decompressed and hashed ({@link CorruptChunkException} if wrong); an absent
 * key is a {@link MissingChunkException}. Requests go through the SDK's standard retry strategy
 * (bounded attempts, exponential backoff with jitter) and per-attempt and per-call timeouts, so a
 * dead server ends in one error naming the store and key. PutObject is atomic: a reader sees the
 * whole object or none. Credentials come from the SDK's default provider chain (environment,
 * profiles, container and instance roles); the region from {@code AWS_REGION} or the profile, else
 * us-east-1 (with cross-region access on AWS, and ignored by most S3-compatible servers).
 *
 * <p>Only this class touches the SDK, so its classes load only when an S3 store is opened.
 */
public final class S3ChunkStore implements ChunkStore {
    private final String location;
    private final String base;
    private final S3Address address;
    private final S3Client client;
    private final ChunkVerifier verifier;
    private final Pattern keys;

    private S3ChunkStore(String location, S3Address address, S3Client client, ChunkDigest digest) {
        this.location = location;
        this.base = location.endsWith("/") ? location : location + "/";
        this.address = address;
        this.client = client;
        this.verifier = new ChunkVerifier(digest);
        this.keys = Pattern.compile(Pattern.quote(address.keyPrefix()) + "[0-9a-f]{4}/([0-9a-f]{64})(\\.cacnk)?");
    }

    /** Opens the store {@code url} ({@code s3://} or {@code s3+http(s)://}); nothing is sent yet. */
    public static ChunkStore open(String url, ChunkDigest digest, S3Settings settings) {
        S3Address address = S3Address.parse(url, settings.endpoint());
        return new S3ChunkStore(url, address, client(address, settings), digest);
    }

    private static S3Client client(S3Address a, S3Settings s) {
        Duration callTimeout = s.attemptTimeout().multipliedBy(s.attempts()).plusSeconds(30);
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(s.connections())
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(s.attemptTimeout()))
                .region(region())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(a.pathStyle())
                // Chunks are verified by their own digest; trailing checksums only break older
                // S3-compatible servers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(s.attempts()).build())
                        .apiCallAttemptTimeout(s.attemptTimeout())
                        .apiCallTimeout(callTimeout));
        if (a.endpoint() != null) {
            b.endpointOverride(a.endpoint());
        } else {
            b.crossRegionAccessEnabled(true);
        }
        return b.build();
    }

    /** The region from the environment, system properties or profile; never instance metadata. */
    private static Region region() {
        try {
            return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider()).getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public boolean has(ChunkId id) throws IOException {
        return head(address.key(id, true)) >= 0 || head(address.key(id, false)) >= 0;
    }

    @Override
    public long storedSize(ChunkId id) throws IOException {
        long total = -1;
        for (boolean compressed : new boolean[] {true, false}) {
            long size = head(address.key(id, compressed));
            if (size >= 0) {
                total = Math.max(total, 0) + size;
            }
        }
        return total;
    }

    @Override
    public byte[] get(ChunkId id, int expectedSize) throws IOException {
        for (boolean compressed : new boolean[] {true, false}) {
            String key = address.key(id, compressed);
            byte[] stored;
            try {
                stored = client.getObjectAsBytes(r -> r.bucket(address.bucket()).key(key)).asByteArrayUnsafe();
            } catch (NoSuchKeyException e) {
                continue;
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
                    continue;
                }
                throw failure("GET", key, e);
            } catch (SdkException e) {
                throw failure("GET", key, e);
            }
            return verifier.verify(id, stored, compressed, expectedSize, base + key.substring(address.keyPrefix().length()));
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
        String key = address.key(id, compression != Compression.NONE);
        try {
            client.putObject(r -> r.bucket(address.bucket()).key(key), RequestBody.fromBytes(stored));
        } catch (SdkException e) {
            throw failure("PUT", key, e);
        }
        return true;
    }

    @Override
    public long delete(ChunkId id) throws IOException {
        long freed = -1;
        for (boolean compressed : new boolean[] {true, false}) {
            String key = address.key(id, compressed);
            long size = head(key);
            if (size < 0) {
                continue;
            }
            try {
                client.deleteObject(r -> r.bucket(address.bucket()).key(key));
            } catch (SdkException e) {
                throw failure("DELETE", key, e);
            }
            freed = Math.max(freed, 0) + size;
        }
        return freed;
    }

    /**
     * Every chunk under the prefix, page by page (ListObjectsV2). The first page is fetched here so
     * that a missing bucket or bad credentials fail the call; a later page failing ends the stream
     * with an {@link UncheckedIOException}.
     */
    @Override
    public Stream<ChunkId> list() throws IOException {
        Iterator<ListObjectsV2Response> pages;
        ListObjectsV2Response first;
        try {
            pages = client.listObjectsV2Paginator(r -> r.bucket(address.bucket()).prefix(address.keyPrefix())).iterator();
            first = pages.next();
        } catch (SdkException e) {
            throw failure("LIST", address.keyPrefix(), e);
        }
        Iterator<ListObjectsV2Response> all = new Iterator<>() {
            ListObjectsV2Response pending = first;

            @Override
            public boolean hasNext() {
                try {
                    return pending != null || pages.hasNext();
                } catch (SdkException e) {
                    throw new UncheckedIOException(failure("LIST", address.keyPrefix(), e));
                }
            }

            @Override
            public ListObjectsV2Response next() {
                if (pending != null) {
                    ListObjectsV2Response p = pending;
                    pending = null;
                    return p;
                }
                try {
                    return pages.next();
                } catch (SdkException e) {
                    throw new UncheckedIOException(failure("LIST", address.keyPrefix(), e));
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(all, Spliterator.ORDERED), false)
                .flatMap(page -> page.contents().stream())
                .map(S3Object::key)
                .map(keys::matcher)
                .filter(Matcher::matches)
                .map(m -> ChunkId.parse(m.group(1)))
                .distinct();
    }

    @Override
    public void close() {
        client.close();
    }

    /** The object's size, or -1 if there is none. */
    private long head(String key) throws IOException {
        try {
            return client.headObject(r -> r.bucket(address.bucket()).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            return -1;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return -1;
            }
            throw failure("HEAD", key, e);
        } catch (SdkException e) {
            throw failure("HEAD", key, e);
        }
    }

    private IOException failure(String op, String key, SdkException e) {
        return new IOException("store " + location + ": " + op + " s3://" + address.bucket() + "/" + key + ": " + reason(e), e);
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** One line: the server's status and error code, or the client's reason (refused, timed out, no credentials). */
    static String reason(SdkException e) {
        if (e instanceof S3Exception s) {
            String code = code(s);
            String message = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
            return "HTTP " + s.statusCode() + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message)
                    + (s.statusCode() == 403 ? " (check the AWS credentials)" : "");
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.startsWith("Unable to load credentials")) {
            return "no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)";
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof java.net.UnknownHostException) {
                return "unknown host " + c.getMessage();
            }
        }
        return m.lines().findFirst().orElse(m).strip();
    }
}
