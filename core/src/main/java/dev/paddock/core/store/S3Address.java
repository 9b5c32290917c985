package dev.paddock.core.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where an S3 store's objects are: {@code s3://bucket/prefix} (AWS, or the {@code --s3-endpoint}
 * server), or desync's {@code s3+http(s)://host:port/bucket/prefix}, whose endpoint is the URL's
 * host. Custom endpoints use path-style addressing (as S3-compatible servers expect) unless the URL
 * asks for {@code ?lookup=dns}, as desync's does.
 *
 * @param endpoint the server, or null for AWS's own endpoints
 * @param prefix the key prefix without leading or trailing slash ("" for the bucket's root)
 */
record S3Address(URI endpoint, String bucket, String prefix, boolean pathStyle) {
    static S3Address parse(String text, URI endpointOption) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("store " + text + ": not a valid S3 URL: " + e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getPath() == null ? "" : trimSlashes(uri.getPath());
        boolean pathStyle = lookup(text, uri.getQuery());
        if (scheme.equals("s3")) {
            String bucket = uri.getAuthority();
            if (bucket == null || bucket.isEmpty()) {
                throw new IllegalArgumentException("store " + text + ": no bucket (use s3://BUCKET/PREFIX)");
            }
            return new S3Address(endpointOption, bucket, path, endpointOption != null && pathStyle);
        }
        if (uri.getAuthority() == null || path.isEmpty()) {
            throw new IllegalArgumentException("store " + text + ": no host or bucket (use " + scheme + "://HOST[:PORT]/BUCKET/PREFIX)");
        }
        int slash = path.indexOf('/');
        URI endpoint = URI.create(scheme.substring("s3+".length()) + "://" + uri.getRawAuthority());
        return new S3Address(endpoint, slash < 0 ? path : path.substring(0, slash), slash < 0 ? "" : path.substring(slash + 1), pathStyle);
    }

    /** desync's {@code lookup} query parameter: path (the default here), dns or auto. */
    private static boolean lookup(String text, String query) {
        if (query == null || query.isEmpty()) {
            return true;
        }
        for (String param : query.split("&")) {
            String value = param.startsWith("lookup=") ? param.substring("lookup=".length()) : null;
            if (value == null) {
                throw new IllegalArgumentException("store " + text + ": unknown parameter " + param + " (only lookup=path|dns|auto)");
            }
            switch (value) {
                case "path", "auto":
                    break;
                case "dns":
                    return false;
                default:
                    throw new IllegalArgumentException("store " + text + ": lookup=" + value + " (use path, dns or auto)");
            }
        }
        return true;
    }

    private static String trimSlashes(String s) {
        int from = 0, to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }

    /** The object key of a chunk: {@code <prefix>/<4 hex>/<64 hex>[.cacnk]}, casync's layout. */
    String key(ChunkId id, boolean compressed) {
        String hex = id.hex();
        return keyPrefix() + hex.substring(0, 4) + "/" + hex + (compressed ? LocalChunkStore.SUFFIX : "");
    }

    /** The prefix every chunk key starts with: "" or {@code prefix/}. */
    String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }
}
