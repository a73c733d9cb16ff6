#!/usr/bin/env bash
# Starts AutoDrive with everything it needs: its own PostgreSQL cluster and the local DSN store under its data
# directory (no connection string needed), then prints the endpoints and a usable API key.
# Options are ASP.NET's: --urls, --AutoDrive:DataDirectory=..., --ConnectionStrings:AutoDrive=...
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh
require_dotnet
require_postgres_binaries

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build AutoDrive.Api/AutoDrive.Api.csproj -c Release --nologo -v quiet "-clp:ErrorsOnly;NoSummary"
out="$PWD/AutoDrive.Api/bin/Release/net10.0"
exec dotnet "$out/AutoDrive.Api.dll" --contentRoot "$out" "$@"
