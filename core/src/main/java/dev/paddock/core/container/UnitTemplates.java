package dev.paddock.core.container;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instanced systemd units paddock ships, and the per-container drop-in that carries one
 * container's settings. Templates take only the instance name ({@code %i}); everything else comes from
 * the drop-in's {@code Environment=} lines, so one template serves every container.
 */
public final class UnitTemplates {
    public static final String CONTAINER = "paddock-container@.service";
    public static final String VETH = "paddock-veth@.service";
    public static final String MOUNT = "paddock-mount@.service";
    public static final String DROP_IN = "50-paddock.conf";

    private final Path binDir;
    private final Path nspawn;
    private final Path ip;
    private final Path registryRoot;

    /**
     * @param binDir       where the paddock launchers (paddock, shift-mount) are installed
     * @param nspawn       the systemd-nspawn binary
     * @param ip           the iproute2 ip binary
     * @param registryRoot the paddock registry root (containers live in ROOT/containers/NAME)
     */
    public UnitTemplates(Path binDir, Path nspawn, Path ip, Path registryRoot) {
        this.binDir = binDir;
        this.nspawn = nspawn;
        this.ip = ip;
        this.registryRoot = registryRoot;
    }

    /** File name → contents, for every template. */
    public Map<String, String> templates() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(CONTAINER, container());
        out.put(VETH, veth());
        out.put(MOUNT, mount());
        return out;
    }

    private String containerDir() {
        return registryRoot.resolve("containers") + "/%i";
    }

    String container() {
        String dir = containerDir();
        return "# Installed by 'paddock units install'. Per-container settings live in\n"
                + "# paddock-container@NAME.service.d/" + DROP_IN + ", written by 'paddock container create --unit'.\n"
                + "[Unit]\n"
                + "Description=paddock container %i\n"
                + "Documentation=man:paddock-container(1)\n"
                + "After=network.target\n"
                + "RequiresMountsFor=" + registryRoot + "\n"
                + "\n"
                + "[Service]\n"
                + "Type=notify\n"
                + "NotifyAccess=all\n"
                + "Environment=PADDOCK_RANGE=65536 PADDOCK_METHOD=auto\n"
                + "ExecStartPre=" + binDir.resolve("shift-mount") + " --oneshot --method ${PADDOCK_METHOD} -s ${PADDOCK_BASE}"
                + " -r ${PADDOCK_RANGE} ${PADDOCK_LOWER} " + dir + "/ " + dir + "/rootfs\n"
                + "ExecStart=" + nspawn + " --quiet --keep-unit --register=no --boot --machine=%i -D " + dir + "/rootfs"
                + " --private-users=${PADDOCK_BASE}:${PADDOCK_RANGE} --private-users-ownership=off $PADDOCK_NSPAWN_ARGS\n"
                + "ExecStopPost=" + binDir.resolve("shift-mount") + " --umount " + dir + "/rootfs\n"
                + "KillMode=mixed\n"
                + "Delegate=yes\n"
                + "TimeoutStopSec=60\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }

    String veth() {
        // nspawn --network-veth makes the pair as the container starts (it goes away with it); this unit
        // gives both ends their addresses once the container unit is up.
        return "# Installed by 'paddock units install': addresses a container's veth pair.\n"
                + "[Unit]\n"
                + "Description=paddock veth addresses for container %i\n"
                + "Documentation=man:paddock-container(1)\n"
                + "BindsTo=paddock-container@%i.service\n"
                + "After=paddock-container@%i.service\n"
                + "\n"
                + "[Service]\n"
                + "Type=oneshot\n"
                + "RemainAfterExit=yes\n"
                + "ExecStart=" + binDir.resolve("paddock") + " container network-up %i\n";
    }

    String mount() {
        String dir = containerDir();
        return "# Installed by 'paddock units install': holds a container's shifted view without running it.\n"
                + "[Unit]\n"
                + "Description=paddock shifted mount for container %i\n"
                + "Documentation=man:shift-mount(1)\n"
                + "RequiresMountsFor=" + registryRoot + "\n"
                + "\n"
                + "[Service]\n"
                + "Type=notify\n"
                + "NotifyAccess=main\n"
                + "Environment=PADDOCK_RANGE=65536 PADDOCK_METHOD=auto\n"
                + "ExecStart=" + binDir.resolve("shift-mount") + " --method ${PADDOCK_METHOD} -s ${PADDOCK_BASE}"
                + " -r ${PADDOCK_RANGE} ${PADDOCK_LOWER} " + dir + "/ " + dir + "/rootfs\n";
    }

    /**
     * The drop-in for one container: its image copy, range, method and extra nspawn arguments
     * (already split; each is quoted for systemd).
     */
    public String dropIn(ContainerName name, Path lower, long base, long range, String method, List<String> nspawnArgs,
                         boolean veth) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by 'paddock container create --unit ").append(name).append("'.\n");
        if (veth) {
            b.append("[Unit]\n").append("Wants=paddock-veth@").append(name).append(".service\n\n");
        }
        b.append("[Service]\n");
        b.append("Environment=").append(quote("PADDOCK_LOWER=" + lower)).append('\n');
        b.append("Environment=PADDOCK_BASE=").append(base).append('\n');
        b.append("Environment=PADDOCK_RANGE=").append(range).append('\n');
        b.append("Environment=PADDOCK_METHOD=").append(method).append('\n');
        b.append("Environment=").append(quote("PADDOCK_NSPAWN_ARGS=" + String.join(" ", nspawnArgs))).append('\n');
        return b.toString();
    }

    /** systemd's double-quote syntax for one Environment= assignment. */
    static String quote(String assignment) {
        return "\"" + assignment.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%") + "\"";
    }
}
