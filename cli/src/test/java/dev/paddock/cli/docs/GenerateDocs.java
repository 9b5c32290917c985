package dev.paddock.cli.docs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.paddock.cli.Commands;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time tool (run by the cli pom in the package phase): writes the AsciiDoc man page sources and
 * the bash completion scripts for {@code paddock} and the standalone launchers into {@code docs/}.
 * It lives with the tests so that picocli-codegen stays out of the runtime jar.
 */
public final class GenerateDocs {
    private GenerateDocs() {}

    private static void removeFiles(Path dir, String suffix) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(suffix)) {
                    Files.delete(f);
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args[0]);
        Path adoc = docs.resolve("man/adoc");
        Path completion = docs.resolve("completion");
        Files.createDirectories(adoc);
        Files.createDirectories(completion);
        // Pages of commands that no longer exist must not linger from an earlier build.
        removeFiles(adoc, ".adoc");
        removeFiles(docs.resolve("man"), ".1");

        List<CommandLine> tools = new ArrayList<>();
        tools.add(Commands.build());
        for (String entry : List.of("shift-own", "shift-mount")) {
            CommandLine cl = Commands.buildEntry(entry);
            if (cl != null) {
                tools.add(cl);
            }
        }
        for (CommandLine tool : tools) {
            int rc = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, tool.getCommandSpec());
            if (rc != 0) {
                throw new IOException("man page generation failed for " + tool.getCommandName() + " (exit " + rc + ")");
            }
            String name = tool.getCommandName();
            String script = AutoComplete.bash(name, tool);
            Files.writeString(completion.resolve(name), script, StandardCharsets.UTF_8);
        }
        File[] written = adoc.toFile().listFiles();
        System.out.println("GenerateDocs: " + (written == null ? 0 : written.length) + " man page sources, "
                + tools.size() + " completion scripts in " + docs);
    }
}
