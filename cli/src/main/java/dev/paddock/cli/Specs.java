package dev.paddock.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Building blocks for commands declared through picocli's programmatic API rather than annotations:
 * the ones on the path of short, frequent runs (shift-own, the root, and paddock image and all its
 * commands). Reading annotations makes the JVM generate a proxy class per annotation type and picocli
 * reflect over every field: ~30 ms of shift-own's start and ~60 ms before an image make could start
 * encoding.
 */
final class Specs {
    private Specs() {}

    /**
     * A command named {@code name} that runs {@code command} (a Runnable or Callable), with what
     * {@code mixinStandardHelpOptions} and the version provider would add.
     */
    static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.versionProvider(new VersionProvider());
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .description("Print version information and exit.").build());
        return spec;
    }

    static void flag(CommandSpec spec, String description, String... names) {
        spec.addOption(OptionSpec.builder(names).type(boolean.class).initialValue(false).description(description).build());
    }

    /** A repeatable option collecting its values, of {@code type}, in a list that starts empty. */
    static <T> void listOption(CommandSpec spec, String name, String label, Class<T> type, String... description) {
        spec.addOption(OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(type)
                .initialValue(new ArrayList<T>()).description(description).build());
    }

    /** {@code --debug}: stack traces on errors, kept out of the help. */
    static void debugFlag(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("--debug").type(boolean.class).initialValue(false).hidden(true).build());
    }

    /** A required positional parameter at {@code index} of {@code type}, without a description. */
    static void positional(CommandSpec spec, String index, String label, Class<?> type) {
        spec.addPositional(PositionalParamSpec.builder().index(index).paramLabel(label).type(type).arity("1").required(true).build());
    }

    /** The parsed value of the option named {@code name} (any of its names). */
    static <T> T value(CommandSpec spec, String name) {
        return spec.findOption(name).getValue();
    }

    /** The parsed value of the positional parameter at {@code index}. */
    static <T> T positionalValue(CommandSpec spec, int index) {
        return spec.positionalParameters().get(index).getValue();
    }
}
