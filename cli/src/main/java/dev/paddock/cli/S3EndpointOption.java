package dev.paddock.cli;

import java.net.URI;
import java.net.URISyntaxException;

import dev.paddock.core.store.S3Settings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --s3-endpoint}, for every command that takes stores: a picocli mixin for the annotated
 * commands, and {@link #addTo}/{@link #from} for the ones declared programmatically. Both take the
 * option's text from the constants here.
 */
final class S3EndpointOption {
    static final String NAME = "--s3-endpoint";
    static final String LABEL = "URL";
    static final String DESCRIPTION_1 = "S3-compatible server (http[s]://HOST[:PORT]) for s3://BUCKET/PREFIX stores, addressed path-style.";
    static final String DESCRIPTION_2 = "Credentials and region come from the usual AWS environment and files"
            + " (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_REGION, ~/.aws).";

    @Option(names = NAME, paramLabel = LABEL, description = {DESCRIPTION_1, DESCRIPTION_2})
    String endpoint;

    /** Declares the option on a programmatic command. */
    static void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder(NAME).paramLabel(LABEL).type(String.class)
                .description(DESCRIPTION_1, DESCRIPTION_2).build());
    }

    /** The option's value as {@code spec} parsed it. */
    static S3EndpointOption from(CommandSpec spec) {
        S3EndpointOption o = new S3EndpointOption();
        o.endpoint = Specs.value(spec, NAME);
        return o;
    }

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
