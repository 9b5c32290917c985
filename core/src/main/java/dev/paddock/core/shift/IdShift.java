package dev.paddock.core.shift;

/**
 * The one shift rule: ids in the source window {@code [from, from + range)} move to the same offset in
 * the target window {@code [to, to + range)}; ids already in the target window are done; anything else
 * is foreign and stays as it is. shift-own, shift-mount's chown method, image extraction with a uid
 * shift and the idmapped mount's user namespace map all use this rule.
 */
public record IdShift(long from, long to, long range) {

    /** What the rule does with one id. */
    public enum Outcome {
        /** In the source window: it moves. */
        MAP,
        /** Already in the target window: an earlier (possibly interrupted) run moved it. */
        DONE,
        /** In neither window: left alone and reported. */
        FOREIGN
    }

    public IdShift {
        IdRange source = new IdRange(from, range);
        IdRange target = new IdRange(to, range);
        if (from != to && source.overlaps(target)) {
            throw new IllegalArgumentException("source " + source + " and target " + target + " overlap");
        }
    }

    public IdRange source() {
        return new IdRange(from, range);
    }

    public IdRange target() {
        return new IdRange(to, range);
    }

    /** True when nothing moves: source and target are the same window. */
    public boolean isIdentity() {
        return from == to;
    }

    /** The same rule run backwards. */
    public IdShift inverse() {
        return new IdShift(to, from, range);
    }

    /** Decides {@code id}; target comes first so that an identity shift counts everything as done. */
    public Outcome decide(long id) {
        if (id - to >= 0 && id - to < range) {
            return Outcome.DONE;
        }
        if (id - from >= 0 && id - from < range) {
            return Outcome.MAP;
        }
        return Outcome.FOREIGN;
    }

    /** The id after the shift: mapped when in the source window, else unchanged. */
    public long apply(long id) {
        return decide(id) == Outcome.MAP ? to + (id - from) : id;
    }

    /** {@link #apply(long)} for a raw uid_t/gid_t as the kernel hands it over (unsigned in an int). */
    public int applyRaw(int id) {
        return (int) apply(Integer.toUnsignedLong(id));
    }

    public Outcome decideRaw(int id) {
        return decide(Integer.toUnsignedLong(id));
    }

    @Override
    public String toString() {
        return source() + " -> " + target();
    }
}
