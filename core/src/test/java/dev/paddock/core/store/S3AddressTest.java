package dev.paddock.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

class S3AddressTest {
    private static final ChunkId ID = ChunkId.parse("d75219cd6cbed7a55b9a8bcd06b3ffab988fdaba5c6058b017ebe8bb8f08278f");

    @Test
    void s3UrlIsBucketAndPrefixOnAwsOrTheGivenEndpoint() {
        S3Address aws = S3Address.parse("s3://my-bucket/stores/a.castr/", null);
        assertThat(aws).isEqualTo(new S3Address(null, "my-bucket", "stores/a.castr", false));
        assertThat(aws.key(ID, true)).isEqualTo("stores/a.castr/d752/" + ID.hex() + ".cacnk");
        assertThat(aws.key(ID, false)).isEqualTo("stores/a.castr/d752/" + ID.hex());

        S3Address custom = S3Address.parse("s3://my-bucket", URI.create("http://127.0.0.1:9000"));
        assertThat(custom).isEqualTo(new S3Address(URI.create("http://127.0.0.1:9000"), "my-bucket", "", true));
        assertThat(custom.key(ID, true)).isEqualTo("d752/" + ID.hex() + ".cacnk");
    }

    @Test
    void desyncsFormTakesTheEndpointFromTheUrl() {
        assertThat(S3Address.parse("s3+http://127.0.0.1:9000/bkt/x/y", URI.create("http://ignored:1")))
                .isEqualTo(new S3Address(URI.create("http://127.0.0.1:9000"), "bkt", "x/y", true));
        assertThat(S3Address.parse("s3+https://s3.example.org/bkt?lookup=dns", null))
                .isEqualTo(new S3Address(URI.create("https://s3.example.org"), "bkt", "", false));
        assertThat(S3Address.parse("S3+HTTPS://s3.example.org/bkt/p?lookup=path", null).pathStyle()).isTrue();
    }

    @Test
    void badUrlsAreRefusedNamingTheStore() {
        assertThatThrownBy(() -> S3Address.parse("s3:///prefix", null)).hasMessage("store s3:///prefix: no bucket (use s3://BUCKET/PREFIX)");
        assertThatThrownBy(() -> S3Address.parse("s3+http://host:9000/", null)).hasMessageContaining("no host or bucket");
        assertThatThrownBy(() -> S3Address.parse("s3+http://host/b?region=x", null)).hasMessageContaining("unknown parameter region=x");
        assertThatThrownBy(() -> S3Address.parse("s3+http://host/b?lookup=v", null)).hasMessageContaining("lookup=v");
    }
}
