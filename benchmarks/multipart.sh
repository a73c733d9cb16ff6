#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing about time): multipart upload against a single PutObject through a
# freshly started AutoDrive (its own port, a temporary data directory, a bootstrap user), with raw curl requests.
#   benchmarks/multipart.sh [size in MiB, default 1024] [part size in MiB, default 16] [concurrent streams, default 4]
# (a) CreateMultipartUpload (POST ?uploads), the parts (slices of one random file, `split`) sent by xargs -P over
#     that many concurrent curl streams, CompleteMultipartUpload with the XML body: total throughput from Create to
#     the end of Complete, the parts' throughput, and the latency of the Complete request alone;
# (b) a single PutObject of the same file: its throughput;
# (c) both objects have the same file name (blob.bin) under different keys: their CIDs must be equal, and the
#     multipart ETag must be the composite md5(concatenated part MD5s)-N. A mismatch prints a FAIL line and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
part_mib=${2:-16}
streams=${3:-4}
fail() { echo "FAIL: $*" >&2; exit 1; }

. benchmarks/server.sh
base="$base_url/s3/bench"
export auth base work
now() { date +%s.%N; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { print b / 1000000 / s }'; }  # bytes, seconds → MB/s (10^6 bytes/s)
minus() { awk -v a="$1" -v b="$2" 'BEGIN { print a - b }'; }

head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/blob.bin"
bytes=$(stat -c %s "$work/blob.bin")
mkdir "$work/parts"
split -b "${part_mib}M" -d -a 5 "$work/blob.bin" "$work/parts/"
parts=$(find "$work/parts" -type f | wc -l)

# Warm up (JIT, connection set-up, the multipart code paths) with a small multipart upload and a small PUT.
curl -sf -H "$auth" -T /dev/null "$base/warm" >/dev/null
warm=$(curl -sf -H "$auth" -X POST "$base/warm.bin?uploads" | sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p')
curl -sf -H "$auth" -H "Expect:" --data-binary "warm" -X PUT -o /dev/null "$base/warm.bin?partNumber=1&uploadId=$warm"
curl -sf -H "$auth" -X DELETE "$base/warm.bin?uploadId=$warm" >/dev/null

# (a) Multipart.
start=$(now)
upload_id=$(curl -sf -H "$auth" -X POST "$base/multipart/blob.bin?uploads" | sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p')
[ -n "$upload_id" ] || fail "CreateMultipartUpload gave no UploadId"
export upload_id
send_part() { # part number → writes the part's ETag to $work/etag.<n>
    local n=$1 file
    file=$(printf '%s/parts/%05d' "$work" $((n - 1)))
    curl -sf -H "$auth" -H "Expect:" -T "$file" -D "$work/headers.$n" -o /dev/null \
        "$base/multipart/blob.bin?partNumber=$n&uploadId=$upload_id" || { echo "part $n failed" >"$work/failed.$n"; return 1; }
    tr -d '\r' <"$work/headers.$n" | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' >"$work/etag.$n"
}
export -f send_part
seq 1 "$parts" | xargs -P "$streams" -I{} bash -c 'send_part {}' || fail "an UploadPart failed: $(cat "$work"/failed.* 2>/dev/null)"
parts_done=$(now)
{
    echo "<CompleteMultipartUpload>"
    for n in $(seq 1 "$parts"); do echo "<Part><PartNumber>$n</PartNumber><ETag>$(cat "$work/etag.$n")</ETag></Part>"; done
    echo "</CompleteMultipartUpload>"
} >"$work/complete.xml"
complete=$(curl -sf -H "$auth" -X POST --data-binary @"$work/complete.xml" -D "$work/complete.headers" -o "$work/complete.body" \
    -w '%{time_total}' "$base/multipart/blob.bin?uploadId=$upload_id") || fail "CompleteMultipartUpload: $(cat "$work/complete.body")"
end=$(now)

# (b) A single PutObject of the same file, same file name.
put=$(curl -sf -H "$auth" -H "Expect:" -T "$work/blob.bin" -w '%{speed_upload} %{time_total}' -o /dev/null "$base/single/blob.bin") \
    || fail "PutObject"
read -r put_speed put_time <<<"$put"

# (c) The same CID; the composite ETag.
header() { tr -d '\r' | sed -n "s/^$1: *//Ip" | head -1; }
multipart_cid=$(curl -sf -I -H "$auth" "$base/multipart/blob.bin" | header x-amz-meta-cid)
single_cid=$(curl -sf -I -H "$auth" "$base/single/blob.bin" | header x-amz-meta-cid)
multipart_etag=$(curl -sf -I -H "$auth" "$base/multipart/blob.bin" | header etag)
expected_etag=$(python3 - "$work"/parts/* <<'PY'
import hashlib, sys
digests = b"".join(hashlib.file_digest(open(p, "rb"), "md5").digest() for p in sys.argv[1:])
print('"%s-%d"' % (hashlib.md5(digests).hexdigest(), len(sys.argv) - 1))
PY
)

total=$(minus "$end" "$start")
printf 'object: %d MiB in %d parts of %d MiB, %d concurrent streams (curl, plain HTTP, loopback)\n' \
    "$size_mib" "$parts" "$part_mib" "$streams"
printf 'multipart: %.0f MB/s total (%.1f s, Create to end of Complete); parts alone %.0f MB/s; Complete %.3f s\n' \
    "$(mbps "$bytes" "$total")" "$total" "$(mbps "$bytes" "$(minus "$parts_done" "$start")")" "$complete"
printf 'single PutObject: %.0f MB/s (%.1f s)\n' "$(mbps "$put_speed" 1)" "$put_time"
printf 'CID: multipart %s, single PUT %s\n' "$multipart_cid" "$single_cid"
[ -n "$multipart_cid" ] && [ "$multipart_cid" = "$single_cid" ] || fail "the multipart object's CID differs from the single PUT's"
[ "$multipart_etag" = "$expected_etag" ] || fail "multipart ETag $multipart_etag, expected the composite $expected_etag"
echo "same CID: yes; composite ETag: $multipart_etag"
