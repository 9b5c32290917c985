package dev.paddock.core.image.make;

import java.io.IOException;

/**
 * Computes a chunk's make-cache description (lookup key and stretch digest) from whatever the chunker
 * holds of the stream, so that the run that records an entry and the run that looks it up describe
 * the same stretch the same way however their pieces were cut.
 */
final class ChunkDescriber {
    /** The chunker's view of the stream: feeds {@code [from, to)} into the digest piece by piece. */
    interface Segments {
        /** Returns false, feeding nothing useful, if a file in the range is too recent to trust (racy). */
        boolean feed(StretchDigest digest, long from, long to) throws IOException;
    }

    private final StretchDigest digest = new StretchDigest();
    private final int lookupBytes;
    private final long racyFrom;

    /**
     * @param racyFromSec files whose ctime or mtime is at or after this second may still change within
     *                    the timestamp granularity, so chunks holding them are not recorded or trusted
     */
    ChunkDescriber(int lookupBytes, long racyFromSec) {
        this.lookupBytes = lookupBytes;
        this.racyFrom = racyFromSec;
    }

    int lookupBytes() {
        return lookupBytes;
    }

    boolean racy(FileKey key) {
        return key.ctimeSec() >= racyFrom || key.mtimeSec() >= racyFrom;
    }

    /** The lookup key of a chunk starting at {@code at}; the stream must hold {@link #lookupBytes()} from there. */
    long lookup(Segments s, long at) throws IOException {
        if (!s.feed(digest, at, at + lookupBytes)) {
            digest.finish();
            return 0;
        }
        byte[] d = digest.finish();
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (d[i] & 0xff);
        }
        return v;
    }

    /** The stretch digest of {@code [from, to)}, or null when it holds a racy file. */
    byte[] stretch(Segments s, long from, long to) throws IOException {
        boolean trusted = s.feed(digest, from, to);
        byte[] d = digest.finish();
        return trusted ? d : null;
    }
}
