#!/usr/bin/env bash
# Side-by-side benchmark (prints figures, asserts nothing about time): AutoDrive, s3rver (Node), moto (Python) and a raw
# Kestrel ceiling (benchmarks/RawKestrel), each started on loopback in turn and driven by the same load generator
# (benchmarks/LoadGen: raw HttpClient, SigV4-signed requests, every answer checked). One target runs at a time, so
# each has the machine's cores to itself (the load generator shares them, as wrk would).
#   benchmarks/compare.sh [--quick]
# Full: 10 s per 4 KiB phase, a 1 GiB object, 10,000 listed keys (about 10 minutes). --quick: 3 s, 256 MiB, 2,000.
# Prints one table (ratios to raw Kestrel) and writes benchmarks/results/<date>-<host>.json and latest.json.
# A peer that cannot be installed or started is skipped with its reason in the table; the run goes on.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=10 large_mib=1024 list_keys=10000
if [ "${1:-}" = "--quick" ]; then duration=3 large_mib=256 list_keys=2000; fi
part_mib=16 streams=4

echo "building the load generator and raw Kestrel (Release)"
for project in LoadGen RawKestrel; do
    dotnet build "benchmarks/$project" -c Release --nologo -v quiet "-clp:ErrorsOnly;NoSummary" >/dev/null
done
loadgen="dotnet benchmarks/LoadGen/bin/Release/net10.0/LoadGen.dll"
run=$(mktemp -d /tmp/autodrive-compare-XXXXXX)
peer_pid=""
cleanup() {
    if [ -n "$peer_pid" ]; then kill "$peer_pid" 2>/dev/null || true; wait "$peer_pid" 2>/dev/null || true; fi
    rm -rf "$run"
}
trap cleanup EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # url: waits up to 60 s for any HTTP answer
    for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done
    return 1
}
skip() { # name, reason (a fixed text: no quotes in it)
    echo "SKIP $1: $2"
    printf '{"name":"%s","skipped":"%s","phases":[]}\n' "$1" "$2" >"$run/$1.target.json"
}
drive() { # name, endpoint, pid, extra LoadGen options...
    local name=$1 endpoint=$2 pid=$3; shift 3
    echo "== $name ($endpoint, pid $pid)"
    $loadgen run --name "$name" --endpoint "$endpoint" --pid "$pid" --blob "$run/blob" --out "$run/$name.target.json" \
        --duration "$duration" --list-keys "$list_keys" --streams "$streams" "$@" \
        || echo "$name: the load generator reported a failure (see the table)"
    [ -e "$run/$name.target.json" ] || skip "$name" "the load generator wrote no result, see the output above"
}
stop_peer() { kill "$peer_pid" 2>/dev/null || true; wait "$peer_pid" 2>/dev/null || true; peer_pid=""; }

echo "preparing a ${large_mib} MiB test object"
$loadgen prepare "$run/blob" "$large_mib" "$part_mib"

# raw Kestrel: the ceiling.
port=$(free_port)
ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet benchmarks/RawKestrel/bin/Release/net10.0/RawKestrel.dll "$run/raw" \
    >"$run/raw.log" 2>&1 & peer_pid=$!
if wait_http "http://127.0.0.1:$port/"; then
    drive "raw Kestrel" "http://127.0.0.1:$port" "$peer_pid" --no-etag
else
    skip "raw Kestrel" "did not start, see its log"; cat "$run/raw.log"
fi
stop_peer; rm -rf "$run/raw"

# AutoDrive, through benchmarks/server.sh (Release build, temporary data directory, a bootstrap user). It runs in a
# subshell so its EXIT trap stops the server and removes its directory as soon as this target is done.
(
    . benchmarks/server.sh
    # Its embedded PostgreSQL runs detached (not a child), so the postmaster is sampled as a second root.
    postmaster=$(head -n1 "$work/data/postgres/pgdata/postmaster.pid" 2>/dev/null || true)
    drive "AutoDrive" "$base_url/s3" "$server" ${postmaster:+--pid "$postmaster"} --access-key "$key" --secret-key unused
) || skip "AutoDrive" "did not start or failed, see the output above"

# s3rver (Node; keeps objects as files, no fsync), installed at a pinned version under benchmarks/.peers (gitignored).
s3rver_js=benchmarks/.peers/node_modules/s3rver/bin/s3rver.js
if [ ! -e "$s3rver_js" ] && command -v npm >/dev/null; then
    echo "installing s3rver@3.7.1 into benchmarks/.peers"
    npm install --prefix benchmarks/.peers --no-audit --no-fund --loglevel=error s3rver@3.7.1 >/dev/null 2>&1 || true
fi
if [ ! -e "$s3rver_js" ]; then
    skip "s3rver" "npm install s3rver@3.7.1 failed or npm is missing"
else
    port=$(free_port)
    # s3rver 3.7.1 encrypts its ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
    node --openssl-legacy-provider "$s3rver_js" -d "$run/s3rver" -a 127.0.0.1 -p "$port" --silent >"$run/s3rver.log" 2>&1 & peer_pid=$!
    if wait_http "http://127.0.0.1:$port/"; then
        drive "s3rver" "http://127.0.0.1:$port" "$peer_pid" --access-key S3RVER --secret-key S3RVER
    else
        skip "s3rver" "did not start, see its log"; cat "$run/s3rver.log"
    fi
    stop_peer; rm -rf "$run/s3rver"
fi

# moto (Python; keeps objects in memory), installed with pip if missing.
if ! python3 -c 'import moto.server' 2>/dev/null; then
    echo "installing moto[server] with pip"
    python3 -m pip install --quiet 'moto[server]==5.1.*' >/dev/null 2>&1 || true
fi
if ! python3 -c 'import moto.server' 2>/dev/null; then
    skip "moto" "pip install moto[server] failed"
else
    port=$(free_port)
    python3 -m moto.server -H 127.0.0.1 -p "$port" >"$run/moto.log" 2>&1 & peer_pid=$!
    if wait_http "http://127.0.0.1:$port/"; then
        drive "moto" "http://127.0.0.1:$port" "$peer_pid" --access-key test --secret-key test
    else
        skip "moto" "did not start, see its log"; cat "$run/moto.log"
    fi
    stop_peer
fi

mkdir -p benchmarks/results
stamp=$(date -u +%Y-%m-%d)
[ "$duration" = 10 ] || stamp="$stamp-quick"
out="benchmarks/results/$stamp-$(hostname -s).json"
$loadgen report "$run" "$out" --note "load average at start $load_start; $(nproc) cores; run: $([ "$duration" = 10 ] && echo full || echo quick)"
cp "$out" benchmarks/results/latest.json
echo "written: $out (and benchmarks/results/latest.json)"
