#!/usr/bin/env bash
# The AWS CLI with its default settings copies a 500 MiB random file up (`aws s3 cp`: multipart, 8 MiB parts, 10
# concurrent requests, the CLI's own retries left as they are) and back down, and the bytes must be the same. The
# server side counts its own answers (the NUnit driver asserts zero 5xx, whatever the CLI retried, and 63 UploadParts).
# Run by AutoDrive.Tests/Compat/ConcurrentUploadClientTests.cs. Environment: AUTODRIVE_S3_ENDPOINT, AUTODRIVE_KEY,
# AUTODRIVE_WORK_DIR (the test's temporary directory, deleted by the test); over HTTPS, AWS_CA_BUNDLE.
set -euo pipefail

export AWS_ACCESS_KEY_ID="$AUTODRIVE_KEY" AWS_SECRET_ACCESS_KEY=any-secret AWS_DEFAULT_REGION=us-east-1
aws() { command aws --endpoint-url "$AUTODRIVE_S3_ENDPOINT" "$@"; }

work="$AUTODRIVE_WORK_DIR"
bucket="cli-big-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
head -c $((500 * 1024 * 1024)) /dev/urandom > "$work/500MiB.bin"

aws s3 mb "s3://$bucket" >/dev/null
aws s3 cp --no-progress "$work/500MiB.bin" "s3://$bucket/big/500MiB.bin"
aws s3 cp --no-progress "s3://$bucket/big/500MiB.bin" "$work/back.bin"

if ! cmp -s "$work/500MiB.bin" "$work/back.bin"; then
    echo "FAIL: the 500 MiB copied back differs" >&2
    exit 1
fi

rm -f "$work/500MiB.bin" "$work/back.bin"
echo "OK: aws s3 cp of 500 MiB up and down, same bytes"
