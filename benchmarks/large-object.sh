#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): one large PutObject and GetObject through a freshly started
# AutoDrive, with the server's resident memory sampled while the bytes stream.
#   benchmarks/large-object.sh [size in MiB, default 1024]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}

. benchmarks/server.sh

rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status"; }
sample_peak() { # samples RSS until the file $1 appears, writes the peak to $2
    local peak=0 now
    while [ ! -e "$1" ]; do now=$(rss); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.1; done
    echo "$peak" >"$2"
}

head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/blob"
url="$base_url/s3/bench/blob.bin"

# Warm up (JIT, connection pool) with a small object, then measure.
curl -sf -H "$auth" -T /dev/null "$base_url/s3/bench/warm" >/dev/null
before=$(rss)

sample_peak "$work/put.done" "$work/put.peak" & sampler=$!
put=$(curl -sf -H "$auth" -H "Expect:" -T "$work/blob" -w '%{speed_upload} %{time_total}' -o /dev/null "$url")
touch "$work/put.done"; wait "$sampler"

sample_peak "$work/get.done" "$work/get.peak" & sampler=$!
get=$(curl -sf -H "$auth" -w '%{speed_download} %{time_total}' -o >(md5sum | cut -d' ' -f1 >"$work/back.md5") "$url")
touch "$work/get.done"; wait "$sampler"

sleep 1  # the md5sum of the download finishes after curl
[ "$(md5sum <"$work/blob" | cut -d' ' -f1)" = "$(cat "$work/back.md5")" ] && same=yes || same=NO
read -r put_speed put_time <<<"$put"
read -r get_speed get_time <<<"$get"
printf 'object: %d MiB (bytes identical after the round trip: %s)\n' "$size_mib" "$same"
printf 'PUT: %.0f MB/s (%.1f s)   GET: %.0f MB/s (%.1f s)\n' \
    "$(echo "$put_speed / 1000000" | bc -l)" "$put_time" "$(echo "$get_speed / 1000000" | bc -l)" "$get_time"
printf 'server RSS: %s MiB before, peak %s MiB during PUT, peak %s MiB during GET\n' \
    "$before" "$(cat "$work/put.peak")" "$(cat "$work/get.peak")"
