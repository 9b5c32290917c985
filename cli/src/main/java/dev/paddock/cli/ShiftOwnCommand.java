package dev.paddock.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import dev.paddock.core.fs.DisplayPath;
import dev.paddock.core.shift.IdRange;
import dev.paddock.core.shift.ShiftConfig;
import dev.paddock.core.shift.ShiftEngine;
import dev.paddock.core.shift.ShiftListener;
import dev.paddock.core.shift.ShiftResult;
import dev.paddock.core.shift.ShiftTarget;
import dev.paddock.sys.Posix;
import dev.paddock.sys.PosixException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code shift-own}: moves the ownership of trees from one id window to another.
 *
 * <p>Declared through picocli's programmatic API ({@link Specs}): scripts run shift-own in loops.
 */
public final class ShiftOwnCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private ShiftOwnCommand() {
        spec = Specs.command(this, "shift-own",
                "Shift the owners of every file under PATH from one id range to another, in place.",
                "Ids in [BASE, BASE+RANGE) become SHIFT+(id-BASE); ids already in [SHIFT, SHIFT+RANGE) are left;",
                "others are reported. Safe to rerun after an interruption: the root is shifted last.");
    }

    /** The command's spec, bound to a fresh instance; {@code new CommandLine(spec())} runs it. */
    static CommandSpec spec() {
        CommandSpec spec = new ShiftOwnCommand().spec;
        Numbers numbers = new Numbers();
        spec.addOption(OptionSpec.builder("-s", "--shift").required(true).paramLabel("SHIFT").type(long.class)
                .converters(numbers).description("First id of the target range (decimal or 0x hex); a multiple of RANGE.").build());
        spec.addOption(OptionSpec.builder("-r", "--range").paramLabel("RANGE").type(long.class).converters(numbers)
                .initialValue(ShiftConfig.DEFAULT_RANGE).description("Number of ids in each range (default: 0x10000).").build());
        spec.addOption(OptionSpec.builder("--from").paramLabel("BASE").type(Long.class).converters(numbers)
                .description("First id of the source range (default: from the owner of PATH, rounded down to RANGE).").build());
        Specs.flag(spec, "Print one line per changed path: old -> new .. path.", "-v", "--verbose");
        Specs.flag(spec, "Show what would change; change nothing.", "-n", "--dry-run");
        Specs.flag(spec, "Also descend into other filesystems mounted below PATH.", "--cross-mounts");
        Specs.flag(spec, "Exit 0 even if ids outside both ranges were found.", "--ignore-foreign");
        Specs.flag(spec, "Print a machine-readable summary (one JSON object per PATH).", "--json");
        Specs.flag(spec, "Show stack traces on errors.", "--debug");
        spec.addOption(OptionSpec.builder("--threads").paramLabel("N").type(int.class)
                .initialValue(ShiftConfig.defaultParallelism())
                .description("Walker threads (default: 2 per processor, 4 to 32; on a cold cache they wait on the disk).").build());
        spec.addPositional(PositionalParamSpec.builder().paramLabel("PATH").arity("1..*").required(true).type(List.class)
                .auxiliaryTypes(String.class).description("Trees to shift.").build());
        return spec;
    }

    private <T> T value(String option) {
        return Specs.value(spec, option);
    }

    @Override
    public Integer call() throws IOException {
        Long from = value("--from");
        boolean verbose = value("--verbose");
        boolean json = value("--json");
        boolean ignoreForeign = value("--ignore-foreign");
        List<String> paths = spec.positionalParameters().get(0).getValue();
        ShiftConfig config;
        try {
            config = new ShiftConfig(value("--shift"), value("--range"), from == null ? OptionalLong.empty() : OptionalLong.of(from),
                    value("--dry-run"), value("--cross-mounts"), value("--threads"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ShiftEngine engine = new ShiftEngine(Posix.get());
        engine.requirePrivileges();
        // Check every PATH before changing any.
        List<ShiftTarget> targets = new ArrayList<>();
        for (String path : paths) {
            targets.add(engine.prepare(config, path));
        }
        PrintStream out = System.out;
        Renderer renderer = new Renderer(out, System.err, Commands.toolName(spec.commandLine()), verbose && !json);
        boolean ok = true;
        try {
            for (ShiftTarget target : targets) {
                ShiftResult result = engine.shift(target, config, renderer);
                renderer.flush();
                if (json) {
                    out.println(JsonSummary.of(result));
                } else {
                    out.println(summary(result));
                }
                out.flush();
                if (!result.ok(ignoreForeign)) {
                    ok = false;
                    if (result.foreign() > 0 && !ignoreForeign) {
                        renderer.error(target.path() + ": " + result.foreign() + " entries have ids outside "
                                + target.shift().source() + " and " + target.shift().target()
                                + " (left unchanged; --ignore-foreign to accept)");
                    }
                }
            }
        } finally {
            renderer.flush();
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static String summary(ShiftResult r) {
        return r.inTarget() + " files under " + r.target().path() + (r.dryRun() ? " would be" : "") + " shifted with "
                + IdRange.hex(r.target().shift().to()) + " using range " + IdRange.hex(r.target().shift().range());
    }

    /** Renders the engine's reports: -v lines to stdout as raw bytes, errors to stderr. */
    private static final class Renderer implements ShiftListener {
        private final OutputStream out;
        private final PrintStream err;
        private final String tool;
        private final boolean verbose;

        Renderer(PrintStream out, PrintStream err, String tool, boolean verbose) {
            this.out = new BufferedOutputStream(out, 1 << 16);
            this.err = err;
            this.tool = tool;
            this.verbose = verbose;
        }

        @Override
        public void changed(DisplayPath path, long uid, long gid, long newUid, long newGid) {
            if (!verbose) {
                return;
            }
            byte[] head = (uid + ":" + gid + " -> " + newUid + ":" + newGid + " .. ").getBytes(StandardCharsets.US_ASCII);
            byte[] name = path.bytes();
            synchronized (this) {
                try {
                    out.write(head);
                    out.write(name);
                    out.write('\n');
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        @Override
        public void skippedMount(DisplayPath path) {
            line(path, "mount point not entered (use --cross-mounts)");
        }

        @Override
        public void failed(DisplayPath path, IOException error) {
            String reason = error instanceof PosixException p ? p.reason() : Failures.describe(error);
            String prefix = path.toString() + ": ";
            if (reason.startsWith(prefix)) {
                reason = reason.substring(prefix.length());
            }
            line(path, reason);
        }

        private synchronized void line(DisplayPath path, String reason) {
            flush();
            err.write(bytes(tool + ": "), 0, tool.length() + 2);
            byte[] p = path.bytes();
            err.write(p, 0, p.length);
            byte[] r = bytes(": " + reason + "\n");
            err.write(r, 0, r.length);
            err.flush();
        }

        synchronized void error(String message) {
            flush();
            err.println(tool + ": " + message);
            err.flush();
        }

        synchronized void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
