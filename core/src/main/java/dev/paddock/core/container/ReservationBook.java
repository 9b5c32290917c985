package dev.paddock.core.container;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Uid/gid range reservations: {@code ROOT/reservations/NAME} records, one per container. A new block is
 * aligned to its size and overlaps neither the host's own ids, the subordinate id files, nor any other
 * reservation; allocation and the write happen under the registry lock, so parallel calls never hand
 * out overlapping ranges.
 */
public final class ReservationBook {
    public static final long DEFAULT_SIZE = 0x10000L;

    private final HostRegistry registry;
    private final ReservationPolicy policy;
    private final Clock clock;

    public ReservationBook(HostRegistry registry, ReservationPolicy policy, Clock clock) {
        this.registry = registry;
        this.policy = policy;
        this.clock = clock;
    }

    /** Thrown when no aligned block of the requested size is free. */
    public static final class ExhaustedException extends IOException {
        private static final long serialVersionUID = 1L;

        ExhaustedException(String message) {
            super(message);
        }
    }

    /** Reserves a block for {@code name}; if one exists already it is returned unchanged (idempotent). */
    public Reservation reserve(ContainerName name, long size) throws IOException {
        checkSize(size);
        return registry.locked(() -> {
            Optional<Reservation> existing = read(name);
            if (existing.isPresent()) {
                if (existing.get().size() != size) {
                    throw new IOException(name + ": already reserved with size 0x" + Long.toHexString(existing.get().size()));
                }
                return existing.get();
            }
            return allocate(name, size);
        });
    }

    /** Creates the reservation only if {@code name} has none; fails if it exists. */
    public Reservation reserveNew(ContainerName name, long size) throws IOException {
        checkSize(size);
        return registry.locked(() -> {
            if (read(name).isPresent()) {
                throw new IOException(name + ": already reserved");
            }
            return allocate(name, size);
        });
    }

    private void checkSize(long size) {
        if (size <= 0 || size > policy.limit() || (Long.bitCount(size) != 1 && size % DEFAULT_SIZE != 0)) {
            throw new IllegalArgumentException("invalid size 0x" + Long.toHexString(size)
                    + ": use a power of two or a multiple of 0x10000");
        }
    }

    private Reservation allocate(ContainerName name, long size) throws IOException {
        long base = findFreeBase(size);
        Reservation r = new Reservation(name, base, size, ReservationState.RESERVED, Instant.now(clock).toString());
        write(r);
        return r;
    }

    public void release(ContainerName name) throws IOException {
        registry.locked(() -> {
            Path file = fileOf(name);
            if (!Files.deleteIfExists(file)) {
                throw new NoSuchFileException(name.value(), null, "no such reservation");
            }
            return null;
        });
    }

    public void setState(ContainerName name, ReservationState state) throws IOException {
        registry.locked(() -> {
            Reservation r = read(name).orElseThrow(() -> new NoSuchFileException(name.value(), null, "no such reservation"));
            write(r.withState(state));
            return null;
        });
    }

    public Optional<Reservation> find(ContainerName name) throws IOException {
        return read(name);
    }

    public List<Reservation> list() throws IOException {
        List<Reservation> out = new ArrayList<>();
        Path dir = registry.reservationsDir();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (n.startsWith(".")) {
                    continue; // temporaries of an interrupted write
                }
                out.add(parse(f));
            }
        }
        out.sort(Comparator.comparingLong(Reservation::base));
        return out;
    }

    private long findFreeBase(long size) throws IOException {
        List<long[]> taken = new ArrayList<>();
        taken.add(new long[] {0, ReservationPolicy.HOST_IDS_END});
        for (SubordinateIds.Range r : SubordinateIds.read(policy.subordinateIdFiles())) {
            taken.add(new long[] {r.start(), r.start() + r.count()});
        }
        for (Reservation r : list()) {
            taken.add(new long[] {r.base(), r.end()});
        }
        long base = alignUp(policy.firstBase(), size);
        boolean moved = true;
        while (moved) {
            moved = false;
            for (long[] t : taken) {
                if (base < t[1] && t[0] < base + size) {
                    base = alignUp(t[1], size);
                    moved = true;
                }
            }
        }
        if (base + size > policy.limit()) {
            throw new ExhaustedException("no free block of 0x" + Long.toHexString(size) + " ids left below 0x"
                    + Long.toHexString(policy.limit()) + " (" + (taken.size() - 1) + " ranges in use)");
        }
        return base;
    }

    private static long alignUp(long value, long size) {
        return (value + size - 1) / size * size;
    }

    private Path fileOf(ContainerName name) {
        return registry.reservationsDir().resolve(name.value());
    }

    private Optional<Reservation> read(ContainerName name) throws IOException {
        Path f = fileOf(name);
        return Files.exists(f) ? Optional.of(parse(f)) : Optional.empty();
    }

    private static Reservation parse(Path file) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            return new Reservation(new ContainerName(p.getProperty("name")), Long.parseLong(p.getProperty("base")),
                    Long.parseLong(p.getProperty("size")), ReservationState.parse(p.getProperty("state", "reserved")),
                    p.getProperty("created", ""));
        } catch (RuntimeException e) {
            throw new IOException(file + ": corrupt reservation record: " + e.getMessage(), e);
        }
    }

    private void write(Reservation r) throws IOException {
        // Names are validated to a charset that needs no escaping in a properties file.
        String text = "# paddock uid/gid reservation; base and size in decimal\n"
                + "name=" + r.name().value() + "\n"
                + "base=" + r.base() + "\n"
                + "size=" + r.size() + "\n"
                + "state=" + r.state().label() + "\n"
                + "created=" + r.created() + "\n";
        HostRegistry.writeAtomically(fileOf(r.name()), text);
    }
}
