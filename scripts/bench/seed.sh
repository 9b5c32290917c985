#!/usr/bin/env bash
# Seeded extract benchmark: v2 of a blob and of a tree is extracted from a store that holds only the
# chunks v1 lacks, with v1 (file or directory) as --seed; paddock and casync side by side in one run,
# same inputs, printing wall times and the paddock/casync ratio. Both outputs are checked against v2.
# Usage: scripts/bench/seed.sh [BLOB_MB]   (env PADDOCK overrides the binary)
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/../.."
mb=${1:-400}
command -v casync >/dev/null || { echo "seed.sh: casync is not installed" >&2; exit 1; }
[ -f cli/target/paddock.jar ] || mvn -B -q package -DskipTests
paddock=${PADDOCK:-scripts/paddock}
work=$(mktemp -d /var/tmp/paddock-bench-seed.XXXXXX)
trap 'rm -rf "$work"' EXIT

ms() { echo $(( ($2 - $1) / 1000000 )); }
# Keeps only the chunks of store $2 that store $1 lacks.
only_new() { (cd "$1" && find . -type f) | while read -r f; do rm -f "$2/$f"; done; }
run() { # label, check command, command...
    local label=$1 check=$2; shift 2
    local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N)
    eval "$check" || { echo "seed.sh: $label: output differs from v2" >&2; exit 1; }
    ms "$s" "$e"
}
ratio() { awk -v p="$1" -v c="$2" 'BEGIN { printf "%.2f", p / c }'; }

head -c "$((mb << 20))" /dev/urandom > "$work/v1.bin"
cp "$work/v1.bin" "$work/v2.bin"
dd if=/dev/urandom of="$work/v2.bin" bs=1M count=4 seek=$((mb / 2)) conv=notrunc status=none
"$paddock" image make -q --store="$work/b1" "$work/v1.caibx" "$work/v1.bin"
"$paddock" image make -q --store="$work/b2" "$work/v2.caibx" "$work/v2.bin"
only_new "$work/b1" "$work/b2"
p=$(run "paddock blob" 'cmp -s "$work/p.bin" "$work/v2.bin"' "$paddock" image extract -q --store="$work/b2" --seed="$work/v1.bin" "$work/v2.caibx" "$work/p.bin")
c=$(run "casync blob" 'cmp -s "$work/c.bin" "$work/v2.bin"' casync extract --store="$work/b2" --seed="$work/v1.bin" "$work/v2.caibx" "$work/c.bin")
echo "blob ${mb} MB, file seed:  paddock $p ms, casync $c ms, ratio $(ratio "$p" "$c")"

mkdir -p "$work/t1"
for d in /usr/share/*; do
    cp -a "$d" "$work/t1/"
    [ "$(du -sm "$work/t1" | cut -f1)" -ge 150 ] && break
done
cp -a "$work/t1" "$work/t2"
find "$work/t2" -type f -size +1k | awk 'NR % 100 == 0' | while read -r f; do echo changed >> "$f"; done
"$paddock" image make -q --store="$work/s1" "$work/v1.caidx" "$work/t1"
"$paddock" image make -q --store="$work/s2" "$work/v2.caidx" "$work/t2"
only_new "$work/s1" "$work/s2"
want=$(casync mtree "$work/t2")
p=$(run "paddock tree" '[ "$(casync mtree "$work/pt")" = "$want" ]' "$paddock" image extract -q --store="$work/s2" --seed="$work/t1" "$work/v2.caidx" "$work/pt")
c=$(run "casync tree" '[ "$(casync mtree "$work/ct")" = "$want" ]' casync extract --store="$work/s2" --seed="$work/t1" "$work/v2.caidx" "$work/ct")
echo "tree $(du -sh "$work/t1" | cut -f1), directory seed:  paddock $p ms, casync $c ms, ratio $(ratio "$p" "$c")"
