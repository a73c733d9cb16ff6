#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): one large file uploaded through the official Auto Drive SDK on the native
# API (1 MiB chunks, as the SDK sends them) and downloaded back through it, with the server's resident memory sampled
# meanwhile (it stays flat: chunks stream to staging, completion streams them into the DSN store).
#   benchmarks/native-upload.sh [size in MiB, default 2048]
# Needs the JS packages of AutoDrive.Tests/Compat/js (test.sh installs them with npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-2048}

. benchmarks/server.sh

rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status"; }
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/native.bin"
before=$(rss)

peak=0
node benchmarks/native-upload.mjs "$base_url/api" "$key" "$work/native.bin" >"$work/result.json" & client=$!
while kill -0 "$client" 2>/dev/null; do now=$(rss); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.2; done
wait "$client"

expected=$(md5sum <"$work/native.bin" | cut -d' ' -f1)
python3 - "$work/result.json" "$size_mib" "$expected" "$before" "$peak" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); mib = int(sys.argv[2]); size = mib * 1024 * 1024
print(f"file: {mib} MiB through the SDK (1 MiB chunks); CID {r['cid']}")
print(f"upload (chunks + complete): {size / r['uploadSeconds'] / 1e6:.0f} MB/s ({r['uploadSeconds']:.1f} s)   "
      f"download: {size / r['downloadSeconds'] / 1e6:.0f} MB/s ({r['downloadSeconds']:.1f} s)   "
      f"bytes identical: {'yes' if r['md5'] == sys.argv[3] else 'NO'}")
print(f"server RSS: {sys.argv[4]} MiB before, peak {sys.argv[5]} MiB during upload and download")
PY
