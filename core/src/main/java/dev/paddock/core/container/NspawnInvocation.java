package dev.paddock.core.container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One systemd-nspawn command line for a container whose root filesystem is already shifted into its
 * reserved range: the user namespace maps {@code 0..range} to {@code base..base+range}, and nspawn is
 * told not to touch ownership. Without a system bus nspawn cannot register with machined or create a
 * scope, so it then runs with {@code --register=no --keep-unit}.
 *
 * @param command empty to boot the image's init ({@code --boot}); otherwise the command to run, under
 *                nspawn's stub init ({@code --as-pid2}) so that signals and zombies are handled
 */
public record NspawnInvocation(Path nspawn, ContainerName machine, Path rootfs, long base, long range, boolean systemBus,
                               NetworkMode network, List<String> command, List<String> extraArgs) {
    public NspawnInvocation {
        command = List.copyOf(command);
        extraArgs = List.copyOf(extraArgs);
    }

    public List<String> argv() {
        List<String> a = new ArrayList<>();
        a.add(nspawn.toString());
        a.add("--quiet");
        a.add("--directory=" + rootfs);
        a.add("--machine=" + machine.value());
        // nspawn parses these as decimal only.
        a.add("--private-users=" + base + ":" + range);
        a.add("--private-users-ownership=off");
        if (!systemBus) {
            a.add("--register=no");
            a.add("--keep-unit");
        }
        switch (network) {
            case HOST -> { }
            case NONE -> a.add("--private-network");
            case VETH -> a.add("--network-veth");
        }
        a.addAll(extraArgs);
        if (command.isEmpty()) {
            a.add("--boot");
        } else {
            a.add("--as-pid2");
            a.add("--");
            a.addAll(command);
        }
        return a;
    }
}
