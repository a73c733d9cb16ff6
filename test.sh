#!/usr/bin/env bash
# Runs every test: unit tests, API tests against a real PostgreSQL the run starts itself, and the real-client
# scripts (boto3, AWS CLI, JS SDK v3, rclone; objects and multipart uploads; the official Auto Drive SDK on the native API;
# Swagger UI in headless Chromium; over HTTP and HTTPS) against a started server, with the CID oracle (auto-dag-data).
# Ends with "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh
require_dotnet || exit 1
require_postgres_binaries || exit 1

# Real S3 clients used by the compatibility tests.
python3 -c 'import boto3' 2>/dev/null || apt_install python3-boto3 || exit 1
command -v aws >/dev/null || apt_install awscli || exit 1
command -v rclone >/dev/null || apt_install rclone || exit 1
command -v s3cmd >/dev/null || apt_install s3cmd || exit 1
# Debian's Chromium, driven headless by puppeteer-core for the Swagger UI test.
command -v chromium >/dev/null || apt_install chromium || exit 1
# moto_server, the listing differential's S3 oracle (moto[server]). Debian packages it as python3-moto where the
# release has it (Debian 12 does not); otherwise pip.
if ! python3 -c 'import moto.server' 2>/dev/null; then
    { apt-cache show python3-moto >/dev/null 2>&1 && apt_install python3-moto; } || true
    python3 -c 'import moto.server' 2>/dev/null || python3 -m pip install --quiet 'moto[server]' || exit 1
fi
# The JS SDK v3, the official Auto Drive SDK, puppeteer-core and the CID oracle, @autonomys/auto-dag-data with
# blockstore-core (needs Node.js 20 or later): the exact packages of its package-lock.json, installed when missing or older
# than the lock file.
{ command -v node >/dev/null && command -v npm >/dev/null; } || apt_install nodejs npm || exit 1
js=AutoDrive.Tests/Compat/js
if [ ! -d "$js/node_modules" ] || [ "$js/package-lock.json" -nt "$js/node_modules/.package-lock.json" ]; then
    echo "Installing the JS SDK's packages (npm) in $js..." >&2
    if [ -f "$js/package-lock.json" ]; then
        (cd "$js" && npm ci --no-audit --no-fund --loglevel=error) >&2 || exit 1
    else
        (cd "$js" && npm install --no-audit --no-fund --loglevel=error) >&2 || exit 1
    fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=artifacts/test-results
rm -rf "$results"
dotnet test AutoDrive.sln -c Release --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@"
status=$?

trx=$(find "$results" -name '*.trx' 2>/dev/null | head -1)
if [ -z "$trx" ]; then
    echo "The tests did not run (build failure?): see above."
    echo "0 passed, 1 failed"
    exit 1
fi
python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
c = ET.parse(sys.argv[1]).getroot().find("t:ResultSummary/t:Counters", ns).attrib
passed, failed = int(c["passed"]), int(c["failed"]) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
skipped = int(c["total"]) - passed - failed
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
