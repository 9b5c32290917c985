package dev.paddock.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server (s3proxy with its filesystem backend) on 127.0.0.1 at a free port, run as its own
 * {@code java -jar} process; objects live under {@code work/data}. Requests must be signed (v2 or
 * v4) with the identity and credential given. The jar is copied by the cli build; its path comes
 * in the {@code paddock.s3proxy.jar} system property.
 */
public final class S3Proxy implements AutoCloseable {
    private final Path work;
    private final int port;
    private final String identity;
    private final String credential;
    private Process process;
    private S3Client admin;

    private S3Proxy(Path work, int port, String identity, String credential) {
        this.work = work;
        this.port = port;
        this.identity = identity;
        this.credential = credential;
    }

    public static S3Proxy start(Path work, String identity, String credential) throws IOException {
        Files.createDirectories(work.resolve("data"));
        int port = ServerProcess.freePort();
        S3Proxy p = new S3Proxy(work, port, identity, credential);
        Files.writeString(work.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=" + p.endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + identity,
                "s3proxy.credential=" + credential,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + work.resolve("data"),
                ""));
        p.start();
        return p;
    }

    private static Path jar() throws IOException {
        String jar = System.getProperty("paddock.s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IOException("s3proxy jar not found (" + jar + "): the cli module's build copies it to target/s3proxy");
        }
        return Path.of(jar);
    }

    /** Starts (or restarts, with the same port and objects) and waits until it answers S3 requests. */
    public void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(),
                "--properties", work.resolve("s3proxy.properties").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("s3proxy.log").toFile()));
        pb.environment().put("LOG_LEVEL", "warn");
        process = ServerProcess.start("s3proxy", pb, work.resolve("s3proxy.log"), () -> ServerProcess.accepts(port) && answers(),
                Duration.ofSeconds(60), Duration.ofMillis(100));
    }

    private boolean answers() {
        try {
            client().listBuckets();
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of its own, signed with the server's identity, for setting up and inspecting objects. */
    public synchronized S3Client client() {
        if (admin == null) {
            admin = S3Client.builder()
                    .httpClient(Apache5HttpClient.create())
                    .endpointOverride(URI.create(endpoint()))
                    .forcePathStyle(true)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(identity, credential)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                    .build();
        }
        return admin;
    }

    public void createBucket(String bucket) {
        client().createBucket(b -> b.bucket(bucket));
    }

    /** Every key under {@code prefix}, sorted. */
    public List<String> keys(String bucket, String prefix) {
        return client().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    public byte[] read(String bucket, String key) {
        return client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    public void write(String bucket, String key, byte[] data) {
        client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }

    public void delete(String bucket, String key) {
        client().deleteObject(r -> r.bucket(bucket).key(key));
    }

    /** Kills the server as a crash would. */
    public void stop() {
        ServerProcess.kill(process);
        process = null;
    }

    @Override
    public synchronized void close() {
        stop();
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
