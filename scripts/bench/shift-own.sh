#!/usr/bin/env bash
# Times shift-own against its peers on the same >=50k-entry tree, cold and warm cache:
#   shift-own -s 0x30000 DIR                          (JVM start included)
#   fuidshift DIR b:0:196608:65536                    (lxd-tools)
#   systemd-nspawn --private-users-ownership=chown    (if installed; chowns, then runs /bin/true)
#   chown -R -h 196608:196608 DIR                     (the syscall floor: a flat owner, no xattrs)
# Every run starts from the same ownership: FRESH=copy (default) makes a fresh `cp -a` copy of the
# source tree per run; FRESH=restore resets one copy in place instead (chown -R back to the source's
# owners - 0:0, usr/share/doc 1000:1000 -, re-set the capability and the ACL), which is much faster
# when the disk is busy and keeps the inodes identical across tools. The tools take turns within each
# run. Prints the median of RUNS runs (wall, and CPU user+sys) per tool and the ratios against the
# targets. Needs root.
#
# Environment: SHIFT_OWN (command, default scripts/shift-own, else java -jar cli/target/paddock.jar),
# RUNS (default 3), BENCH_DIR (default /var/tmp/paddock-bench; must not be tmpfs), BENCH_SOURCE
# (default /usr/share), MODES (default "cold warm"), FRESH (copy|restore).
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/var/tmp/paddock-bench}
BENCH_SOURCE=${BENCH_SOURCE:-/usr/share}
MODES=${MODES:-cold warm}
FRESH=${FRESH:-copy}
MIN_ENTRIES=50000

if [[ -n ${SHIFT_OWN:-} ]]; then
    read -r -a shift_own <<<"$SHIFT_OWN"
elif [[ -x $here/scripts/shift-own ]]; then
    shift_own=("$here/scripts/shift-own")
else
    shift_own=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Dpaddock.entry=shift-own
               -jar "$here/cli/target/paddock.jar")
fi
[[ $(id -u) -eq 0 ]] || { echo "shift-own.sh: must run as root" >&2; exit 1; }

src=$BENCH_DIR/src
work=$BENCH_DIR/work
mkdir -p "$BENCH_DIR"

build_source() {
    rm -rf "$src"
    mkdir -p "$src/usr" "$src/bin" "$src/usr/lib" "$src/etc" "$src/dev" "$src/proc" "$src/sys" "$src/run" "$src/tmp"
    cp -a "$BENCH_SOURCE" "$src/usr/share" 2>/dev/null || true
    local n
    n=$(find "$src" | wc -l)
    if (( n < MIN_ENTRIES )); then # not enough: top up with generated files
        local d=0
        while (( n < MIN_ENTRIES )); do
            mkdir -p "$src/gen/$d"
            (cd "$src/gen/$d" && touch $(seq -f 'f%g' 1 100))
            n=$((n + 101)); d=$((d + 1))
        done
    fi
    # A minimal rootfs for systemd-nspawn: os-release, busybox and /bin/true.
    cp /usr/lib/os-release "$src/usr/lib/os-release"
    if [[ -x /bin/busybox ]]; then
        cp /bin/busybox "$src/bin/busybox"
        ln -sf busybox "$src/bin/true"
    fi
    # Owners the shift has to carry, kept to a pattern that FRESH=restore can put back: everything
    # 0:0 except a user's tree at 1000:1000; plus a capability and an ACL.
    chown -R -h 0:0 "$src"
    chown -R -h 1000:1000 "$src/usr/share/doc" 2>/dev/null || true
    command -v setcap >/dev/null && [[ -f $src/bin/busybox ]] && setcap cap_net_raw+ep "$src/bin/busybox"
    command -v setfacl >/dev/null && setfacl -m u:1000:rwx "$src/usr/lib"
    chown 0:0 "$src"
}

if [[ ! -d $src ]] || (( $(find "$src" | wc -l) < MIN_ENTRIES )); then
    echo "building source tree in $src ..." >&2
    build_source
fi
entries=$(find "$src" | wc -l)

rm -rf "$work" # a leftover from an interrupted run is not a faithful copy
can_drop=0
if sync && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then can_drop=1; fi

fresh_copy() {
    if [[ $FRESH == restore && -d $work ]]; then
        chown -R -h 0:0 "$work"
        [[ -d $work/usr/share/doc ]] && chown -R -h 1000:1000 "$work/usr/share/doc"
        if [[ -f $work/bin/busybox ]] && command -v setcap >/dev/null; then setcap cap_net_raw+ep "$work/bin/busybox"; fi
        if command -v setfacl >/dev/null; then setfacl -b "$work/usr/lib" && setfacl -m u:1000:rwx "$work/usr/lib"; fi
        return
    fi
    rm -rf "$work"
    cp -a "$src" "$work"
}

prepare() { # $1 = cold|warm
    sync
    if [[ $1 == cold && $can_drop == 1 ]]; then
        echo 3 >/proc/sys/vm/drop_caches
    else
        find "$work" -printf '' # warm the dentry and inode caches
    fi
}

now() { date +%s%N; }

timing=$BENCH_DIR/time.out
run_tool() { # $1 = tool name; prints "wall cpu" in seconds
    local tm=(/usr/bin/time -o "$timing" -f "%e %U %S")
    case $1 in
        shift-own) "${tm[@]}" "${shift_own[@]}" -s 0x30000 --ignore-foreign "$work" >/dev/null ;;
        fuidshift) "${tm[@]}" fuidshift "$work" b:0:196608:65536 >/dev/null ;;
        nspawn)    "${tm[@]}" systemd-nspawn -q -D "$work" --register=no --keep-unit --private-users=196608:65536 \
                       --private-users-ownership=chown /bin/true >/dev/null 2>&1 ;;
        chown)     "${tm[@]}" chown -R -h 196608:196608 "$work" ;;
    esac
    # Every tool must have shifted the root (nspawn and chown included).
    [[ $(stat -c %u "$work") == 196608 ]] || { echo "shift-own.sh: $1 did not shift $work" >&2; exit 1; }
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$timing"
}

median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

tools=(shift-own fuidshift chown)
command -v fuidshift >/dev/null || tools=(shift-own chown)
if command -v systemd-nspawn >/dev/null && [[ -x $src/bin/busybox ]]; then tools+=(nspawn); fi

declare -A result
echo "tree: $entries entries ($FRESH per run) from $BENCH_SOURCE on $(df --output=fstype "$BENCH_DIR" | tail -1); $(nproc) cores; runs: $RUNS"
echo "shift-own command: ${shift_own[*]}"
[[ $can_drop == 1 ]] || echo "note: cannot drop caches here; 'cold' runs are warm"
# Runs interleave the tools (run i starts with tool i mod n), so that drift on a shared machine
# (writeback, a noisy neighbour) falls on every tool alike instead of on whichever ran last.
declare -A walls cpus
for mode in $MODES; do
    if [[ $mode == warm ]]; then
        # One untimed run per tool first: a cold pass drops the tools' own files (the JVM, the jar,
        # the archive) from the page cache too, and a warm run must not pay for reading them back.
        for tool in "${tools[@]}"; do fresh_copy; prepare warm; run_tool "$tool" >/dev/null; done
    fi
    for ((i = 0; i < RUNS; i++)); do
        for ((k = 0; k < ${#tools[@]}; k++)); do
            tool=${tools[(i + k) % ${#tools[@]}]}
            fresh_copy
            prepare "$mode"
            read -r wall cpu < <(run_tool "$tool")
            walls[$mode,$tool]+="$wall " cpus[$mode,$tool]+="$cpu "
        done
    done
    for tool in "${tools[@]}"; do
        result[$mode,$tool]=$(echo "${walls[$mode,$tool]% }" | median)
        cpu_median=$(echo "${cpus[$mode,$tool]% }" | median)
        printf '%-5s %-10s wall median %6.3f s (runs: %s)   cpu median %6.3f s\n' "$mode" "$tool" \
            "${result[$mode,$tool]}" "${walls[$mode,$tool]% }" "$cpu_median"
    done
done
rm -rf "$work"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
for mode in $MODES; do
    so=${result[$mode,shift-own]}
    line="$mode:"
    [[ -n ${result[$mode,nspawn]:-} ]] && line+=" shift-own/nspawn $(ratio "$so" "${result[$mode,nspawn]}") (target <= 1.00);"
    [[ -n ${result[$mode,fuidshift]:-} ]] && line+=" fuidshift/shift-own $(ratio "${result[$mode,fuidshift]}" "$so") (target >= 2.00);"
    line+=" shift-own/chown-R $(ratio "$so" "${result[$mode,chown]}") (target <= 2.00)"
    echo "$line"
done
