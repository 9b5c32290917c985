#!/usr/bin/env bash
# paddock vs casync: extract of the same image (>= SIZE MB, default 220) from nginx over HTTP into empty
# caches, then a re-extract after 1% of the files changed (warm caches, so only new chunks move). The
# server and the clients run in two network namespaces this script makes, joined by a veth pair that
# carries 20 ms of added delay each way: `tc netem delay 20ms` on each end when the kernel has
# sch_netem, otherwise a userspace delay line (scripts/bench/DelayProxy.java) in the server namespace
# that holds every byte for 20 ms in each direction (same round trip, bandwidth not throttled). Prints
# wall times, the casync/paddock ratio (target >= 5) and peak RSS (/usr/bin/time -v). Needs root,
# nginx, casync, iproute2, java.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/../.."
size_mb=${1:-220}
[ -f cli/target/paddock.jar ] || mvn -B -q package -DskipTests
paddock=$PWD/scripts/paddock

id=$$
srv=pdk-srv-$id cli=pdk-cli-$id
work=$(mktemp -d /var/tmp/paddock-bench-remote.XXXXXX)
nginx_pid= proxy_pid=
cleanup() {
    [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null && wait "$proxy_pid" 2>/dev/null || true
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
    ip netns del "$srv" 2>/dev/null || true
    ip netns del "$cli" 2>/dev/null || true
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

ip netns add "$srv"
ip netns add "$cli"
ip -n "$srv" link add pdks type veth peer name pdkc netns "$cli"
ip -n "$srv" addr add 10.231.0.1/30 dev pdks
ip -n "$cli" addr add 10.231.0.2/30 dev pdkc
for ns in "$srv" "$cli"; do ip -n "$ns" link set lo up; done
ip -n "$srv" link set pdks up
ip -n "$cli" link set pdkc up
latency="20 ms each way (tc netem)"
listen=10.231.0.1:8080
if ! ip netns exec "$srv" tc qdisc add dev pdks root netem delay 20ms 2>/dev/null \
        || ! ip netns exec "$cli" tc qdisc add dev pdkc root netem delay 20ms 2>/dev/null; then
    latency="20 ms each way (userspace delay line: this kernel has no sch_netem)"
    listen=127.0.0.1:8081
    mkdir -p "$work/proxy"
    javac -d "$work/proxy" scripts/bench/DelayProxy.java
fi

echo "== building a tree of >= ${size_mb} MB from /usr"
tree=$work/tree
mkdir -p "$tree"
for src in /usr/share/* /usr/lib/*; do
    [ "$(du -sm "$tree" | cut -f1)" -ge "$size_mb" ] && break
    cp -a "$src" "$tree/" 2>/dev/null || true
done
echo "tree: $(du -sm "$tree" | cut -f1) MB, $(find "$tree" | wc -l) entries"

www=$work/www
mkdir -p "$www" "$work/nginx/body"
"$paddock" image make -q --store="$www/s.castr" "$work/v1.caidx" "$tree"
cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
user root;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/body;
  keepalive_requests 1000000;
  server { listen $listen; root $www; }
}
CONF
ip netns exec "$srv" nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
if [ "$listen" != 10.231.0.1:8080 ]; then
    ip netns exec "$srv" java -XX:+UseSerialGC -cp "$work/proxy" DelayProxy 10.231.0.1 8080 127.0.0.1 8081 20 2>/dev/null &
    proxy_pid=$!
fi
for _ in $(seq 100); do ip netns exec "$cli" bash -c 'exec 3<>/dev/tcp/10.231.0.1/8080' 2>/dev/null && break; sleep 0.1; done
url=http://10.231.0.1:8080/s.castr

run() { # label command...
    local log=$work/time-$1.log; shift
    local s e
    s=$(date +%s%N)
    ip netns exec "$cli" /usr/bin/time -v -o "$log" "$@" >/dev/null
    e=$(date +%s%N)
    echo "$(( (e - s) / 1000000 )) $(awk -F': ' '/Maximum resident/ {print $2}' "$log")"
}

read -r p1 prss1 < <(run p1 "$paddock" image extract -q --store="$url" --cache="$work/cache-p" "$work/v1.caidx" "$work/out-p1")
read -r c1 crss1 < <(run c1 casync extract --store="$url" --cache="$work/cache-c" "$work/v1.caidx" "$work/out-c1")
diff -r -q --no-dereference "$work/out-p1" "$work/out-c1" >/dev/null || { echo "paddock and casync extracted different trees" >&2; exit 1; }

# 1% of the files change
find "$tree" -type f | awk 'NR % 100 == 0' | while read -r f; do printf 'changed' >> "$f" 2>/dev/null || true; done
"$paddock" image make -q --store="$www/s.castr" "$work/v2.caidx" "$tree"
read -r p2 prss2 < <(run p2 "$paddock" image extract -q --store="$url" --cache="$work/cache-p" "$work/v2.caidx" "$work/out-p2")
read -r c2 crss2 < <(run c2 casync extract --store="$url" --cache="$work/cache-c" "$work/v2.caidx" "$work/out-c2")
diff -r -q --no-dereference "$work/out-p2" "$work/out-c2" >/dev/null || { echo "paddock and casync extracted different v2 trees" >&2; exit 1; }

echo "latency added: $latency; image: $(du -sm "$tree" | cut -f1) MB, $(wc -c < "$work/v1.caidx") byte index"
ratio() { awk -v c="$1" -v p="$2" 'BEGIN{printf "%.2fx", c/p}'; }
printf '%-28s %10s %10s %14s %14s %14s\n' "" "paddock ms" "casync ms" "casync/paddock" "paddock RSS KB" "casync RSS KB"
printf '%-28s %10s %10s %14s %14s %14s\n' "extract, empty caches" "$p1" "$c1" "$(ratio "$c1" "$p1")" "$prss1" "$crss1"
printf '%-28s %10s %10s %14s %14s %14s\n' "re-extract after 1% change" "$p2" "$c2" "$(ratio "$c2" "$p2")" "$prss2" "$crss2"
echo "target: paddock >= 5x faster than casync (casync/paddock >= 5)"
