package dev.paddock.core.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IdShiftTest {

    /** Seeded random rules: a power-of-two or odd range, aligned windows, anywhere in the uid space. */
    static Stream<Long> seeds() {
        return LongStream.range(0, 200).boxed();
    }

    private static IdShift randomShift(Random r) {
        long range = r.nextBoolean() ? 1L << (1 + r.nextInt(20)) : 1 + r.nextInt(100_000);
        long slots = (IdRange.NO_ID - 1) / range; // windows that fit below 0xFFFFFFFF
        long from = (long) (r.nextDouble() * slots) * range;
        long to;
        do {
            to = (long) (r.nextDouble() * slots) * range;
        } while (to == from && slots > 1);
        return new IdShift(from, to, range);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mapsSourceOntoTargetAndBack(long seed) {
        Random r = new Random(seed);
        IdShift rule = randomShift(r);
        for (int i = 0; i < 200; i++) {
            long offset = (long) (r.nextDouble() * rule.range());
            long id = rule.from() + offset;
            if (rule.isIdentity()) {
                assertThat(rule.decide(id)).isEqualTo(IdShift.Outcome.DONE);
                continue;
            }
            assertThat(rule.decide(id)).isEqualTo(IdShift.Outcome.MAP);
            long mapped = rule.apply(id);
            assertThat(mapped).isEqualTo(rule.to() + offset).isLessThan(IdRange.NO_ID);
            assertThat(rule.decide(mapped)).isEqualTo(IdShift.Outcome.DONE);
            assertThat(rule.apply(mapped)).isEqualTo(mapped); // idempotent
            assertThat(rule.inverse().apply(mapped)).isEqualTo(id);
            long other = (long) (r.nextDouble() * IdRange.NO_ID);
            IdShift.Outcome o = rule.decide(other);
            assertThat(o == IdShift.Outcome.FOREIGN).isEqualTo(!rule.source().contains(other) && !rule.target().contains(other));
            if (o == IdShift.Outcome.FOREIGN) {
                assertThat(rule.apply(other)).isEqualTo(other);
            }
            assertThat(rule.applyRaw((int) id)).isEqualTo((int) mapped);
        }
    }

    @Test
    void edgesOfTheWindows() {
        IdShift rule = new IdShift(0, 0x30000, 0x10000);
        assertThat(rule.apply(0)).isEqualTo(0x30000);
        assertThat(rule.apply(0xFFFF)).isEqualTo(0x3FFFF);
        assertThat(rule.decide(0x10000)).isEqualTo(IdShift.Outcome.FOREIGN);
        assertThat(rule.decide(0x2FFFF)).isEqualTo(IdShift.Outcome.FOREIGN);
        assertThat(rule.decide(0x30000)).isEqualTo(IdShift.Outcome.DONE);
        assertThat(rule.decide(0x40000)).isEqualTo(IdShift.Outcome.FOREIGN);
        assertThat(rule.decideRaw(-1)).isEqualTo(IdShift.Outcome.FOREIGN); // 0xFFFFFFFF, unsigned
    }

    @Test
    void rejectsWindowsThatOverflowOrOverlap() {
        assertThatThrownBy(() -> new IdShift(0, 0xFFFF0000L, 0x10000)).hasMessageContaining("do not fit");
        assertThatThrownBy(() -> new IdShift(0, 0x8000, 0x10000)).hasMessageContaining("overlap");
        assertThatThrownBy(() -> new IdShift(0, 0x30000, 0)).hasMessageContaining("positive");
        assertThat(new IdShift(0, 0xFFFE0000L, 0x10000).apply(0xFFFF)).isEqualTo(0xFFFEFFFFL);
    }

    @Test
    void configValidatesLikeTheCommandLineExplains() {
        assertThatThrownBy(() -> ShiftConfig.of(0x30001)).hasMessage("shift 0x30001 is not a multiple of the range 0x10000");
        assertThatThrownBy(() -> ShiftConfig.of(0x30000).withRange(0)).hasMessageContaining("range must be positive");
        assertThatThrownBy(() -> ShiftConfig.of(0xFFFF0000L)).hasMessageContaining("overflows uid_t");
        assertThat(ShiftConfig.of(0xFFFE0000L).range()).isEqualTo(0x10000);
    }

    @Test
    void defaultThreadsOversubscribeTheProcessorsForTheDiskButStayBounded() {
        assertThat(ShiftConfig.defaultParallelism(1)).isEqualTo(4);
        assertThat(ShiftConfig.defaultParallelism(2)).isEqualTo(4);
        assertThat(ShiftConfig.defaultParallelism(6)).isEqualTo(12);
        assertThat(ShiftConfig.defaultParallelism(128)).isEqualTo(32);
        assertThat(ShiftConfig.of(0x30000).parallelism()).isEqualTo(ShiftConfig.defaultParallelism());
    }
}
