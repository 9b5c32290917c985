#!/usr/bin/env bash
# paddock image vs casync, side by side in one run: cold make, extract, and re-make after appending
# 9 bytes to 1% of the files, on a copy of /usr/share (>= 200 MB and >= 25k files, topped up with
# generated files if needed). Prints wall times, peak RSS and the ratios casync/paddock (> 1 means
# paddock is faster). JVM start-up is included: paddock runs through its launcher.
#
#   PADDOCK=cmd     the paddock command (default scripts/paddock, fallback java -jar cli/target/paddock.jar)
#   BENCH_DIR=dir   where the tree and stores live (default /var/tmp/paddock-bench-image); the tree is kept
#   RUNS=n          how many times each step runs (default 3); medians are reported
#   BENCH_DROP_CACHES=1  drop the page cache (not just sync) before every timed step, for both tools
#   BENCH_BIG=1     also measure peak RSS of make/extract on a 1 GB tree (target < 300 MB)
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/../.."
root=$(pwd)
[ -f cli/target/paddock.jar ] || mvn -B -q package -DskipTests
if [ -z "${PADDOCK:-}" ]; then
    if [ -x scripts/paddock ]; then PADDOCK="$root/scripts/paddock"; else PADDOCK="java -jar $root/cli/target/paddock.jar"; fi
fi
command -v casync >/dev/null || { echo "image.sh: casync is not installed (apt-get install casync)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "image.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

dir=${BENCH_DIR:-/var/tmp/paddock-bench-image}
mkdir -p "$dir"
tree=$dir/tree

# A copy of /usr/share of at least 200 MB and 25k files, built once.
if [ ! -f "$dir/tree.done" ]; then
    rm -rf "$tree"; mkdir -p "$tree"
    for d in /usr/share/*; do
        cp -a "$d" "$tree/" 2>/dev/null || true
        bytes=$(du -sb "$tree" | cut -f1); files=$(find "$tree" -type f | wc -l)
        if [ "$bytes" -ge 230000000 ] && [ "$files" -ge 28000 ]; then break; fi
    done
    bytes=$(du -sb "$tree" | cut -f1); files=$(find "$tree" -type f | wc -l)
    i=0
    while [ "$bytes" -lt 200000000 ] || [ "$files" -lt 25000 ]; do
        mkdir -p "$tree/generated/$((i / 1000))"
        head -c $(( (i * 7919) % 200000 + 100 )) /dev/urandom | base64 > "$tree/generated/$((i / 1000))/g$i.txt"
        i=$((i + 1)); files=$((files + 1)); bytes=$((bytes + (i * 7919) % 200000 * 4 / 3))
    done
    touch "$dir/tree.done"
fi
bytes=$(du -sb "$tree" | cut -f1); files=$(find "$tree" -type f | wc -l)
echo "tree: $tree, $((bytes / 1000000)) MB, $files files; $(nproc) cores; paddock: $PADDOCK"

# Fairness: every timed step starts after `sync`, so a tool never pays for the writeback the previous
# step left behind; with BENCH_DROP_CACHES=1 the page cache is dropped too (a truly cold read), the same
# way for both tools. Each step runs RUNS times with the tools alternating who goes first; the table
# shows medians. CPU time (user+sys) is printed beside wall time: on a shared machine it is the steadier
# figure. The load average is sampled before every step.
runs=${RUNS:-3}
settle() {
    sync
    if [ "${BENCH_DROP_CACHES:-0}" = 1 ]; then echo 3 > /proc/sys/vm/drop_caches; fi
}
loads=()
measure() { # label command... → sets $result to "wall user sys rss_kb"
    local label=$1 out; shift; out=$(mktemp)
    settle
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    if ! /usr/bin/time -f "%e %U %S %M" -o "$out" "$@" >/dev/null 2>"$out.err"; then
        echo "$label failed:" >&2; cat "$out.err" >&2; rm -f "$out" "$out.err"; return 1
    fi
    result=$(tail -n 1 "$out"); rm -f "$out" "$out.err"
}

# 1% of the regular files, chosen deterministically, get 9 bytes appended for the re-make.
find "$tree" -type f -size +0 | sort | awk 'NR % 100 == 0' > "$dir/changed.list"
append9() { while read -r f; do printf '123456789' >> "$f"; done < "$dir/changed.list"; }
restore9() { while read -r f; do truncate -s -9 "$f"; done < "$dir/changed.list"; }
changed=0
restore9_if_needed() { if [ "$changed" = 1 ]; then restore9; fi; }

# Deleting many files right before a timed step would skew it: on ext4 without a journal (as on the
# bench VM) inode allocation skips every inode freed in the last 60 s, or 360 s once its inode-table
# block is dirty again, one buffer lookup each (ialloc.c recently_deleted). The tool being timed dirties
# those blocks itself as it creates files next to the freed inodes, so after a large clean-up the
# window is in effect 360 s: 40k creates after 40k deletes go quadratic (measured here: 28% of a make's
# CPU in recently_deleted two minutes after a purge), and whichever tool runs second pays for the
# first one's clean-up. So every run writes to fresh names, nothing is deleted until the end, and the
# first timed step waits until 361 s after the last clean-up (of this invocation's leftovers or the
# previous one's). Other deletions on the same filesystem (a test suite run just before) skew it the
# same way and cannot be seen from here: leave six minutes after them.
purge() { # paths... → removes them and notes when
    local p
    for p in "$@"; do if [ -e "$p" ]; then rm -rf "$p"; touch "$dir/purged"; fi; done
}
work=$dir/runs
purge "$work" "$dir"/casync.* "$dir"/paddock.* "$dir/big.castr" "$dir/big.caidx" "$dir/big.out"
sync
if [ -f "$dir/purged" ]; then
    age=$(( $(date +%s) - $(stat -c %Y "$dir/purged") ))
    if [ "$age" -lt 361 ]; then
        echo "(waiting $((361 - age)) s for deleted inodes to age out of ext4's recently-deleted window)"; sleep $((361 - age))
    fi
fi
mkdir -p "$work"
cleanup() { restore9_if_needed; purge "$work"; }
trap cleanup EXIT

# samples[tool.step] holds one "wall user sys rss" line per run
declare -A samples
mkcmd() { # tool store [cache] → the make command; paddock always keeps its make cache (its default),
           # here in a per-run file so that every cold make is cold; casync only with a cache given
    if [ "$1" = casync ]; then echo "casync make --store=$2${3:+ --cache=$3}"; else echo "$PADDOCK image make -q --store=$2 --cache=$2.mkcache"; fi
}
excmd() {
    if [ "$1" = casync ]; then echo "casync extract --store=$2"; else echo "$PADDOCK image extract -q --store=$2"; fi
}
record() { samples[$1]+="$result"$'\n'; }
same="identical"
casync_cache_differs=0
# Per run: both cold makes see the same tree (so their indexes must be identical), then both extracts,
# then both re-makes of the changed tree into the store the cold make filled.
for ((run = 1; run <= runs; run++)); do
    if ((run % 2)); then order="casync paddock"; else order="paddock casync"; fi
    r=$work/r$run
    for tool in $order; do
        # shellcheck disable=SC2046
        measure make $(mkcmd $tool "$r.$tool.castr") "$r.$tool.caidx" "$tree"; record "$tool.make"
    done
    for tool in $order; do
        # shellcheck disable=SC2046
        measure extract $(excmd $tool "$r.$tool.castr") "$r.$tool.caidx" "$r.$tool.out"; record "$tool.extract"
    done
    # casync's own encoder cache (--cache), primed untimed from the unchanged tree, for a second
    # re-make comparison: the default re-make and the cached one are both reported
    # shellcheck disable=SC2046
    $(mkcmd casync "$r.casync.castr" "$r.casync.cache") "$r.casync.prime.caidx" "$tree" >/dev/null 2>&1
    append9; changed=1
    for tool in $order; do
        # shellcheck disable=SC2046
        measure remake $(mkcmd $tool "$r.$tool.castr") "$r.$tool.v2.caidx" "$tree"; record "$tool.remake"
        if [ "$tool" = casync ]; then
            # shellcheck disable=SC2046
            measure remake-cached $(mkcmd casync "$r.casync.castr" "$r.casync.cache") "$r.casync.v2c.caidx" "$tree"
            record "casync.remakec"
        fi
    done
    restore9; changed=0
    cmp -s "$r.casync.caidx" "$r.paddock.caidx" || same="DIFFERENT (run $run)"
    cmp -s "$r.casync.v2.caidx" "$r.paddock.v2.caidx" || same="$same (re-made: DIFFERENT, run $run)"
    # casync's --cache reuses its cached cut points, so its cached re-make is not the index its own
    # uncached re-make writes (paddock's cached re-make must be, and is compared above)
    cmp -s "$r.casync.v2c.caidx" "$r.casync.v2.caidx" || casync_cache_differs=1
done
echo "indexes: $same (paddock cold vs casync cold, paddock cached re-make vs casync uncached re-make)"
if [ "$casync_cache_differs" = 1 ]; then
    echo "note: casync make --cache wrote a different index than casync make without it (it keeps its cached cut points)"
fi
echo "load average before each timed step: ${loads[*]}"
median() { # column → the median of that column of stdin
    awk -v c="$1" 'NF { print $c }' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
medcpu() { awk 'NF { print $2 + $3 }' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "medians of $runs runs (wall and CPU seconds; ratio = casync / paddock, > 1 means paddock is faster)"
printf '%-8s %9s %9s %7s | %9s %9s %7s | %-15s %-15s | %12s %12s\n' step casync_s paddock_s ratio \
    casyncCPU paddockCPU ratio "casync usr+sys" "paddock usr+sys" casync_rssKB paddock_rssKB
for step in make extract remake remakec; do
    # remakec: casync re-making with its --cache against paddock's (always cached) re-make
    c=${samples[casync.$step]}; p=${samples[paddock.${step%c}]}
    cw=$(median 1 <<< "$c"); pw=$(median 1 <<< "$p")
    cc=$(medcpu <<< "$c"); pc=$(medcpu <<< "$p")
    cu=$(median 2 <<< "$c"); cs=$(median 3 <<< "$c"); pu=$(median 2 <<< "$p"); ps=$(median 3 <<< "$p")
    cr=$(median 4 <<< "$c"); pr=$(median 4 <<< "$p")
    ratio=$(awk -v a="$cw" -v b="$pw" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
    cratio=$(awk -v a="$cc" -v b="$pc" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
    printf '%-8s %9s %9s %7s | %9s %9s %7s | %-15s %-15s | %12s %12s\n' "$step" "$cw" "$pw" "$ratio" "$cc" "$pc" "$cratio" \
        "$cu+$cs" "$pu+$ps" "$cr" "$pr"
done
echo "all runs (wall user sys rssKB):"
for step in make extract remake remakec; do
    for tool in casync paddock; do
        [ -n "${samples[$tool.$step]:-}" ] || continue
        echo "  $tool $step: $(tr '\n' ';' <<< "${samples[$tool.$step]}" | sed 's/;$//; s/;/; /g')"
    done
done
echo "targets: make >= 2x, extract >= 1.5x, remake >= 2x (wall, ratio = casync / paddock);"
echo "  remakec is the same paddock re-make against casync make --cache (casync's encoder cache, primed untimed)"
# What the CPU figures allow: casync runs on one core, so with paddock's CPU time spread perfectly over
# every core, the best wall ratio is casync's wall / (paddock's CPU / cores). A ratio near this line
# is limited by the work itself, not by how it is spread.
cores=$(nproc)
for step in make extract remake remakec; do
    cw=$(median 1 <<< "${samples[casync.$step]}"); pc=$(medcpu <<< "${samples[paddock.${step%c}]}")
    awk -v s="$step" -v a="$cw" -v c="$pc" -v n="$cores" \
        'BEGIN { printf "  %-8s ceiling with paddock'"'"'s CPU on %d cores: %.2fx\n", s, n, (c > 0 ? a / (c / n) : 0) }'
done

if [ "${BENCH_BIG:-0}" = 1 ]; then
    big=$dir/big
    if [ ! -f "$dir/big.done" ]; then
        rm -rf "$big"; mkdir -p "$big"
        n=0
        while [ "$(du -sb "$big" | cut -f1)" -lt 1073741824 ]; do cp -a "$tree" "$big/copy$n"; n=$((n + 1)); done
        touch "$dir/big.done"
    fi
    # shellcheck disable=SC2206
    p=($PADDOCK)
    measure bigmake "${p[@]}" image make -q "--store=$work/big.castr" "$work/big.caidx" "$big"; read -r t _ _ r <<< "$result"
    echo "1 GB tree ($(du -sb "$big" | cut -f1) bytes): paddock make ${t}s, peak RSS $((r / 1024)) MB (target < 300 MB)"
    measure bigextract "${p[@]}" image extract -q "--store=$work/big.castr" "$work/big.caidx" "$work/big.out"; read -r t _ _ r <<< "$result"
    echo "1 GB tree: paddock extract ${t}s, peak RSS $((r / 1024)) MB (target < 300 MB)"
fi
