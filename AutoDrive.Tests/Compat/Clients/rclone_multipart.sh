#!/usr/bin/env bash
# rclone (S3 provider "Other") against AutoDrive's multipart uploads, with a 50 MB random file:
# 1. `rclone copyto` with default settings. rclone 1.60's default upload cutoff is 200 MiB (--s3-upload-cutoff), so
#    50 MB goes up in a single PUT (after CreateBucket); the script prints which path was taken.
# 2. So that rclone's multipart path runs too, one more copyto with `--s3-upload-cutoff 10M --s3-chunk-size 5M`
#    (otherwise defaults: 4 concurrent parts): CreateMultipartUpload, 10 parts, Complete, checked in rclone's
#    --dump headers log; the object's ETag (from that log) is the composite md5(concatenated part MD5s)-10.
# 3. `rclone cat --no-traverse` of the multipart object (no listing) and copyto back: the same bytes.
# 4. `rclone lsjson --stat --hash -M` of both objects: the size; the MD5 (for the multipart object rclone cannot
#    use the ETag, which is no MD5: it shows the MD5 it stored itself in X-Amz-Meta-Md5chksum at upload, which the
#    server must keep from CreateMultipartUpload); the metadata's cid, the same for both (same bytes, same name).
# Run by AutoDrive.Tests/Compat/RealClientMultipartTests.cs. Environment: AUTODRIVE_S3_ENDPOINT (http:// or
# https://), AUTODRIVE_KEY; over HTTPS, AUTODRIVE_CA_BUNDLE names the server's certificate, given to rclone with
# --ca-cert.
set -euo pipefail

source "$(dirname "$0")/rclone_remote.sh"
# The request lines ("PUT /s3/... HTTP/1.1") of a --dump headers log (whose header lines end in CR LF).
requests() { tr -d '\r' < "$1" | sed -n 's/^.* DEBUG : \(\(GET\|HEAD\|PUT\|POST\|DELETE\) .* HTTP\/1\.1\)$/\1/p'; }
json_field() { python3 -c 'import json,sys; v=json.load(sys.stdin); [v:=v[k] for k in sys.argv[1:]]; print(v)' "$@"; }

bucket="rclonemp-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
size=50000000
head -c $size /dev/urandom > "$work/blob.bin"
md5=$(md5sum "$work/blob.bin" | cut -d' ' -f1)
composite=$(python3 - "$work/blob.bin" <<'PY'
import hashlib, sys
digests, parts = b"", 0
with open(sys.argv[1], "rb") as f:
    while part := f.read(5 * 1024 * 1024):
        digests, parts = digests + hashlib.md5(part).digest(), parts + 1
print('"%s-%d"' % (hashlib.md5(digests).hexdigest(), parts))
PY
)

# 1. Default settings.
rc copyto --dump headers "$work/blob.bin" "ad:$bucket/single/blob.bin" 2> "$work/single.log" \
    || fail "copyto (default settings): $(grep -E 'ERROR|Failed' "$work/single.log" | head -5)"
# The request lines go to a file first: "producer | grep -q" fails under pipefail when grep stops reading early.
requests "$work/single.log" > "$work/single.requests"
if grep -q '?uploads' "$work/single.requests"; then
    echo "ok: copyto with default settings: multipart upload ($(grep -c 'partNumber=' "$work/single.requests") parts)"
else
    grep -qx "PUT /s3/$bucket/single/blob.bin HTTP/1.1" "$work/single.requests" \
        || fail "copyto with default settings: neither a PUT nor a multipart upload: $(requests "$work/single.log")"
    echo "ok: copyto with default settings: single PUT (50 MB is below rclone's default upload cutoff of 200 MiB)"
fi

# 2. rclone's multipart path: a 10 MB cutoff and 5 MiB chunks.
rc copyto --s3-upload-cutoff 10M --s3-chunk-size 5M --dump headers "$work/blob.bin" "ad:$bucket/multipart/blob.bin" \
    2> "$work/multipart.log" || fail "copyto (multipart): $(grep -E 'ERROR|Failed' "$work/multipart.log" | head -5)"
requests "$work/multipart.log" > "$work/multipart.requests"
grep -qx "POST /s3/$bucket/multipart/blob.bin?uploads= HTTP/1.1\|POST /s3/$bucket/multipart/blob.bin?uploads HTTP/1.1" \
    "$work/multipart.requests" || fail "no CreateMultipartUpload: $(cat "$work/multipart.requests")"
parts=$(grep -c "^PUT /s3/$bucket/multipart/blob.bin?partNumber=" "$work/multipart.requests" || true)
[ "$parts" = 10 ] || fail "expected 10 UploadPart requests, saw $parts: $(cat "$work/multipart.requests")"
grep -q "^POST /s3/$bucket/multipart/blob.bin?uploadId=" "$work/multipart.requests" \
    || fail "no CompleteMultipartUpload: $(cat "$work/multipart.requests")"
echo "ok: copyto --s3-upload-cutoff 10M --s3-chunk-size 5M: CreateMultipartUpload, $parts parts, Complete"

# 3. The bytes, by cat without listing (--no-traverse with the file named) and by copyto back.
echo blob.bin > "$work/blob.list"
rc cat --no-traverse --files-from-raw "$work/blob.list" "ad:$bucket/multipart" | cmp - "$work/blob.bin" \
    || fail "cat --no-traverse of the multipart object: bytes differ"
rc copyto "ad:$bucket/multipart/blob.bin" "$work/blob.back" || fail "copyto from the remote"
cmp "$work/blob.bin" "$work/blob.back" || fail "copyto from the remote: bytes differ"
echo "ok: cat --no-traverse and copyto back: bytes identical"

# 4. lsjson --stat --hash -M (its HEAD's response headers dumped for the ETag).
rc lsjson --stat --hash -M --dump headers "ad:$bucket/multipart/blob.bin" > "$work/multipart.json" 2> "$work/stat.log" \
    || fail "lsjson --stat of the multipart object: $(grep -E 'ERROR|Failed' "$work/stat.log" | head -5)"
etag=$(sed -n 's/^Etag: //Ip' "$work/stat.log" | tr -d '\r' | tail -1)
[ "$etag" = "$composite" ] || fail "ETag of the multipart object $etag, expected the composite $composite"
[ "$(json_field Size < "$work/multipart.json")" = $size ] || fail "lsjson --stat: size: $(cat "$work/multipart.json")"
shown_md5=$(json_field Hashes md5 < "$work/multipart.json") || fail "lsjson --stat --hash shows no MD5: $(cat "$work/multipart.json")"
[ "$shown_md5" = "$md5" ] || fail "lsjson --stat --hash: MD5 $shown_md5, expected $md5: $(cat "$work/multipart.json")"
multipart_cid=$(json_field Metadata cid < "$work/multipart.json") || fail "no cid in the metadata: $(cat "$work/multipart.json")"
echo "ok: lsjson --stat --hash -M of the multipart object: ETag $etag, MD5 $shown_md5 (rclone's X-Amz-Meta-Md5chksum), CID $multipart_cid"

rc lsjson --stat --hash -M "ad:$bucket/single/blob.bin" > "$work/single.json" || fail "lsjson --stat of the single PUT"
[ "$(json_field Hashes md5 < "$work/single.json")" = "$md5" ] || fail "lsjson --stat --hash (single PUT): $(cat "$work/single.json")"
single_cid=$(json_field Metadata cid < "$work/single.json") || fail "no cid in the metadata: $(cat "$work/single.json")"
[ "$single_cid" = "$multipart_cid" ] \
    || fail "CID of the multipart upload $multipart_cid differs from that of the same bytes and name uploaded by rclone's default copyto $single_cid"
echo "ok: the multipart object has the CID of the default copyto of the same bytes and name"

echo "rclone multipart ($(rclone version | head -1), ${AUTODRIVE_S3_ENDPOINT%%:*}): all checks passed"
