package dev.paddock.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReservationBookTest {
    @TempDir
    Path tmp;

    private ReservationBook book(ReservationPolicy policy) {
        return new ReservationBook(new HostRegistry(tmp.resolve("root")), policy, Clock.systemUTC());
    }

    private ReservationPolicy noSubIds() {
        return new ReservationPolicy(ReservationPolicy.HOST_IDS_END, ReservationPolicy.UID_LIMIT, List.of());
    }

    @Test
    void conventionalLayoutStartsAfterTheHostIds() throws Exception {
        ReservationBook b = book(noSubIds());
        assertThat(b.reserve(new ContainerName("c1"), 0x10000).base()).isEqualTo(0x10000);
        assertThat(b.reserve(new ContainerName("c2"), 0x10000).base()).isEqualTo(0x20000);
        assertThat(b.reserve(new ContainerName("c3"), 0x10000).base()).isEqualTo(0x30000);
        // Idempotent: the same name gets the same block back.
        assertThat(b.reserve(new ContainerName("c2"), 0x10000).base()).isEqualTo(0x20000);
        b.release(new ContainerName("c2"));
        assertThat(b.reserve(new ContainerName("c4"), 0x10000).base()).isEqualTo(0x20000);
        assertThat(b.list()).extracting(r -> r.name().value()).containsExactly("c1", "c4", "c3");
    }

    @Test
    void avoidsSubordinateIdRanges() throws Exception {
        Path subuid = Files.writeString(tmp.resolve("subuid"), "alice:100000:65536\n# comment\nbad line\n");
        Path subgid = Files.writeString(tmp.resolve("subgid"), "1000:0x:1\nbob:65536:10\n");
        ReservationBook b = book(new ReservationPolicy(0x10000, ReservationPolicy.UID_LIMIT, List.of(subuid, subgid)));
        Reservation first = b.reserve(new ContainerName("a"), 0x10000);
        Reservation second = b.reserve(new ContainerName("b"), 0x10000);
        // 65536..65545 (bob) pushes past 0x10000; 100000..165535 (alice) covers 0x20000 but not 0x30000.
        assertThat(first.base()).isEqualTo(0x30000);
        assertThat(second.base()).isEqualTo(0x40000);
    }

    @Test
    void largerBlocksAreAlignedToTheirSize() throws Exception {
        ReservationBook b = book(noSubIds());
        b.reserve(new ContainerName("small"), 0x10000);
        Reservation big = b.reserve(new ContainerName("big"), 0x40000);
        assertThat(big.base() % 0x40000).isZero();
        assertThat(big.base()).isEqualTo(0x40000);
    }

    @Test
    void exhaustionIsAnErrorAndWritesNothing() throws Exception {
        ReservationBook b = book(new ReservationPolicy(0x10000, 0x30000, List.of()));
        b.reserve(new ContainerName("one"), 0x10000);
        b.reserve(new ContainerName("two"), 0x10000);
        assertThatThrownBy(() -> b.reserve(new ContainerName("three"), 0x10000))
                .isInstanceOf(ReservationBook.ExhaustedException.class)
                .hasMessageContaining("no free block of 0x10000");
        assertThat(b.list()).hasSize(2);
    }

    @Test
    void reserveNewRefusesAnExistingName() throws Exception {
        ReservationBook b = book(noSubIds());
        b.reserveNew(new ContainerName("x"), 0x10000);
        assertThatThrownBy(() -> b.reserveNew(new ContainerName("x"), 0x10000)).hasMessageContaining("already reserved");
    }

    @Test
    void concurrentReservationsFromManyBooksNeverOverlap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reservation>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ContainerName name = new ContainerName("t" + i);
                // A separate book per task, as separate shells would have.
                futures.add(pool.submit(() -> book(noSubIds()).reserve(name, 0x10000)));
            }
            List<Reservation> got = new ArrayList<>();
            for (Future<Reservation> f : futures) {
                got.add(f.get());
            }
            assertThat(got).extracting(Reservation::base).doesNotHaveDuplicates();
            assertThat(book(noSubIds()).list()).hasSize(40);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", "a..b", "with space", "-lead", ".hidden",
            "x12345678901234567890123456789012345678901234567890123456789012345"})
    void rejectsBadNames(String name) {
        assertThatThrownBy(() -> new ContainerName(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid name '" + name + "': ");
    }
}
