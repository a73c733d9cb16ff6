#!/usr/bin/env bash
# The AWS CLI with default settings against AutoDrive: s3 cp up and down, s3api put-object, get-object (whole and
# --range bytes=-10), head-object, and the refused delete.
# Run by AutoDrive.Tests/Compat/RealClientTests.cs over plain HTTP and over HTTPS. Environment:
# AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY; over HTTPS, AWS_CA_BUNDLE names the server's
# certificate (verification stays on; over HTTPS the CLI sends aws-chunked bodies with a CRC32 trailer).
set -euo pipefail

export AWS_ACCESS_KEY_ID="$AUTODRIVE_KEY" AWS_SECRET_ACCESS_KEY=any-secret AWS_DEFAULT_REGION=us-east-1
aws() { command aws --endpoint-url "$AUTODRIVE_S3_ENDPOINT" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bucket="cli-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"

printf 'Hello, world!' > "$work/test.txt"
aws s3 cp "$work/test.txt" "s3://$bucket/dir/test.txt" >/dev/null

head=$(aws s3api head-object --bucket "$bucket" --key dir/test.txt)
grep -q '"ETag": "\\"6cd3556deb0da54bca060b4c39479839\\""' <<< "$head" || fail "ETag: $head"
grep -q '"cid": "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu"' <<< "$head" || fail "CID: $head"

aws s3 cp "s3://$bucket/dir/test.txt" "$work/back.txt" >/dev/null
cmp "$work/test.txt" "$work/back.txt" || fail "downloaded bytes differ"

# A few megabytes of random bytes, below the CLI's multipart threshold.
head -c 5000000 /dev/urandom > "$work/blob.bin"
aws s3 cp "$work/blob.bin" "s3://$bucket/blob.bin" >/dev/null
aws s3 cp "s3://$bucket/blob.bin" "$work/blob.back" >/dev/null
cmp "$work/blob.bin" "$work/blob.back" || fail "5 MB object differs"
etag=$(aws s3api head-object --bucket "$bucket" --key blob.bin --query ETag --output text)
[ "$etag" = "\"$(md5sum "$work/blob.bin" | cut -d' ' -f1)\"" ] || fail "5 MB ETag $etag"

printf '0123456789abcdefghij' > "$work/r.txt"
etag=$(aws s3api put-object --bucket "$bucket" --key r.txt --body "$work/r.txt" --query ETag --output text)
[ "$etag" = "\"$(md5sum "$work/r.txt" | cut -d' ' -f1)\"" ] || fail "put-object ETag $etag"
aws s3api get-object --bucket "$bucket" --key r.txt "$work/r.back" >/dev/null
cmp "$work/r.txt" "$work/r.back" || fail "get-object: bytes differ"
got=$(aws s3api get-object --bucket "$bucket" --key r.txt --range bytes=-10 "$work/r.tail")
[ "$(cat "$work/r.tail")" = "abcdefghij" ] || fail "get-object --range bytes=-10 gave '$(cat "$work/r.tail")'"
grep -q '"ContentRange": "bytes 10-19/20"' <<< "$got" || fail "get-object --range bytes=-10: $got"

if aws s3 rm "s3://$bucket/blob.bin" 2>"$work/rm.err"; then fail "delete was accepted"; fi
grep -q "AccessDenied" "$work/rm.err" || fail "delete error: $(cat "$work/rm.err")"

echo "aws cli (${AUTODRIVE_S3_ENDPOINT%%:*}): all checks passed"
