package dev.paddock.core.container;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/** Reads and writes {@code container.conf} records; the launcher is their only writer. */
public final class ContainerRecords {
    private final HostRegistry registry;

    public ContainerRecords(HostRegistry registry) {
        this.registry = registry;
    }

    public Optional<ContainerRecord> find(ContainerName name) throws IOException {
        Path f = ContainerLayout.of(registry, name).record();
        return Files.exists(f) ? Optional.of(parse(f)) : Optional.empty();
    }

    public ContainerRecord get(ContainerName name) throws IOException {
        return find(name).orElseThrow(() -> new java.nio.file.NoSuchFileException(name.value(), null, "no such container"));
    }

    public List<ContainerRecord> list() throws IOException {
        List<ContainerRecord> out = new ArrayList<>();
        Path dir = registry.containersDir();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                Path f = e.resolve("container.conf");
                if (Files.exists(f)) {
                    out.add(parse(f));
                }
            }
        }
        out.sort((a, b) -> a.name().value().compareTo(b.name().value()));
        return out;
    }

    public void write(ContainerRecord r) throws IOException {
        Properties p = new Properties();
        p.setProperty("name", r.name().value());
        p.setProperty("image", r.image());
        p.setProperty("imageDigest", r.imageDigest());
        p.setProperty("lower", r.lower().toString());
        p.setProperty("store", r.store());
        p.setProperty("base", Long.toString(r.base()));
        p.setProperty("range", Long.toString(r.range()));
        p.setProperty("method", r.method());
        p.setProperty("network", r.network().name().toLowerCase(Locale.ROOT));
        p.setProperty("address", r.address());
        p.setProperty("created", r.created());
        java.io.StringWriter w = new java.io.StringWriter();
        p.store(w, "paddock container record");
        HostRegistry.writeAtomically(ContainerLayout.of(registry, r.name()).record(), w.toString());
    }

    private static ContainerRecord parse(Path file) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            return new ContainerRecord(new ContainerName(p.getProperty("name")), p.getProperty("image"),
                    p.getProperty("imageDigest"), Path.of(p.getProperty("lower")), p.getProperty("store", ""),
                    Long.parseLong(p.getProperty("base")), Long.parseLong(p.getProperty("range")),
                    p.getProperty("method", "auto"),
                    NetworkMode.valueOf(p.getProperty("network", "host").toUpperCase(Locale.ROOT)),
                    p.getProperty("address", ""), p.getProperty("created", ""));
        } catch (RuntimeException e) {
            throw new IOException(file + ": corrupt container record: " + e.getMessage(), e);
        }
    }
}
