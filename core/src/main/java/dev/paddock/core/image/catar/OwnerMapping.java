package dev.paddock.core.image.catar;

import dev.paddock.core.shift.IdShift;

/**
 * How archive owners become on-disk owners during extraction (e.g. an --uid-shift). Returning a negative
 * value rejects the id; the extraction then fails naming the node. {@link #of(IdShift)} adapts the project's
 * shift rule.
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

    /**
     * Extraction through the project's one shift rule: archive ids must lie in the shift's source window and
     * land in its target window; anything else is rejected (an archive for a shifted container holds
     * unshifted ids only).
     */
    static OwnerMapping of(IdShift shift) {
        return new OwnerMapping() {
            @Override
            public long uid(long u) {
                return map(u);
            }

            @Override
            public long gid(long g) {
                return map(g);
            }

            private long map(long id) {
                if (shift.isIdentity()) {
                    return id;
                }
                return shift.decide(id) == IdShift.Outcome.MAP ? shift.apply(id) : -1;
            }
        };
    }

    /** Ids 0..range-1 become offset..offset+range-1 (casync's --uid-shift/--uid-range). */
    static OwnerMapping shift(long offset, long range) {
        return of(new IdShift(0, offset, range));
    }
}
