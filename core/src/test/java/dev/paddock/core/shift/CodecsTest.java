package dev.paddock.core.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Property tests for the ACL and capability codecs, with seeded random values. */
class CodecsTest {
    private static final int[] TAGS = {PosixAcl.USER_OBJ, PosixAcl.USER, PosixAcl.GROUP_OBJ, PosixAcl.GROUP,
            PosixAcl.MASK, PosixAcl.OTHER};

    static Stream<Long> seeds() {
        return LongStream.range(0, 300).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aclRemapMovesOnlyNamedEntriesAndRoundTrips(long seed) {
        Random r = new Random(seed);
        IdShift rule = new IdShift(0, (1 + r.nextInt(1000)) * 0x10000L, 0x10000);
        List<PosixAcl.Entry> entries = new ArrayList<>();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int tag = TAGS[r.nextInt(TAGS.length)];
            long id = switch (r.nextInt(3)) {
                case 0 -> r.nextInt(0x10000);
                case 1 -> 0x10000 + r.nextInt(1 << 20);
                default -> 0xFFFFFFFFL;
            };
            entries.add(new PosixAcl.Entry(tag, r.nextInt(8), tag == PosixAcl.USER || tag == PosixAcl.GROUP ? id : 0xFFFFFFFFL));
        }
        byte[] raw = PosixAcl.encode(entries);
        assertThat(raw).hasSize(4 + 8 * n);
        assertThat(PosixAcl.decode(raw)).isEqualTo(entries);

        List<Long> foreign = new ArrayList<>();
        byte[] shifted = PosixAcl.remap(raw, rule, foreign::add);
        List<PosixAcl.Entry> expected = entries.stream().map(e -> e.carriesId()
                ? new PosixAcl.Entry(e.tag(), e.perm(), rule.apply(e.id())) : e).toList();
        boolean anyMoved = entries.stream().anyMatch(e -> e.carriesId() && rule.decide(e.id()) == IdShift.Outcome.MAP);
        if (!anyMoved) {
            assertThat(shifted).isNull();
            return;
        }
        assertThat(PosixAcl.decode(shifted)).isEqualTo(expected);
        assertThat(foreign).hasSize((int) entries.stream()
                .filter(e -> e.carriesId() && rule.decide(e.id()) == IdShift.Outcome.FOREIGN).count());
        assertThat(PosixAcl.remap(shifted, rule, id -> { })).isNull(); // idempotent
        assertThat(PosixAcl.remap(shifted, rule.inverse(), id -> { })).isEqualTo(raw);
    }

    @Test
    void aclRejectsMalformedValues() {
        assertThatThrownBy(() -> PosixAcl.decode(new byte[] {2, 0, 0})).hasMessageContaining("malformed");
        assertThatThrownBy(() -> PosixAcl.decode(new byte[] {1, 0, 0, 0})).hasMessageContaining("version");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void capsRehomeBetweenV2AndV3(long seed) {
        Random r = new Random(seed);
        ByteBuffer v2 = ByteBuffer.allocate(FileCaps.SIZE_2).order(ByteOrder.LITTLE_ENDIAN);
        v2.putInt(FileCaps.REVISION_2 | (r.nextBoolean() ? 1 : 0));
        for (int i = 0; i < 4; i++) {
            v2.putInt(r.nextInt());
        }
        byte[] original = v2.array();
        long rootId = 1 + (long) (r.nextDouble() * (IdRange.NO_ID - 2));
        byte[] v3 = FileCaps.withRootId(original, rootId);
        assertThat(v3).hasSize(FileCaps.SIZE_3);
        assertThat(FileCaps.revision(v3)).isEqualTo(FileCaps.REVISION_3);
        assertThat(FileCaps.rootId(v3)).isEqualTo(rootId);
        assertThat(ByteBuffer.wrap(v3).order(ByteOrder.LITTLE_ENDIAN).getInt(0) & 1)
                .isEqualTo(ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getInt(0) & 1);
        assertThat(java.util.Arrays.copyOfRange(v3, 4, 20)).isEqualTo(java.util.Arrays.copyOfRange(original, 4, 20));
        assertThat(FileCaps.withRootId(v3, 0)).isEqualTo(original);
        assertThat(FileCaps.withRootId(FileCaps.withRootId(v3, 0x30000), rootId)).isEqualTo(v3);
    }

    @Test
    void capsRejectUnknownForms() {
        assertThatThrownBy(() -> FileCaps.revision(new byte[20])).hasMessageContaining("unknown");
        byte[] shortV3 = new byte[20];
        shortV3[3] = 3;
        assertThatThrownBy(() -> FileCaps.revision(shortV3)).hasMessageContaining("expected 24");
    }
}
