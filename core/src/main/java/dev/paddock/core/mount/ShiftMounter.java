package dev.paddock.core.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.paddock.sys.Errnos;
import dev.paddock.sys.Fd;
import dev.paddock.sys.IdMapLine;
import dev.paddock.sys.Mounts;
import dev.paddock.sys.Posix;
import dev.paddock.sys.PosixException;
import dev.paddock.sys.StatX;
import dev.paddock.sys.UserNamespaces;

/**
 * Makes, lists and takes down shifted overlay mounts: one LOWER image shared read-only by many
 * containers, each seeing it with its own id shift and writing into its own STATE.
 *
 * <ul>
 * <li><b>idmap</b>: a detached clone of LOWER is idmapped ({@code 0 SHIFT RANGE}), made private and
 * attached under {@code RUN/shift-mount/NAME}; overlayfs (metacopy=on) is built on it with a plain
 * STATE/upper. Nothing is copied or walked. (The kernel refuses to idmap an assembled overlay, and an
 * idmapped upper comes up read-only, so only the lower layer is mapped.)
 * <li><b>chown</b>: a plain overlay (metacopy=on) whose merged view is shifted in place, so only
 * metadata is copied up into STATE/upper; a later mount of the same STATE with the same shift skips
 * the walk.
 * </ul>
 *
 * Every step pushes an undo onto a stack; any failure unwinds it so that nothing stays mounted.
 * The overlay's source names it as paddock's ({@code paddock:shift=..,range=..,method=..}) so that
 * {@link #list()} and {@link #unmount(Path)} work from the mount table alone.
 */
public final class ShiftMounter {
    static final String SOURCE_PREFIX = "paddock:";
    static final String STAGING_DIR = "shift-mount";
    private static final Pattern STAGING_NAME = Pattern.compile(".*-[0-9a-f]{16}");
    private static final String PROBE_XATTR = "trusted.paddock.probe";
    private static final long BUSY_WAIT_NANOS = 10_000_000_000L;

    private final ShiftMountConfig config;
    private final Posix posix = Posix.get();
    private final Mounts mounts = Mounts.get();

    public ShiftMounter(ShiftMountConfig config) {
        this.config = config;
    }

    // ---- mount ---------------------------------------------------------------------------------

    public ShiftMount mount(ShiftMountSpec spec) throws IOException {
        requireRoot();
        Path lower = existingDirectory(spec.lower(), "LOWER");
        Path mountpoint = existingDirectory(spec.mountpoint(), "MOUNTPOINT");
        if (posix.lstat(mountpoint.toString()).isMountRoot()) {
            throw new ShiftMountException(spec.mountpoint() + ": already a mount point");
        }
        if (mountpoint.startsWith(lower)) {
            throw new ShiftMountException(spec.mountpoint() + ": inside LOWER " + spec.lower());
        }
        Method requested = spec.method();
        requireFeatures(requested);

        MountStack created = new MountStack();
        try {
            Path state = prepareState(spec.state(), created);
            Path upper = state.resolve("upper");
            Path work = state.resolve("work");
            checkState(spec.state(), state, upper, work, lower);
            Optional<MountState> previous = MountState.read(state);
            Long doneShift = previous.map(MountState::chownShift).orElse(null);
            // A shift of 0 changed nothing, so any shift may follow it; anything else has moved ids in
            // upper that a walk from 0 would take for foreign.
            if (doneShift != null && doneShift != 0 && doneShift != spec.shift()) {
                throw new ShiftMountException(spec.state() + ": STATE was shifted with 0x"
                        + Long.toHexString(doneShift) + " by an earlier chown mount; use that shift or a fresh STATE");
            }

            ShiftMount result;
            if (chooseIdmap(spec)) {
                try {
                    result = mountIdmapped(spec, lower, state, upper, work, mountpoint, previous);
                } catch (IdmapUnsupportedException e) {
                    if (requested != Method.AUTO) {
                        throw e;
                    }
                    // The reason travels in the result (--verbose, --json): no logging here, since
                    // starting the logging framework costs a short-lived command more than the mount.
                    result = mountChowned(spec, lower, state, upper, work, mountpoint, previous, e.getMessage());
                }
            } else {
                String why = requested == Method.AUTO ? autoChownReason(spec) : null;
                result = mountChowned(spec, lower, state, upper, work, mountpoint, previous, why);
            }
            return result;
        } catch (IOException | RuntimeException | Error e) {
            created.unwindAfter(e);
            throw e;
        }
    }

    private void requireRoot() throws ShiftMountException {
        if (posix.geteuid() != 0) {
            throw new ShiftMountException("must run as root (overlay and idmapped mounts need CAP_SYS_ADMIN"
                    + " in the initial user namespace)");
        }
    }

    private void requireFeatures(Method method) throws ShiftMountException {
        KernelFeatures f = config.features();
        if (!f.metacopy()) {
            throw new ShiftMountException("this kernel's overlayfs lacks metacopy=on (needs Linux 4.19+ with"
                    + " overlayfs), which shift-mount needs to share LOWER without copying data");
        }
        if (method == Method.IDMAP && !f.idmappedMounts()) {
            throw new ShiftMountException("method idmap: this kernel lacks idmapped mounts (needs Linux 5.12+)");
        }
        if (method == Method.IDMAP && !f.overlayOnIdmapped()) {
            throw new ShiftMountException("method idmap: this kernel's overlayfs cannot use idmapped layers"
                    + " (needs Linux 5.19+)");
        }
    }

    /** An identity shift has nothing to map; auto then lets the chown walk just count. */
    private boolean chooseIdmap(ShiftMountSpec spec) {
        return switch (spec.method()) {
            case IDMAP -> true;
            case CHOWN -> false;
            case AUTO -> spec.shift() != 0 && config.features().idmapOverlay();
        };
    }

    private String autoChownReason(ShiftMountSpec spec) {
        if (spec.shift() == 0) {
            return "shift 0x0 is the identity: nothing to map";
        }
        return "kernel lacks idmapped overlay layers (needs Linux 5.19+)";
    }

    private Path existingDirectory(Path given, String role) throws ShiftMountException {
        StatX st;
        try {
            st = posix.statat(null, given.toString().getBytes(StandardCharsets.UTF_8), 0);
        } catch (PosixException e) {
            throw new ShiftMountException(given + ": " + role + " " + e.reason().toLowerCase(java.util.Locale.ROOT)
                    .replace("no such file or directory", "does not exist"), e);
        }
        if (!st.isDirectory()) {
            throw new ShiftMountException(given + ": " + role + " is not a directory");
        }
        try {
            return given.toRealPath();
        } catch (IOException e) {
            throw new ShiftMountException(given + ": " + role + ": " + e.getMessage(), e);
        }
    }

    /** Creates STATE, STATE/upper and STATE/work where missing; each one made is undone on failure. */
    private Path prepareState(Path given, MountStack created) throws IOException {
        Path abs = given.toAbsolutePath().normalize();
        Path first = abs;
        while (first.getParent() != null && !Files.exists(first.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            first = first.getParent();
        }
        if (!Files.exists(abs)) {
            try {
                Files.createDirectories(abs);
            } catch (IOException e) {
                throw new ShiftMountException(given + ": cannot create STATE: " + e.getMessage(), e);
            }
            created.push(new CreatedDirectory(first));
        } else if (!Files.isDirectory(abs)) {
            throw new ShiftMountException(given + ": STATE is not a directory");
        }
        Path state = abs.toRealPath();
        for (String sub : List.of("upper", "work")) {
            Path p = state.resolve(sub);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(p);
                } catch (IOException e) {
                    throw new ShiftMountException(given + ": cannot create " + sub + "/: " + e.getMessage(), e);
                }
                created.push(new CreatedDirectory(p));
            } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new ShiftMountException(p + ": not a directory");
            }
        }
        return state;
    }

    private void checkState(Path given, Path state, Path upper, Path work, Path lower) throws IOException {
        if (state.startsWith(lower) || lower.startsWith(state)) {
            throw new ShiftMountException(given + ": STATE and LOWER must not contain each other");
        }
        StatX u = posix.lstat(upper.toString());
        StatX w = posix.lstat(work.toString());
        if (u.dev() != w.dev()) {
            throw new ShiftMountException(given + ": upper/ and work/ are on different filesystems"
                    + " (overlayfs needs them on one)");
        }
        byte[] workName = "work".getBytes(StandardCharsets.UTF_8);
        try (Fd dir = posix.openDirectory(null, state.toString().getBytes(StandardCharsets.UTF_8))) {
            posix.setxattr(dir, workName, PROBE_XATTR, new byte[] {1}, 0);
            posix.removexattr(dir, workName, PROBE_XATTR);
        } catch (PosixException e) {
            throw new ShiftMountException(given + ": STATE's filesystem (" + fsType(work) + ") cannot store"
                    + " trusted.* xattrs (" + e.reason() + "); overlayfs needs them for metacopy", e);
        }
        for (MountInfoEntry m : MountInfo.read().entries()) {
            if ("overlay".equals(m.fsType()) && (upper.toString().equals(m.option("upperdir"))
                    || work.toString().equals(m.option("workdir")))) {
                throw new ShiftMountException(given + ": STATE is in use by the overlay at " + m.mountPoint());
            }
        }
    }

    private static String fsType(Path p) {
        try {
            return Files.getFileStore(p).type();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private ShiftMount mountIdmapped(ShiftMountSpec spec, Path lower, Path state, Path upper, Path work,
                                     Path mountpoint, Optional<MountState> previous) throws IOException {
        MountStack stack = new MountStack();
        try {
            Path staging = stagingFor(mountpoint);
            prepareStaging(staging, stack);
            attachIdmappedClone(spec, lower, staging, stack);
            ownUpperRootLikeShiftedLower(lower, upper, spec);
            mountOverlay(spec, staging, upper, work, mountpoint, Method.IDMAP, stack);
            MountState record = new MountState(MountState.VERSION, lower.toString(), mountpoint.toString(),
                    spec.shift(), spec.range(), Method.IDMAP.label(), staging.toString(),
                    previous.map(MountState::chownShift).orElse(null), previous.map(MountState::chownFiles).orElse(null));
            record.write(state);
            ShiftMountResult r = new ShiftMountResult(mountpoint, lower, state, spec.shift(), spec.range(),
                    Method.IDMAP, null, false, null, staging);
            return new ShiftMount(r, stack);
        } catch (IOException | RuntimeException | Error e) {
            stack.unwindAfter(e);
            throw e;
        }
    }

    /**
     * Detaches the idmapped clone that a mount of {@code mountpoint} attached if it died before its
     * overlay was up (a killed create, say), and removes the staging directory. Nothing else can be
     * using the clone: only the overlay on {@code mountpoint} ever is, and that is not mounted.
     *
     * @return whether a stale clone or staging directory was removed
     */
    public boolean releaseStaleClone(Path mountpoint) throws IOException {
        requireRoot();
        Path mp = mountpoint.toRealPath();
        if (MountInfo.read().at(mp).isPresent()) {
            throw new ShiftMountException(mountpoint + ": still mounted; use unmount");
        }
        Path staging = stagingFor(mp);
        if (!Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        while (posix.lstat(staging.toString()).isMountRoot()) {
            mounts.umount2(staging.toString(), Mounts.MNT_DETACH | Mounts.UMOUNT_NOFOLLOW);
        }
        Files.delete(staging);
        return true;
    }

    /** The clone's staging point: named after the mountpoint, so one overlay owns exactly one clone. */
    Path stagingFor(Path mountpoint) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(mountpoint.toString().getBytes(StandardCharsets.UTF_8));
            String base = mountpoint.getFileName() == null ? "root" : mountpoint.getFileName().toString()
                    .replaceAll("[^A-Za-z0-9._-]", "_");
            if (base.length() > 40) {
                base = base.substring(0, 40);
            }
            return config.stagingRoot().resolve(base + "-" + HexFormat.of().formatHex(h, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private void prepareStaging(Path staging, MountStack stack) throws IOException {
        Files.createDirectories(staging.getParent());
        if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            // Left by a run that died before tearing down. Nothing can use it: its overlay is not mounted
            // (MOUNTPOINT was checked), so detach any stale clone and reuse the directory.
            while (posix.lstat(staging.toString()).isMountRoot()) {
                mounts.umount2(staging.toString(), Mounts.MNT_DETACH | Mounts.UMOUNT_NOFOLLOW);
            }
            stack.push(new CreatedDirectory(staging));
            return;
        }
        Files.createDirectory(staging);
        stack.push(new CreatedDirectory(staging));
    }

    private void attachIdmappedClone(ShiftMountSpec spec, Path lower, Path staging, MountStack stack)
            throws IOException {
        List<IdMapLine> map = List.of(new IdMapLine(0, spec.shift(), spec.range()));
        try (Fd userns = UserNamespaces.create(map, map);
             Fd tree = mounts.openTree(null, lower.toString(), Mounts.OPEN_TREE_CLONE | Posix.AT_RECURSIVE)) {
            try {
                mounts.mountSetattr(tree, Posix.AT_RECURSIVE, Mounts.MOUNT_ATTR_IDMAP, 0, Mounts.MS_PRIVATE, userns);
            } catch (PosixException e) {
                if (e.is(Errnos.EINVAL) || e.is(Errnos.ENOSYS) || e.is(Errnos.EPERM) || e.is(Errnos.ENOTSUP)) {
                    throw new IdmapUnsupportedException(spec.lower() + ": LOWER's filesystem (" + fsType(lower)
                            + ") does not support idmapped mounts (" + e.reason() + ")", e);
                }
                throw e.at(spec.lower().toString());
            }
            mounts.moveMount(tree, staging.toString());
            stack.push(new Mountpoint("idmapped clone of " + lower, staging));
        }
    }

    /**
     * overlayfs shows the root directory's owner and mode from upper, and upper is not idmapped: give its
     * root the owner LOWER's root has through the mapping, so the container's root owns (and can write
     * in) {@code /}. Left alone if already in the target range (a remount, or the container changed it).
     */
    private void ownUpperRootLikeShiftedLower(Path lower, Path upper, ShiftMountSpec spec) throws IOException {
        StatX l = posix.lstat(lower.toString());
        StatX u = posix.lstat(upper.toString());
        if (inTarget(u.uid(), spec) && inTarget(u.gid(), spec)) {
            return;
        }
        long uid = Integer.toUnsignedLong(l.uid());
        long gid = Integer.toUnsignedLong(l.gid());
        int newUid = (int) (uid < spec.range() ? uid + spec.shift() : uid);
        int newGid = (int) (gid < spec.range() ? gid + spec.shift() : gid);
        byte[] path = upper.toString().getBytes(StandardCharsets.UTF_8);
        posix.lchownat(null, path, newUid, newGid);
        posix.chmodat(null, path, l.permissions());
    }

    private static boolean inTarget(int id, ShiftMountSpec spec) {
        long v = Integer.toUnsignedLong(id);
        return v >= spec.shift() && v < spec.shift() + spec.range();
    }

    private void mountOverlay(ShiftMountSpec spec, Path lowerLayer, Path upper, Path work, Path mountpoint,
                              Method method, MountStack stack) throws IOException {
        String source = SOURCE_PREFIX + "shift=0x" + Long.toHexString(spec.shift()) + ",range=0x"
                + Long.toHexString(spec.range()) + ",method=" + method.label();
        try {
            mountRetryingWhileHeld(source, mountpoint, OverlayOptions.of(lowerLayer, upper, work));
        } catch (PosixException e) {
            if (e.is(Errnos.EBUSY)) {
                throw new ShiftMountException(spec.state() + ": STATE is still held by an overlay that was unmounted"
                        + " lazily while in use; it is released when its last user leaves", e);
            }
            if (method == Method.IDMAP && e.is(Errnos.EINVAL)) {
                throw new IdmapUnsupportedException("overlayfs refused the idmapped LOWER " + spec.lower() + " ("
                        + e.reason() + "; needs Linux 5.19+)", e);
            }
            if (e.is(Errnos.ESTALE)) {
                throw new ShiftMountException(spec.state() + ": STATE was made over a different LOWER than "
                        + spec.lower() + " (overlayfs index mismatch); use a fresh STATE", e);
            }
            throw new ShiftMountException(spec.mountpoint() + ": cannot mount overlayfs (" + e.reason() + ")", e);
        }
        stack.push(new Mountpoint("overlay", mountpoint));
        MountInfoEntry entry = MountInfo.read().at(mountpoint)
                .orElseThrow(() -> new ShiftMountException(spec.mountpoint() + ": overlay vanished after mounting"));
        if (!"on".equals(entry.option("metacopy"))) {
            throw new ShiftMountException(spec.state() + ": overlayfs fell back to metacopy=off on STATE's"
                    + " filesystem (" + fsType(upper) + "); it needs trusted xattrs and file handles there");
        }
        if (!"on".equals(entry.option("index"))) {
            // Without the index a copy-up splits hardlinks, and a shift through one name would leave the
            // others unshifted.
            throw new ShiftMountException(spec.lower() + ": overlayfs fell back to index=off: LOWER's filesystem ("
                    + fsType(lowerLayer) + ") or STATE's (" + fsType(upper) + ") lacks file handles, which keep"
                    + " hardlinks whole on copy-up");
        }
    }

    /**
     * overlayfs refuses (EBUSY) an upperdir whose previous overlay has left the mount table but not yet
     * been torn down: detached lazily because something still used it, or still evicting a large tree's
     * inodes. No mounted overlay uses this STATE (checked before), so wait a little for the release.
     */
    private void mountRetryingWhileHeld(String source, Path mountpoint, String options) throws PosixException {
        long deadline = System.nanoTime() + BUSY_WAIT_NANOS;
        long pause = 20;
        while (true) {
            try {
                mounts.mount(source, mountpoint.toString(), "overlay", 0, options);
                return;
            } catch (PosixException e) {
                if (!e.is(Errnos.EBUSY) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new PosixException("mount overlay", mountpoint.toString(), Errnos.EINTR);
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    private ShiftMount mountChowned(ShiftMountSpec spec, Path lower, Path state, Path upper, Path work,
                                    Path mountpoint, Optional<MountState> previous, String fallbackReason)
            throws IOException {
        MountStack stack = new MountStack();
        try {
            mountOverlay(spec, lower, upper, work, mountpoint, Method.CHOWN, stack);
            MountState record = new MountState(MountState.VERSION, lower.toString(), mountpoint.toString(),
                    spec.shift(), spec.range(), Method.CHOWN.label(), null,
                    previous.map(MountState::chownShift).orElse(null), previous.map(MountState::chownFiles).orElse(null));
            long files;
            boolean skipped = false;
            StatX root = posix.lstat(mountpoint.toString());
            if (record.chownShift() != null && record.chownFiles() != null && inTarget(root.uid(), spec)
                    && inTarget(root.gid(), spec)) {
                // The root is chowned last by a complete walk and the record is written after it, so both
                // together mean an earlier mount already shifted this STATE: nothing to do.
                files = record.chownFiles();
                skipped = true;
                record.write(state);
            } else {
                record.write(state);
                files = config.shifter().shift(mountpoint, 0, spec.shift(), spec.range());
                record.withChown(spec.shift(), files).write(state);
            }
            ShiftMountResult r = new ShiftMountResult(mountpoint, lower, state, spec.shift(), spec.range(),
                    Method.CHOWN, files, skipped, fallbackReason, null);
            return new ShiftMount(r, stack);
        } catch (IOException | RuntimeException | Error e) {
            stack.unwindAfter(e);
            throw e;
        }
    }

    // ---- list and unmount -------------------------------------------------------------------------

    /** paddock's shifted mounts in this mount namespace, in mount order. */
    public List<PaddockMount> list() throws IOException {
        MountInfo info = MountInfo.read();
        List<PaddockMount> out = new ArrayList<>();
        for (MountInfoEntry e : info.entries()) {
            if (isPaddockOverlay(e)) {
                out.add(describe(e, info));
            }
        }
        return out;
    }

    static boolean isPaddockOverlay(MountInfoEntry e) {
        return "overlay".equals(e.fsType()) && e.source().startsWith(SOURCE_PREFIX);
    }

    private PaddockMount describe(MountInfoEntry e, MountInfo info) {
        Map<String, String> src = sourceOptions(e.source());
        String upper = e.option("upperdir");
        String state = upper == null ? null : Path.of(upper).getParent().toString();
        String lowerdir = e.option("lowerdir");
        String clone = lowerdir != null && isStagedClone(Path.of(lowerdir), info) ? lowerdir : null;
        String lower = clone == null ? lowerdir : null;
        if (lower == null && state != null) {
            lower = MountState.read(Path.of(state)).map(MountState::lower).orElse(null);
        }
        if (lower == null && clone != null) {
            // The clone's mount entry shows its root within its filesystem, which is LOWER's path when
            // LOWER's filesystem is mounted at /.
            lower = info.at(Path.of(clone)).map(MountInfoEntry::root).orElse(null);
        }
        return new PaddockMount(e.mountPoint(), lower, state, parseId(src.get("shift")), parseId(src.get("range")),
                src.getOrDefault("method", "unknown"), clone);
    }

    /**
     * Whether an overlay's lowerdir is a clone paddock staged: an idmapped mount at a point named like
     * {@link #stagingFor} inside a {@code shift-mount} directory. Recognised by shape rather than by this
     * process's run directory, so mounts made with another PADDOCK_RUN_DIR are still taken down whole,
     * while an idmapped mount the user passed as LOWER is never mistaken for ours.
     */
    static boolean isStagedClone(Path lowerdir, MountInfo info) {
        Path parent = lowerdir.getParent();
        Path name = lowerdir.getFileName();
        if (parent == null || name == null || parent.getFileName() == null
                || !STAGING_DIR.equals(parent.getFileName().toString()) || !STAGING_NAME.matcher(name.toString()).matches()) {
            return false;
        }
        return info.at(lowerdir).map(e -> Arrays.asList(e.mountOptions().split(",")).contains("idmapped")).orElse(false);
    }

    static Map<String, String> sourceOptions(String source) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : source.substring(SOURCE_PREFIX.length()).split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return out;
    }

    private static long parseId(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Takes down the paddock mount at {@code mountpoint}: the overlay, then the idmapped clone it was
     * built on, then the clone's staging directory.
     */
    public PaddockMount unmount(Path mountpoint) throws IOException {
        requireRoot();
        Path mp;
        try {
            mp = mountpoint.toRealPath();
        } catch (IOException e) {
            throw new ShiftMountException(mountpoint + ": does not exist", e);
        }
        MountInfo info = MountInfo.read();
        MountInfoEntry e = info.at(mp).orElseThrow(() -> new ShiftMountException(mountpoint + ": not mounted"));
        if (!isPaddockOverlay(e)) {
            throw new ShiftMountException(mountpoint + ": not a paddock shift mount (" + e.fsType() + " "
                    + e.source() + ")");
        }
        PaddockMount found = describe(e, info);
        MountStack stack = new MountStack();
        if (found.lowerClone() != null) {
            Path clone = Path.of(found.lowerClone());
            stack.push(new CreatedDirectory(clone));
            if (info.at(clone).isPresent()) {
                stack.push(new Mountpoint("idmapped clone", clone));
            }
        }
        stack.push(new Mountpoint("overlay", mp));
        stack.unwind();
        return found;
    }
}
