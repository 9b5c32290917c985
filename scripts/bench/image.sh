#!/usr/bin/env bash
# paddock image vs casync, side by side in one run: cold make, extract, and re-make after appending
# 9 bytes to 1% of the files, on a copy of /usr/share (>= 200 MB and >= 25k files, topped up with
# generated files if needed). Prints wall times, peak RSS and the ratios casync/paddock (> 1 means
# paddock is faster). JVM start-up is included: paddock runs through its launcher.
#
#   PADDOCK=cmd     the paddock command (default scripts/paddock, fallback java -jar cli/target/paddock.jar)
#   BENCH_DIR=dir   where the tree and stores live (default /var/tmp/paddock-bench-image); the tree is kept
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

measure() { # label command... → prints "seconds rss_kb"
    local label=$1 out; shift; out=$(mktemp)
    if ! /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>"$out.err"; then
        echo "$label failed:" >&2; cat "$out.err" >&2; rm -f "$out" "$out.err"; return 1
    fi
    read -r secs rss < "$out"; rm -f "$out" "$out.err"
    echo "$secs $rss"
}

# 1% of the regular files, chosen deterministically, get 9 bytes appended for the re-make.
find "$tree" -type f -size +0 | sort | awk 'NR % 100 == 0' > "$dir/changed.list"
append9() { while read -r f; do printf '123456789' >> "$f"; done < "$dir/changed.list"; }
restore9() { while read -r f; do truncate -s -9 "$f"; done < "$dir/changed.list"; }
trap restore9_if_needed EXIT
changed=0
restore9_if_needed() { if [ "$changed" = 1 ]; then restore9; fi; }

declare -A T R
mkcmd() { # tool → the make command
    if [ "$1" = casync ]; then echo "casync make --store=$dir/casync.castr"; else echo "$PADDOCK image make -q --store=$dir/paddock.castr"; fi
}
excmd() {
    if [ "$1" = casync ]; then echo "casync extract --store=$dir/casync.castr"; else echo "$PADDOCK image extract -q --store=$dir/paddock.castr"; fi
}
# Both cold makes see the same tree (so their indexes must be identical), then both extracts, then
# both re-makes of the changed tree.
for tool in casync paddock; do
    rm -rf "$dir/$tool.castr" "$dir/$tool.caidx" "$dir/$tool.out" "$dir/$tool.v2.caidx"
done
sync
for tool in casync paddock; do
    # shellcheck disable=SC2046
    read -r T[$tool.make] R[$tool.make] < <(measure make $(mkcmd $tool) "$dir/$tool.caidx" "$tree")
done
for tool in casync paddock; do
    # shellcheck disable=SC2046
    read -r T[$tool.extract] R[$tool.extract] < <(measure extract $(excmd $tool) "$dir/$tool.caidx" "$dir/$tool.out")
    rm -rf "$dir/$tool.out"
done
append9; changed=1
for tool in casync paddock; do
    # shellcheck disable=SC2046
    read -r T[$tool.remake] R[$tool.remake] < <(measure remake $(mkcmd $tool) "$dir/$tool.v2.caidx" "$tree")
done
restore9; changed=0
cmp -s "$dir/casync.caidx" "$dir/paddock.caidx" && same="identical" || same="DIFFERENT"
cmp -s "$dir/casync.v2.caidx" "$dir/paddock.v2.caidx" || same="$same (re-made: DIFFERENT)"
echo "indexes: $same"
printf '%-8s %10s %10s %10s %12s %12s\n' step casync_s paddock_s ratio casync_rssKB paddock_rssKB
for step in make extract remake; do
    ratio=$(awk -v a="${T[casync.$step]}" -v b="${T[paddock.$step]}" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
    printf '%-8s %10s %10s %10s %12s %12s\n' "$step" "${T[casync.$step]}" "${T[paddock.$step]}" "$ratio" "${R[casync.$step]}" "${R[paddock.$step]}"
done
echo "targets: make >= 2x, extract >= 1.5x, remake >= 2x (ratio = casync / paddock)"

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
    rm -rf "$dir/big.castr" "$dir/big.caidx" "$dir/big.out"
    read -r t r < <(measure bigmake "${p[@]}" image make -q "--store=$dir/big.castr" "$dir/big.caidx" "$big")
    echo "1 GB tree ($(du -sb "$big" | cut -f1) bytes): paddock make ${t}s, peak RSS $((r / 1024)) MB (target < 300 MB)"
    read -r t r < <(measure bigextract "${p[@]}" image extract -q "--store=$dir/big.castr" "$dir/big.caidx" "$dir/big.out")
    echo "1 GB tree: paddock extract ${t}s, peak RSS $((r / 1024)) MB (target < 300 MB)"
    rm -rf "$dir/big.out"
fi
