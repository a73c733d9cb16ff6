#!/usr/bin/env bash
# rclone (default "Other" provider settings: ListObjects V1, no list_version) and s3cmd list what the AWS CLI wrote:
# rclone ls, lsd, lsf -R, size and check against the local tree; s3cmd ls and ls --recursive. One directory holds
# more than 1000 files, so both page with V1 markers. Run by AutoDrive.Tests/Compat/ListingClientTests.cs.
# Environment: AUTODRIVE_S3_ENDPOINT (…/s3), AUTODRIVE_KEY.
set -euo pipefail
export LC_ALL=C
source "$(dirname "$0")/rclone_remote.sh"

same() { # same NAME EXPECTED-FILE ACTUAL-FILE
    if ! diff -u "$2" "$3" >"$work/diff.out"; then
        head -40 "$work/diff.out" >&2
        fail "$1 differs from the local tree"
    fi
    echo "ok: $1 ($(wc -l <"$3") lines)"
}

bucket="rcl-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# The local tree: nested directories, spaces, '+', '%', unicode, and a directory of 1,050 small files.
src="$work/src"
mkdir -p "$src/dir/sub/deeper" "$src/a b/c+d" "$src/ünï/日本" "$src/many" "$src/50%"
printf 'top' >"$src/top.txt"
head -c 20000 /dev/urandom >"$src/dir/blob.bin"
printf 'two' >"$src/dir/sub/two.txt"
printf 'three' >"$src/dir/sub/deeper/three.txt"
printf 'plus' >"$src/a b/c+d/x+y z.txt"
printf 'uni' >"$src/ünï/日本/ファイル.txt"
printf 'pct' >"$src/50%/100%.txt"
for i in $(seq -w 1 1050); do printf '%s' "$i" >"$src/many/f$i.txt"; done

# Upload with the AWS CLI (rclone copy could call CreateBucket, which is not part of this feature).
export AWS_ACCESS_KEY_ID="$AUTODRIVE_KEY" AWS_SECRET_ACCESS_KEY=any-secret AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
aws --endpoint-url "$AUTODRIVE_S3_ENDPOINT" s3 cp --recursive --only-show-errors "$src" "s3://$bucket/"

(cd "$src" && find . -type f -printf '%s %P\n' | sort) >"$work/files.expected"
(cd "$src" && find . -mindepth 1 \( -type d -printf '%P/\n' \) -o \( -type f -printf '%P\n' \) | sort) >"$work/lsf.expected"
(cd "$src" && find . -mindepth 1 -maxdepth 1 -type d -printf '%P\n' | sort) >"$work/dirs.expected"
count=$(wc -l <"$work/files.expected")
bytes=$(cd "$src" && find . -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')

# rclone with its default settings for an S3 "Other" provider (the remote "ad" of rclone_remote.sh).
rclone version | sed -n 1p  # sed reads to the end: head would make rclone die of SIGPIPE under pipefail

rclone ls "ad:$bucket" | sed -E 's/^ *([0-9]+) /\1 /' | sort >"$work/ls.actual"
same "rclone ls" "$work/files.expected" "$work/ls.actual"

rclone lsd "ad:$bucket" | sed -E 's/^ *-?[0-9]+ [0-9-]+ [0-9:]+ +-?[0-9]+ //' | sort >"$work/lsd.actual"
same "rclone lsd" "$work/dirs.expected" "$work/lsd.actual"

rclone lsf -R "ad:$bucket" | sort >"$work/lsf.actual"
same "rclone lsf -R" "$work/lsf.expected" "$work/lsf.actual"

size=$(rclone size "ad:$bucket")
echo "$size"
grep -q "Total objects: .*($count)" <<< "$size" || fail "rclone size counts objects: $size (expected $count)"
grep -q "($bytes Byte)" <<< "$size" || fail "rclone size counts bytes: $size (expected $bytes)"

rclone check "$src" "ad:$bucket" 2>"$work/check.err" || { cat "$work/check.err" >&2; fail "rclone check"; }
grep -q "0 differences found" "$work/check.err" || { cat "$work/check.err" >&2; fail "rclone check output"; }
grep -q "$count matching files" "$work/check.err" || { cat "$work/check.err" >&2; fail "rclone check compared every file (MD5 ETags)"; }
echo "ok: rclone check ($count matching files, sizes and MD5 ETags)"

# s3cmd: its --host may carry the /s3 path of AutoDrive's endpoint.
host="${AUTODRIVE_S3_ENDPOINT#http://}"
host="${host%/}"
: >"$work/s3cfg"
s3cmd() { command s3cmd -c "$work/s3cfg" --host="$host" --host-bucket="$host" --no-ssl \
    --access_key="$AUTODRIVE_KEY" --secret_key=any-secret "$@"; }

s3cmd ls "s3://$bucket/" | sed -E "s#^.*s3://$bucket/##" | sort >"$work/s3cmd-top.actual"
{ sed 's#$#/#' "$work/dirs.expected"; (cd "$src" && find . -mindepth 1 -maxdepth 1 -type f -printf '%P\n'); } | sort >"$work/s3cmd-top.expected"
same "s3cmd ls" "$work/s3cmd-top.expected" "$work/s3cmd-top.actual"

s3cmd ls "s3://$bucket/dir/" | sed -E "s#^.*s3://$bucket/##" | sort >"$work/s3cmd-dir.actual"
printf 'dir/blob.bin\ndir/sub/\n' >"$work/s3cmd-dir.expected"
same "s3cmd ls of a directory" "$work/s3cmd-dir.expected" "$work/s3cmd-dir.actual"

s3cmd ls --recursive "s3://$bucket/" | sed -E 's#^[0-9-]+ [0-9:]+ +([0-9]+) +s3://[^/]+/#\1 #' | sort >"$work/s3cmd-all.actual"
same "s3cmd ls --recursive" "$work/files.expected" "$work/s3cmd-all.actual"

echo "rclone and s3cmd listings: all checks passed"
