package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The command tree a run builds: only what its command line names, and the whole tree otherwise. */
class CommandTreeTest {
    @Test
    void theWholeTreeHoldsEveryGroupWithItsCommandsInHelpOrder() {
        CommandLine root = Commands.build();
        assertThat(root.getSubcommands().keySet()).containsExactly("help", "shift-own", "shift-mount", "reserve",
                "reservations", "release", "image", "container", "store", "units");
        assertThat(root.getSubcommands().get("image").getSubcommands().keySet())
                .containsExactly("make", "extract", "list", "mtree", "digest", "info", "diff", "help");
        assertThat(root.getSubcommands().get("store").getSubcommands().keySet())
                .containsExactly("gc", "verify", "push", "pull", "help");
        assertThat(root.getSubcommands().get("container").getSubcommands().keySet())
                .containsExactly("create", "run", "start", "stop", "status", "list", "shell", "rm", "network-up");
        assertThat(root.getSubcommands().get("units").getSubcommands().keySet()).containsExactly("install");
    }

    @Test
    void aCommandLineNamingACommandBuildsOnlyItsPath() {
        CommandLine root = Commands.buildFor("image", "make", "--store=s", "a.caidx", "dir");
        // Not even the root's help command, which is annotated: reading it costs the proxies the
        // programmatic commands on this path avoid.
        assertThat(root.getSubcommands().keySet()).containsExactly("image");
        CommandLine image = root.getSubcommands().get("image");
        assertThat(image.getSubcommands().keySet()).containsExactly("make");
        assertThat(image.getSubcommands().get("make").getCommandSpec().qualifiedName()).isEqualTo("paddock image make");
    }

    @Test
    void helpGetsTheWholeTreeAndRootOptionsOrTyposTheTopLevel() {
        assertThat(Commands.buildFor("image", "help", "make").getSubcommands().get("image").getSubcommands())
                .containsKeys("make", "extract", "help");
        assertThat(Commands.buildFor("image", "mkae").getSubcommands().get("image").getSubcommands()).hasSize(8);
        assertThat(Commands.buildFor("help", "image").getSubcommands().get("image").getSubcommands()).hasSize(8);
        for (String[] args : new String[][] {{"imag"}, {"--help"}, {"--version"}, {}}) {
            CommandLine root = Commands.buildFor(args);
            assertThat(root.getSubcommands()).as("the top level for %s", List.of(args)).hasSize(10);
            assertThat(root.getSubcommands().get("image").getSubcommands()).as("no group's commands").isEmpty();
        }
    }

    @Test
    void theRootsHelpIsTheSameFromTheTopLevelAsFromTheWholeTree() {
        java.io.StringWriter shallow = new java.io.StringWriter(), whole = new java.io.StringWriter();
        Commands.buildFor("--help").usage(new java.io.PrintWriter(shallow));
        Commands.build().usage(new java.io.PrintWriter(whole));
        assertThat(shallow.toString()).isEqualTo(whole.toString()).contains("container", "store");
    }

    @Test
    void helpThroughAGroupsHelpCommandStillDescribesTheCommandNamed() {
        CliRun.Result r = CliRun.inProcess(null, "image", "help", "make");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: paddock image make ");
        CliRun.Result gc = CliRun.inProcess(null, "store", "help", "gc");
        assertThat(gc.exit()).isZero();
        assertThat(gc.out()).startsWith("Usage: paddock store gc ");
    }

    @Test
    void helpFollowsTheNamesDownThroughGroups() {
        CliRun.Result nested = CliRun.inProcess(null, "help", "image", "make");
        assertThat(nested.exit()).isZero();
        assertThat(nested.out()).startsWith("Usage: paddock image make ");
        CliRun.Result top = CliRun.inProcess(null, "help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).startsWith("Usage: paddock ");
        CliRun.Result unknown = CliRun.inProcess(null, "help", "image", "bake");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.stderr()).startsWith("paddock help: 'paddock image' has no command 'bake'");
    }

    @Test
    void everyCommandPrintsTheVersion() {
        List<String[]> paths = new java.util.ArrayList<>();
        collect(Commands.build(), new java.util.ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(30);
        for (String[] path : paths) {
            String[] args = java.util.Arrays.copyOf(path, path.length + 1);
            args[path.length] = "--version";
            CliRun.Result r = CliRun.inProcess(null, args);
            assertThat(r.exit()).as("exit of %s", List.of(args)).isZero();
            assertThat(r.out()).as("output of %s", List.of(args)).startsWith("paddock ");
        }
    }

    private static void collect(CommandLine cl, List<String> prefix, List<String[]> out) {
        out.add(prefix.toArray(new String[0]));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new java.util.ArrayList<>(prefix);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }
}
