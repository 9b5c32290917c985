package dev.paddock.core.image.catar;

/**
 * How archive owners become on-disk owners during extraction (e.g. an --uid-shift). Returning a negative
 * value rejects the id; the extraction then fails naming the node. Kept local so the catar code does not
 * depend on the shift package; an IdShift adapts with two method references.
 */
public interface OwnerMapping {
    long uid(long archiveUid);

    long gid(long archiveGid);

    OwnerMapping IDENTITY = new OwnerMapping() {
        @Override
        public long uid(long u) {
            return u;
        }

        @Override
        public long gid(long g) {
            return g;
        }
    };

    /** Adds {@code offset} to every id below {@code range} and rejects the rest. */
    static OwnerMapping shift(long offset, long range) {
        return new OwnerMapping() {
            @Override
            public long uid(long u) {
                return u < range ? u + offset : -1;
            }

            @Override
            public long gid(long g) {
                return g < range ? g + offset : -1;
            }
        };
    }
}
