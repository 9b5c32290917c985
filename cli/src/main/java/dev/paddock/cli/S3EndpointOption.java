package dev.paddock.cli;

import java.net.URI;
import java.net.URISyntaxException;

import dev.paddock.core.store.S3Settings;
import picocli.CommandLine.Option;

/** {@code --s3-endpoint}, for every command that takes stores. */
final class S3EndpointOption {
    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = {"S3-compatible server (http[s]://HOST[:PORT]) for s3://BUCKET/PREFIX stores, addressed path-style.",
                    "Credentials and region come from the usual AWS environment and files (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_REGION, ~/.aws)."})
    String endpoint;

    /** The settings for S3 stores, with a connection pool as large as the transfers run at once. */
    S3Settings settings(int connections) {
        S3Settings s = S3Settings.defaults().withConnections(Math.max(1, connections));
        if (endpoint == null) {
            return s;
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--s3-endpoint " + endpoint + ": " + e.getReason());
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("--s3-endpoint " + endpoint + ": not an http:// or https:// URL with a host");
        }
        return s.withEndpoint(uri);
    }
}
