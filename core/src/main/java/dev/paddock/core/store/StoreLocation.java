package dev.paddock.core.store;

import java.nio.file.Path;

/** A parsed {@code --store} argument: a local directory, an http(s)://, ssh:// (sftp://) or s3:// URL. */
public record StoreLocation(Kind kind, String text) {
    public enum Kind { LOCAL, HTTP, SFTP, S3 }

    public boolean remote() {
        return kind != Kind.LOCAL;
    }

    public static StoreLocation parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty store location");
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new StoreLocation(Kind.HTTP, text);
        }
        if (lower.startsWith("sftp://") || lower.startsWith("ssh://")) {
            return new StoreLocation(Kind.SFTP, text);
        }
        if (lower.startsWith("s3://") || lower.startsWith("s3+http://") || lower.startsWith("s3+https://")) {
            return new StoreLocation(Kind.S3, text);
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("store " + text + ": unknown URL scheme");
        }
        return new StoreLocation(Kind.LOCAL, text);
    }

    /**
     * The store for an image when no {@code --store} is given: {@code $CASYNC_STORE} if set, else
     * {@code default.castr} beside the image, as casync does.
     */
    public static StoreLocation defaultFor(Path image, String casyncStoreEnv) {
        if (casyncStoreEnv != null && !casyncStoreEnv.isEmpty()) {
            return parse(casyncStoreEnv);
        }
        Path parent = image.toAbsolutePath().getParent();
        return new StoreLocation(Kind.LOCAL, parent.resolve("default.castr").toString());
    }

    /** Opens one store, or a {@link ChainStore} over several in the order given. */
    public static ChunkStore open(java.util.List<StoreLocation> locations, ChunkDigest digest) throws java.io.IOException {
        return open(locations, digest, S3Settings.defaults());
    }

    /** The same, with the settings S3 stores need. */
    public static ChunkStore open(java.util.List<StoreLocation> locations, ChunkDigest digest, S3Settings s3) throws java.io.IOException {
        if (locations.size() == 1) {
            return locations.get(0).open(digest, s3);
        }
        java.util.List<ChunkStore> opened = new java.util.ArrayList<>();
        try {
            for (StoreLocation l : locations) {
                opened.add(l.open(digest, s3));
            }
        } catch (RuntimeException e) {
            for (ChunkStore s : opened) {
                s.close();
            }
            throw e;
        }
        return new ChainStore(opened);
    }

    public ChunkStore open(ChunkDigest digest) {
        return open(digest, S3Settings.defaults());
    }

    /** Opens the store; {@code s3} configures s3:// stores and is ignored by the others. */
    public ChunkStore open(ChunkDigest digest, S3Settings s3) {
        if (kind == Kind.HTTP) {
            return new HttpChunkStore(text, digest, HttpChunkStore.Options.defaults());
        }
        if (kind == Kind.SFTP) {
            return SftpStores.open(text, digest);
        }
        if (kind == Kind.S3) {
            return S3ChunkStore.open(text, digest, s3);
        }
        return new LocalChunkStore(Path.of(text), digest);
    }
}
