#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): one large PutObject and GetObject through a gateway whose DSN is another
# AutoDrive's native API (the network adapter), with both servers' resident memory sampled while the bytes stream.
# Gateway A stores on its local store; gateway B (AutoDrive:Dsn:Kind=AutoDriveApi) sends the content to A in chunks
# and reads it back from A by ranges, keeping none of it. Both are the Release build run as processes, each with its
# own data directory and embedded PostgreSQL, on ports of their own.
#   benchmarks/remote-put.sh [size in MiB, default 1024]
# The client is boto3 (a single put_object streamed from the file, a get_object streamed into an MD5); last, for
# comparison, the same put_object straight to A (not sampled).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}

dotnet build AutoDrive.Api/AutoDrive.Api.csproj -c Release --nologo -v quiet "-clp:ErrorsOnly;NoSummary" >/dev/null
work=$(mktemp -d /tmp/autodrive-bench-XXXXXX)
chmod 755 "$work"  # the embedded PostgreSQL runs as the postgres user when the benchmark runs as root
bench_out="$PWD/AutoDrive.Api/bin/Release/net10.0"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
new_key() { echo "$1-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
port_a=$(free_port); port_b=$(free_port)
key_a=$(new_key a); key_b=$(new_key b)

# start_gateway <name> <port> <key> [VAR=value ...]: the server in the background, its log in $work/<name>.log.
start_gateway() {
    local name=$1 port=$2 key=$3; shift 3
    mkdir -p "$work/$name"
    env AutoDrive__DataDirectory="$work/$name" AutoDrive__LocalUser__Enabled=false \
        AutoDrive__Bootstrap__Users__0__Name=bench AutoDrive__Bootstrap__Users__0__ApiKey="$key" \
        Logging__LogLevel__Default=Warning ASPNETCORE_URLS="http://127.0.0.1:$port" "$@" \
        dotnet "$bench_out/AutoDrive.Api.dll" --contentRoot "$bench_out" >"$work/$name.log" 2>&1 &
}
wait_ready() { # <base url> <pid> <name>
    for _ in $(seq 1 240); do
        curl -sf -o /dev/null "$1/health/ready" && return 0
        kill -0 "$2" 2>/dev/null || break
        sleep 0.5
    done
    echo "gateway $3 did not become ready; its log:" >&2
    cat "$work/$3.log" >&2
    exit 1
}

start_gateway a "$port_a" "$key_a"
pid_a=$!
stop_servers() {
    kill "$pid_a" ${pid_b:+"$pid_b"} 2>/dev/null || true
    wait "$pid_a" ${pid_b:+"$pid_b"} 2>/dev/null || true
    rm -rf "$work"
}
trap stop_servers EXIT
wait_ready "http://127.0.0.1:$port_a" "$pid_a" a

start_gateway b "$port_b" "$key_b" AutoDrive__Dsn__Kind=AutoDriveApi \
    AutoDrive__Dsn__AutoDriveApi__BaseUrl="http://127.0.0.1:$port_a/api" AutoDrive__Dsn__AutoDriveApi__ApiKey="$key_a"
pid_b=$!
wait_ready "http://127.0.0.1:$port_b" "$pid_b" b

rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
sample_peaks() { # samples both servers' RSS until the file $1 appears; writes "peak_b peak_a" to $2
    local peak_a=0 peak_b=0 now
    while [ ! -e "$1" ]; do
        now=$(rss "$pid_b"); [ "$now" -gt "$peak_b" ] && peak_b=$now
        now=$(rss "$pid_a"); [ "$now" -gt "$peak_a" ] && peak_a=$now
        sleep 0.1
    done
    echo "$peak_b $peak_a" >"$2"
}

head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/blob.bin"
expected=$(md5sum <"$work/blob.bin" | cut -d' ' -f1)

# One client process for the warm-up and both transfers; it waits for a go file before each transfer so that the
# sampler runs exactly around it, and writes its figures as JSON.
cat >"$work/client.py" <<'PY'
import hashlib, json, os, sys, time
import boto3
from botocore.config import Config

endpoint, key, path, work, direct_endpoint, direct_key = sys.argv[1:7]

def client(url, access_key):
    return boto3.client("s3", endpoint_url=url, aws_access_key_id=access_key, aws_secret_access_key="any",
                        region_name="us-east-1", config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

s3 = client(endpoint, key)

def wait_for(name):
    while not os.path.exists(os.path.join(work, name)):
        time.sleep(0.05)

def mark(name):
    open(os.path.join(work, name), "w").close()

s3.create_bucket(Bucket="bench")
s3.put_object(Bucket="bench", Key="warm", Body=b"warm")  # JIT, connections, the remote's first upload
s3.get_object(Bucket="bench", Key="warm")["Body"].read()
mark("warm.done")

wait_for("put.go")
start = time.monotonic()
with open(path, "rb") as body:
    put = s3.put_object(Bucket="bench", Key="blob.bin", Body=body)
put_seconds = time.monotonic() - start
mark("put.done")

wait_for("get.go")
start = time.monotonic()
md5 = hashlib.md5()
for chunk in s3.get_object(Bucket="bench", Key="blob.bin")["Body"].iter_chunks(1024 * 1024):
    md5.update(chunk)
get_seconds = time.monotonic() - start
mark("get.done")

# The baseline: the same PutObject straight to A (its local store), by the same client.
direct = client(direct_endpoint, direct_key)
direct.create_bucket(Bucket="direct")
direct.put_object(Bucket="direct", Key="warm", Body=b"warm")
start = time.monotonic()
with open(path, "rb") as body:
    direct.put_object(Bucket="direct", Key="blob.bin", Body=body)
direct_seconds = time.monotonic() - start

headers = put["ResponseMetadata"]["HTTPHeaders"]
json.dump({"putSeconds": put_seconds, "getSeconds": get_seconds, "directPutSeconds": direct_seconds, "md5": md5.hexdigest(),
           "etag": put["ETag"].strip('"'), "cid": headers.get("x-amz-meta-cid")}, open(os.path.join(work, "result.json"), "w"))
PY

python3 "$work/client.py" "http://127.0.0.1:$port_b/s3" "$key_b" "$work/blob.bin" "$work" "http://127.0.0.1:$port_a/s3" "$key_a" & client=$!
while [ ! -e "$work/warm.done" ]; do kill -0 "$client" 2>/dev/null || { wait "$client"; exit 1; }; sleep 0.1; done
before_b=$(rss "$pid_b"); before_a=$(rss "$pid_a")

sample_peaks "$work/put.done" "$work/put.peak" & sampler=$!
touch "$work/put.go"; wait "$sampler"
sample_peaks "$work/get.done" "$work/get.peak" & sampler=$!
touch "$work/get.go"; wait "$sampler"
wait "$client"

# The content is at A: its native API knows the CID.
cid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cid"] or "")' "$work/result.json")
at_a=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key_a" -H "X-Auth-Provider: apikey" \
    "http://127.0.0.1:$port_a/api/objects/$cid/status")

python3 - "$work/result.json" "$size_mib" "$expected" "$before_b" "$before_a" "$(cat "$work/put.peak")" "$(cat "$work/get.peak")" "$at_a" "$(du -sm "$work/b" | cut -f1)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); mib = int(sys.argv[2]); size = mib * 1024 * 1024
before_b, before_a = sys.argv[4], sys.argv[5]
put_b, put_a = sys.argv[6].split(); get_b, get_a = sys.argv[7].split()
print(f"object: {mib} MiB, one PutObject through B (remote adapter) to A (local store); CID {r['cid']}")
print(f"PUT: {size / r['putSeconds'] / 1e6:.0f} MB/s ({r['putSeconds']:.1f} s)   GET: {size / r['getSeconds'] / 1e6:.0f} MB/s ({r['getSeconds']:.1f} s)")
print(f"baseline, the same PUT straight to A: {size / r['directPutSeconds'] / 1e6:.0f} MB/s ({r['directPutSeconds']:.1f} s)")
print(f"bytes identical after the round trip: {'yes' if r['md5'] == sys.argv[3] else 'NO'}   "
      f"ETag is the MD5: {'yes' if r['etag'] == sys.argv[3] else 'NO'}   A's status of the CID: HTTP {sys.argv[8]}")
print(f"B RSS: {before_b} MiB before, peak {put_b} MiB during PUT, peak {get_b} MiB during GET   (B's data directory: {sys.argv[9]} MiB, with its PostgreSQL)")
print(f"A RSS: {before_a} MiB before, peak {put_a} MiB during PUT, peak {get_a} MiB during GET")
PY
