#!/usr/bin/env bash
# The AWS CLI with default settings against AutoDrive's multipart uploads: `aws s3 cp` of a 100 MB random file
# (above the CLI's 8 MiB multipart threshold: CreateMultipartUpload, 8 MiB parts sent concurrently, Complete) up
# and back down (the CLI downloads it with concurrent ranged GETs carrying If-Match); the ETag is the composite
# md5(concatenated part MD5s)-N for the CLI's default 8 MiB parts; x-amz-meta-cid equals the CID of a single
# `aws s3api put-object` of the same file under another key with the same file name.
# Run by AutoDrive.Tests/Compat/RealClientMultipartTests.cs over plain HTTP and over HTTPS. Environment:
# AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY; over HTTPS, AWS_CA_BUNDLE names the server's
# certificate (verification stays on).
set -euo pipefail

export AWS_ACCESS_KEY_ID="$AUTODRIVE_KEY" AWS_SECRET_ACCESS_KEY=any-secret AWS_DEFAULT_REGION=us-east-1
aws() { command aws --endpoint-url "$AUTODRIVE_S3_ENDPOINT" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# The ETag S3 gives a multipart upload of $1 cut into parts of $2 bytes: "<md5 of the parts' binary MD5s>-<parts>".
composite_etag() {
    python3 - "$1" "$2" <<'PY'
import hashlib, sys
digests, parts = b"", 0
with open(sys.argv[1], "rb") as f:
    while part := f.read(int(sys.argv[2])):
        digests += hashlib.md5(part).digest()
        parts += 1
print('"%s-%d"' % (hashlib.md5(digests).hexdigest(), parts))
PY
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bucket="climp-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mib=$((1024 * 1024))

head -c 100000000 /dev/urandom > "$work/blob.bin"
expected_etag=$(composite_etag "$work/blob.bin" $((8 * mib)))
[[ "$expected_etag" == *-12\" ]] || fail "expected 12 parts of 8 MiB, computed $expected_etag"

# Up: multipart by default (the file is above the 8 MiB threshold).
aws s3 cp --only-show-errors "$work/blob.bin" "s3://$bucket/multipart/blob.bin" || fail "s3 cp up"
head=$(aws s3api head-object --bucket "$bucket" --key multipart/blob.bin --output json) || fail "head-object"
etag=$(echo "$head" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ETag"])')
[ "$etag" = "$expected_etag" ] || fail "ETag $etag, expected the composite $expected_etag: $head"
size=$(echo "$head" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ContentLength"])')
[ "$size" = 100000000 ] || fail "ContentLength $size: $head"
multipart_cid=$(echo "$head" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Metadata"].get("cid", ""))')
[[ "$multipart_cid" == bafkr6i* ]] || fail "x-amz-meta-cid missing or not an Autonomys CID: $head"
echo "ok: s3 cp up (12 parts of 8 MiB): ETag $etag, CID $multipart_cid"

# Down: bytes identical.
aws s3 cp --only-show-errors "s3://$bucket/multipart/blob.bin" "$work/blob.back" || fail "s3 cp down"
cmp "$work/blob.bin" "$work/blob.back" || fail "downloaded bytes differ"
echo "ok: s3 cp down: bytes identical"

# The same bytes in one PutObject, same file name (blob.bin) under another key: the same CID.
put=$(aws s3api put-object --bucket "$bucket" --key single/blob.bin --body "$work/blob.bin" --output json) \
    || fail "put-object"
single_etag=$(echo "$put" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ETag"])')
[ "$single_etag" = "\"$(md5sum "$work/blob.bin" | cut -d' ' -f1)\"" ] || fail "put-object ETag $single_etag"
single_cid=$(aws s3api head-object --bucket "$bucket" --key single/blob.bin --query Metadata.cid --output text) \
    || fail "head-object of the single PUT"
[ "$single_cid" = "$multipart_cid" ] \
    || fail "CID of the multipart upload $multipart_cid differs from the CID of a single PUT of the same bytes and name $single_cid"
echo "ok: single put-object of the same bytes and name has the same CID"

echo "aws cli multipart (${AUTODRIVE_S3_ENDPOINT%%:*}): all checks passed"
