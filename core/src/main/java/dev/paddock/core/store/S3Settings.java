package dev.paddock.core.store;

import java.net.URI;
import java.time.Duration;

/**
 * How S3 stores are reached, passed in by the caller (the CLI's {@code --s3-endpoint} and
 * concurrency); credentials and region come from the AWS SDK's usual environment and files.
 *
 * @param endpoint an S3-compatible server for {@code s3://} stores (then path-style addressing), or
 *     null for AWS itself; {@code s3+http(s)://host/bucket/prefix} names its own endpoint
 * @param connections the connection pool's size: as many as chunks are fetched at once
 * @param attempts tries per request (the SDK's standard retry strategy, with backoff)
 * @param attemptTimeout the longest one try may take
 */
public record S3Settings(URI endpoint, int connections, int attempts, Duration attemptTimeout) {
    public S3Settings {
        if (connections < 1 || attempts < 1) {
            throw new IllegalArgumentException("S3 connections and attempts must be at least 1");
        }
    }

    public static S3Settings defaults() {
        return new S3Settings(null, StoreCopier.DEFAULT_CONCURRENCY, 5, Duration.ofSeconds(60));
    }

    public S3Settings withEndpoint(URI e) {
        return new S3Settings(e, connections, attempts, attemptTimeout);
    }

    public S3Settings withConnections(int n) {
        return new S3Settings(endpoint, n, attempts, attemptTimeout);
    }

    public S3Settings withRetries(int tries, Duration timeout) {
        return new S3Settings(endpoint, connections, tries, timeout);
    }
}
