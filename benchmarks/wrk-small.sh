#!/usr/bin/env bash
# Small-object figures with wrk (C, lighter on the 2 cores than the C# load generator): builds and starts AutoDrive
# (benchmarks/server.sh), then 4 KiB GET of one key and 4 KiB PUT of unique bodies, 32 connections (2 threads), after
# a warm-up of each. Prints op/s and the CPU each request cost the gateway and its PostgreSQL (utime + stime from
# /proc over the run, divided by the requests). Figures only, nothing asserted. Needs wrk (Debian: apt-get install wrk).
#   benchmarks/wrk-small.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-8}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
. benchmarks/server.sh
postmaster=$(head -n1 "$work/data/postgres/pgdata/postmaster.pid")
tick=$(getconf CLK_TCK)
cpu() { local t=0 s; for p in "$@"; do s=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0); t=$((t + s)); done; echo "$t"; }
tree() { echo "$server $postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"; }
head -c 4096 /dev/urandom >"$work/4k"
curl -sf -o /dev/null -X PUT -H "$auth" --data-binary @"$work/4k" "$base_url/s3/wrk/one"
run() { # name, wrk arguments...
    local name=$1; shift
    wrk -t2 -c32 -d3s -H "$auth" "$@" >/dev/null  # warm-up
    local pg; pg=$(tree | cut -d' ' -f2-)
    local g0 p0 out n g1 p1
    g0=$(cpu "$server"); p0=$(cpu $pg)
    out=$(wrk -t2 -c32 -d"${seconds}s" -H "$auth" "$@")
    g1=$(cpu "$server"); p1=$(cpu $pg)
    n=$(echo "$out" | grep -o '[0-9]* requests in' | cut -d' ' -f1)
    printf '%-8s %8s op/s  gateway CPU %s ms/request  PostgreSQL CPU %s ms/request  %s\n' "$name" \
        "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
        "$(echo "scale=3; ($g1 - $g0) * 1000 / $tick / $n" | bc)" "$(echo "scale=3; ($p1 - $p0) * 1000 / $tick / $n" | bc)" \
        "$(echo "$out" | grep -E 'Non-2xx' || true)"
}
run "GET 4K" "$base_url/s3/wrk/one"
run "PUT 4K" -s benchmarks/wrk/put-4k.lua "$base_url/"
