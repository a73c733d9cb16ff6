#!/usr/bin/env bash
# The AWS CLI with default settings against AutoDrive: the object wire items (docs/s3-wire.md, objects; issue 3, items 2-4).
# s3api create-bucket (twice), head-bucket (known and unknown), get-bucket-location; put-object with --content-type,
# --cache-control, --content-disposition and --metadata, head-object; get-object --range bytes=-10 and --if-match
# (a mismatch fails with 412 PreconditionFailed); copy-object (COPY keeps metadata and CID, --metadata-directive
# REPLACE); delete-object refused with AccessDenied; s3 cp of a small file and s3 cp between two keys (server-side
# copy).
# Run by AutoDrive.Tests/Compat/RealClientWireTests.cs over plain HTTP and over HTTPS. Environment:
# AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY; over HTTPS, AWS_CA_BUNDLE names the server's
# certificate (verification stays on). Each aws call costs about a second here: the script keeps them few.
set -Eeuo pipefail

export AWS_ACCESS_KEY_ID="$AUTODRIVE_KEY" AWS_SECRET_ACCESS_KEY=any-secret AWS_DEFAULT_REGION=us-east-1
aws() { command aws --endpoint-url "$AUTODRIVE_S3_ENDPOINT" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# A command that fails outside a check (an aws call refused, say) ends the script: name it and the script's line
# (the caller's when it failed inside aws()).
trap 'status=$?; line=${BASH_LINENO[0]}; [ "$line" != 0 ] || line=$LINENO
      echo "FAIL: line $line: $BASH_COMMAND exited $status" >&2' ERR
ok() { echo "ok: $*"; }
# expect_equal WHAT ACTUAL EXPECTED
expect_equal() { [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bucket="cliwire-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# Buckets: CreateBucket is idempotent; HeadBucket 200, and 404 for an unknown bucket; GetBucketLocation empty.
aws s3api create-bucket --bucket "$bucket" >/dev/null
aws s3api create-bucket --bucket "$bucket" >/dev/null || fail "create-bucket of an existing bucket of mine failed"
aws s3api head-bucket --bucket "$bucket" >/dev/null || fail "head-bucket of a created bucket failed"
if aws s3api head-bucket --bucket "$bucket-none" 2>"$work/hb.err"; then fail "head-bucket of an unknown bucket succeeded"; fi
grep -q "(404)" "$work/hb.err" || fail "head-bucket of an unknown bucket: $(cat "$work/hb.err")"
location=$(aws s3api get-bucket-location --bucket "$bucket" --output text)
[ -z "$location" ] || [ "$location" = "None" ] || [ "$location" = "us-east-1" ] || fail "get-bucket-location: '$location'"
ok "create-bucket twice, head-bucket, get-bucket-location"

# put-object with content headers and metadata; head-object returns them as stored.
printf '0123456789abcdefghij' > "$work/r.txt"
etag=$(aws s3api put-object --bucket "$bucket" --key dir/r.txt --body "$work/r.txt" \
    --content-type "text/plain; charset=utf-8" --cache-control "max-age=60" \
    --content-disposition 'attachment; filename="r.txt"' --metadata Color=blue,empty-not=kept \
    --query ETag --output text)
expect_equal "put-object ETag" "$etag" "\"$(md5sum "$work/r.txt" | cut -d' ' -f1)\""
aws s3api head-object --bucket "$bucket" --key dir/r.txt \
    --query '[ContentType, CacheControl, ContentDisposition, ContentLength, Metadata.color, Metadata."empty-not", Metadata.cid]' \
    --output json > "$work/head.json"
python3 - "$work/head.json" <<'PY' || fail "head-object after put-object: $(cat "$work/head.json")"
import json, sys
content_type, cache_control, disposition, length, color, other, cid = json.load(open(sys.argv[1]))
assert [content_type, cache_control, disposition, length, color, other] == [
    "text/plain; charset=utf-8", "max-age=60", 'attachment; filename="r.txt"', 20, "blue", "kept"]
assert cid.startswith("bafkr6i")
PY
cid=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[6])' "$work/head.json")
ok "put-object --content-type --cache-control --content-disposition --metadata, head-object"

# Reads: a suffix range; If-Match that differs is 412 PreconditionFailed and writes no file.
got=$(aws s3api get-object --bucket "$bucket" --key dir/r.txt --range bytes=-10 --query ContentRange --output text "$work/r.tail")
expect_equal "get-object --range bytes=-10 bytes" "$(cat "$work/r.tail")" "abcdefghij"
expect_equal "get-object --range bytes=-10 ContentRange" "$got" "bytes 10-19/20"
if aws s3api get-object --bucket "$bucket" --key dir/r.txt --if-match '"00000000000000000000000000000000"' \
    "$work/never.txt" >/dev/null 2>"$work/im.err"; then
    fail "get-object --if-match with another ETag succeeded"
fi
grep -q "PreconditionFailed" "$work/im.err" || fail "get-object --if-match: $(cat "$work/im.err")"
ok "get-object --range bytes=-10, --if-match mismatch: $(tr -d '\n' < "$work/im.err")"

# copy-object: COPY keeps content type, metadata and the CID; REPLACE takes the request's.
copied=$(aws s3api copy-object --bucket "$bucket" --key copies/kept.txt --copy-source "$bucket/dir/r.txt" \
    --query CopyObjectResult.ETag --output text)
expect_equal "copy-object ETag" "$copied" "$etag"
got=$(aws s3api head-object --bucket "$bucket" --key copies/kept.txt \
    --query '[ContentType, CacheControl, Metadata.color, Metadata.cid, ETag]' --output text)
expect_equal "head-object of a COPY copy" "$got" "$(printf 'text/plain; charset=utf-8\tmax-age=60\tblue\t%s\t%s' "$cid" "$etag")"
aws s3api copy-object --bucket "$bucket" --key copies/replaced.txt --copy-source "$bucket/dir/r.txt" \
    --metadata-directive REPLACE --content-type application/x-replaced --metadata origin=replaced >/dev/null
got=$(aws s3api head-object --bucket "$bucket" --key copies/replaced.txt \
    --query '[ContentType, Metadata.origin, Metadata.color, Metadata.cid]' --output text)
expect_equal "head-object of a REPLACE copy" "$got" "$(printf 'application/x-replaced\treplaced\tNone\t%s' "$cid")"
ok "copy-object (COPY, --metadata-directive REPLACE)"

# DeleteObject is refused: storage is permanent.
if aws s3api delete-object --bucket "$bucket" --key dir/r.txt 2>"$work/del.err"; then fail "delete-object was accepted"; fi
grep -q "AccessDenied" "$work/del.err" || fail "delete-object error: $(cat "$work/del.err")"
grep -q "permanent" "$work/del.err" || fail "delete-object message: $(cat "$work/del.err")"
ok "delete-object refused: $(tr -d '\n' < "$work/del.err")"

# s3 cp up; s3 cp between two keys is a CopyObject on the server (the CLI sends a Content-Type guessed from the
# target's name, which the default COPY directive ignores): the copy keeps the source's content type, metadata and
# CID (a download and re-upload under another name would have another CID); one recursive s3 cp brings both down.
printf 'Hello, world!' > "$work/hello.txt"
aws s3 cp --only-show-errors "$work/hello.txt" "s3://$bucket/cp/hello.txt"
aws s3 cp --only-show-errors "s3://$bucket/dir/r.txt" "s3://$bucket/cp/r-copy.bin"
got=$(aws s3api head-object --bucket "$bucket" --key cp/r-copy.bin --query '[ContentType, Metadata.color, Metadata.cid, ETag]' --output text)
expect_equal "head-object after s3 cp between keys" "$got" "$(printf 'text/plain; charset=utf-8\tblue\t%s\t%s' "$cid" "$etag")"
aws s3 cp --only-show-errors --recursive "s3://$bucket/cp/" "$work/down/"
cmp "$work/hello.txt" "$work/down/hello.txt" || fail "s3 cp up: bytes differ"
cmp "$work/r.txt" "$work/down/r-copy.bin" || fail "s3 cp between keys: bytes differ"
ok "s3 cp up, s3 cp between keys (server-side copy), s3 cp --recursive down"

echo "aws cli wire (${AUTODRIVE_S3_ENDPOINT%%:*}): all checks passed"
