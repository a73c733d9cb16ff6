# Sourced by the rclone scripts: fail(), a scratch directory $work removed at exit, the remote "ad" configured by
# environment only (provider "Other", default settings, an empty config file) and rc(), rclone with the server's
# CA over HTTPS. Environment: AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY; over HTTPS,
# AUTODRIVE_CA_BUNDLE names the server's certificate, given to rclone with --ca-cert.

fail() { echo "FAIL: $*" >&2; exit 1; }
command -v rclone >/dev/null || fail "rclone is not installed (test.sh installs Debian's rclone package)"

export RCLONE_CONFIG_AD_TYPE=s3 RCLONE_CONFIG_AD_PROVIDER=Other
export RCLONE_CONFIG_AD_ENDPOINT="$AUTODRIVE_S3_ENDPOINT"
export RCLONE_CONFIG_AD_ACCESS_KEY_ID="$AUTODRIVE_KEY" RCLONE_CONFIG_AD_SECRET_ACCESS_KEY=any
# rclone 1.60 fails every S3 command while AWS_CA_BUNDLE is set at all ("LoadCustomCABundleError ... transport
# unsupported type", even for a file that exists); it is told its CA with --ca-cert instead.
unset AWS_CA_BUNDLE

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/rclone.conf"
export RCLONE_CONFIG="$work/rclone.conf"

tls=()
case "$AUTODRIVE_S3_ENDPOINT" in
    https://*) tls=(--ca-cert "${AUTODRIVE_CA_BUNDLE:?AUTODRIVE_CA_BUNDLE names the server certificate}") ;;
esac
rc() { rclone "${tls[@]}" "$@"; }
