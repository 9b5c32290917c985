#!/usr/bin/env bash
# Start-up time of the launchers: the median wall time of `shift-own --help` over N runs (default 21),
# beside a Java hello-world floor and the same call without the AppCDS archive.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/../.."
runs=${1:-21}
[ -f cli/target/paddock.jar ] || mvn -B -q package -DskipTests

median() { # command...
    local times=()
    for _ in $(seq "$runs"); do
        local s e
        s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
        times+=($(( (e - s) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

floor_dir=$(mktemp -d); trap 'rm -rf "$floor_dir"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n' > "$floor_dir/Hello.java"
javac -d "$floor_dir" "$floor_dir/Hello.java"

with=$(median scripts/shift-own --help)
without=$(median env PADDOCK_JAVA_OPTS=-Xshare:off scripts/shift-own --help)
paddock_help=$(median scripts/paddock --help)
floor=$(median java -XX:+UseG1GC -XX:TieredStopAtLevel=1 -cp "$floor_dir" Hello)
echo "shift-own --help median:            ${with} ms  (target <= 120 ms)"
echo "shift-own --help, no CDS (-Xshare:off): ${without} ms"
echo "paddock --help median:              ${paddock_help} ms"
echo "java hello-world floor:             ${floor} ms"
awk -v a="$with" -v b="$floor" 'BEGIN { printf "ratio to the JVM floor: %.2fx\n", a / b }'
