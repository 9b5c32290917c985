#!/usr/bin/env bash
# Container launcher benchmark, as root. Builds a ~200 MB image (busybox plus part of /usr/share),
# creates a first container (which extracts the image once), then times, side by side in one run:
#   - `paddock container create` of a second container from the already-extracted image, per method;
#   - time to first command output: `paddock container run NAME -- true` against plain
#     `systemd-nspawn -D` on a pre-shifted copy of the same tree.
# Usage: scripts/bench/container.sh [RUNS]   (env PADDOCK overrides the launcher)
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/../.."
runs=${1:-5}
[ "$(id -u)" -eq 0 ] || { echo "container.sh: needs root" >&2; exit 1; }
[ -f cli/target/paddock.jar ] || mvn -B -q package -DskipTests
paddock=${PADDOCK:-scripts/paddock}

work=$(mktemp -d /var/tmp/paddock-bench-container.XXXXXX)
export PADDOCK_ROOT=$work/registry
cleanup() {
    for c in $("$paddock" container list 2>/dev/null | awk 'NR > 1 { print $1 }'); do "$paddock" container rm "$c" >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT

ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,sbin,etc,usr/lib,usr/share,proc,sys,dev,tmp,root}
cp /bin/busybox "$rootfs/bin/"
for a in sh true id cat; do ln -s busybox "$rootfs/bin/$a"; done
echo "ID=bench" > "$rootfs/usr/lib/os-release"
for d in /usr/share/*; do
    cp -a "$d" "$rootfs/usr/share/"
    [ "$(du -sm "$rootfs" | cut -f1)" -ge 200 ] && break
done
echo "image tree: $(du -sh "$rootfs" | cut -f1), $(find "$rootfs" | wc -l) entries"
"$paddock" image make --quiet --store "$work/store.castr" "$work/bench.caidx" "$rootfs"

s=$(date +%s%N); "$paddock" container create first --image "$work/bench.caidx" --store "$work/store.castr" >/dev/null; e=$(date +%s%N)
echo "first create (extracts the image once):       $(ms "$s" "$e") ms"

for method in idmap chown; do
    times=()
    for i in $(seq "$runs"); do
        s=$(date +%s%N)
        "$paddock" container create "$method$i" --method "$method" --image "$work/bench.caidx" --store "$work/store.castr" >/dev/null
        e=$(date +%s%N)
        times+=("$(ms "$s" "$e")")
        "$paddock" container rm "$method$i" >/dev/null
    done
    printf 'second create, %-5s median of %d:         %s ms%s\n' "$method" "$runs" "$(printf '%s\n' "${times[@]}" | median)" \
        "$([ "$method" = idmap ] && echo '   (target < 1000 ms)')"
done

# Time to first output: paddock run vs plain nspawn on a pre-shifted copy (same base).
base=$(( $("$paddock" container status first --json | awk -F': ' '/"base"/ { gsub(/,/, "", $2); print $2 }') ))
cp -a "$rootfs" "$work/preshifted"
chown -R -h "$base:$base" "$work/preshifted"
nspawn_flags=(--quiet --register=no --keep-unit --private-users="$base:65536" --private-users-ownership=off)
p_times=(); n_times=()
for i in $(seq "$runs"); do
    s=$(date +%s%N); "$paddock" container run first -- /bin/true 2>/dev/null; e=$(date +%s%N); p_times+=("$(ms "$s" "$e")")
    s=$(date +%s%N); systemd-nspawn "${nspawn_flags[@]}" -D "$work/preshifted" --as-pid2 /bin/true 2>/dev/null; e=$(date +%s%N); n_times+=("$(ms "$s" "$e")")
done
p=$(printf '%s\n' "${p_times[@]}" | median); n=$(printf '%s\n' "${n_times[@]}" | median)
echo "run -- true, paddock container run:            $p ms"
echo "run -- true, plain systemd-nspawn -D:          $n ms"
awk -v p="$p" -v n="$n" 'BEGIN { printf "ratio paddock / nspawn:                        %.2fx\n", p / n }'
