#!/usr/bin/env bash
# shift-mount cost against tree size: on LOWER trees of 1k and 100k entries, the time to mount with the
# idmap method, with the chown method, and to make a full copy (`cp -a`) shifted with shift-own.
# Targets: idmap's mount time at 100k within 1.5x of its time at 1k (it does not walk), and idmap at
# least 20x faster than chown at 100k. Every figure is the median of RUNS runs (default 3), cold state
# each run (a fresh STATE, a fresh copy), page cache warm. Needs root.
#
#   SHIFT_MOUNT  command for shift-mount (default scripts/shift-mount, else the jar)
#   SHIFT_OWN    command for shift-own   (default scripts/shift-own,   else the jar)
#   RUNS         runs per figure (default 3);  BENCH_DIR  scratch directory (default a mktemp under /var/tmp)
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/../.."
[ "$(id -u)" -eq 0 ] || { echo "shift-mount.sh: must run as root" >&2; exit 1; }
[ -f cli/target/paddock.jar ] || mvn -B -q package -DskipTests

jar_cmd() { echo "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dpaddock.entry=$1 -jar cli/target/paddock.jar"; }
if [ -z "${SHIFT_MOUNT:-}" ]; then
    if [ -x scripts/shift-mount ]; then SHIFT_MOUNT=scripts/shift-mount; else SHIFT_MOUNT=$(jar_cmd shift-mount); fi
fi
if [ -z "${SHIFT_OWN:-}" ]; then
    if [ -x scripts/shift-own ]; then SHIFT_OWN=scripts/shift-own; else SHIFT_OWN=$(jar_cmd shift-own); fi
fi
runs=${RUNS:-3}
shift_id=0x30000

work=${BENCH_DIR:-$(mktemp -d /var/tmp/paddock-bench-mount.XXXXXX)}
mkdir -p "$work"
cleanup() {
    # Unmount anything the benchmark left (a failed run), deepest first, then remove the scratch tree.
    { grep -F " $work/" /proc/self/mountinfo || true; } | awk '{print $5}' | sort -r | while read -r m; do umount -l "$m" || true; done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# A tree of ENTRIES entries: directories of 100 small files, some data in every tenth file.
make_tree() { # dir entries
    local dir=$1 entries=$2 dirs i
    dirs=$(( (entries + 100) / 101 ))
    mkdir -p "$dir"
    for i in $(seq 0 $((dirs - 1))); do
        mkdir "$dir/d$i"
        (cd "$dir/d$i" && touch f{0..99} && for j in 0 10 20 30 40 50 60 70 80 90; do printf 'data %s %s\n' "$i" "$j" > "f$j"; done)
    done
    find "$dir" | wc -l
}

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

# One timed mount of LOWER with METHOD; prints milliseconds. Unmounts (untimed) afterwards.
time_mount() { # method lower tag
    local method=$1 lower=$2 tag=$3 s e state mnt
    state=$work/state-$tag; mnt=$work/mnt-$tag
    rm -rf "$state"; mkdir -p "$mnt"
    s=$(now)
    $SHIFT_MOUNT --oneshot --method "$method" -s "$shift_id" "$lower" "$state" "$mnt" >/dev/null
    e=$(now)
    $SHIFT_MOUNT --umount "$mnt" >/dev/null
    rm -rf "$state"
    ms "$s" "$e"
}

time_copy() { # lower tag
    local lower=$1 tag=$2 s e copy
    copy=$work/copy-$tag
    rm -rf "$copy"
    s=$(now)
    cp -a "$lower" "$copy"
    $SHIFT_OWN -s "$shift_id" "$copy" >/dev/null
    e=$(now)
    rm -rf "$copy"
    ms "$s" "$e"
}

declare -A result
for size in 1000 100000; do
    lower=$work/lower-$size
    n=$(make_tree "$lower" "$size")
    echo "LOWER with $n entries: $lower" >&2
    for method in idmap chown; do
        result[$method-$size]=$(for _ in $(seq "$runs"); do time_mount "$method" "$lower" "$method-$size"; done | median)
    done
    result[copy-$size]=$(for _ in $(seq "$runs"); do time_copy "$lower" "$size"; done | median)
    # What a remount of an already shifted STATE costs with chown (the walk is skipped).
    state=$work/state-re-$size; mnt=$work/mnt-re-$size; mkdir -p "$mnt"
    $SHIFT_MOUNT --oneshot --method chown -s "$shift_id" "$lower" "$state" "$mnt" >/dev/null
    $SHIFT_MOUNT --umount "$mnt" >/dev/null
    result[rechown-$size]=$(for _ in $(seq "$runs"); do
        s=$(now); $SHIFT_MOUNT --oneshot --method chown -s "$shift_id" "$lower" "$state" "$mnt" >/dev/null; e=$(now)
        $SHIFT_MOUNT --umount "$mnt" >/dev/null; ms "$s" "$e"; done | median)
done

printf '%-34s %10s %10s\n' "median wall time (ms)" "1k" "100k"
printf '%-34s %10s %10s\n' "shift-mount --method idmap" "${result[idmap-1000]}" "${result[idmap-100000]}"
printf '%-34s %10s %10s\n' "shift-mount --method chown" "${result[chown-1000]}" "${result[chown-100000]}"
printf '%-34s %10s %10s\n' "chown remount, STATE shifted" "${result[rechown-1000]}" "${result[rechown-100000]}"
printf '%-34s %10s %10s\n' "cp -a + shift-own" "${result[copy-1000]}" "${result[copy-100000]}"
awk -v i1="${result[idmap-1000]}" -v i2="${result[idmap-100000]}" -v c2="${result[chown-100000]}" -v p2="${result[copy-100000]}" 'BEGIN {
    r1 = i2 / i1; r2 = c2 / i2; r3 = p2 / i2
    printf "idmap 100k / idmap 1k:   %.2fx  (target <= 1.5x)  %s\n", r1, (r1 <= 1.5 ? "met" : "NOT MET")
    printf "chown 100k / idmap 100k: %.1fx  (target >= 20x)   %s\n", r2, (r2 >= 20 ? "met" : "NOT MET")
    printf "copy+shift 100k / idmap 100k: %.1fx\n", r3
}'
