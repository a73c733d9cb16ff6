# Sourced by the benchmarks: builds AutoDrive and starts it on a port of its own with a temporary data directory
# and one bootstrap user, waits until it answers, and stops it (and removes the directory) on exit.
# Sets: work (the temporary directory), port, key (the user's API key), server (its pid), auth (an S3
# Authorization header naming the key) and base_url (http://127.0.0.1:<port>).

dotnet build AutoDrive.Api/AutoDrive.Api.csproj -c Release --nologo -v quiet "-clp:ErrorsOnly;NoSummary" >/dev/null
work=$(mktemp -d /tmp/autodrive-bench-XXXXXX)
chmod 755 "$work"  # the embedded PostgreSQL runs as the postgres user when the benchmark runs as root
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
key="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
bench_out="$PWD/AutoDrive.Api/bin/Release/net10.0"

AutoDrive__DataDirectory="$work/data" AutoDrive__LocalUser__Enabled=false \
AutoDrive__Bootstrap__Users__0__Name=bench AutoDrive__Bootstrap__Users__0__ApiKey="$key" \
Logging__LogLevel__Default=Warning ASPNETCORE_URLS="http://127.0.0.1:$port" \
    dotnet "$bench_out/AutoDrive.Api.dll" --contentRoot "$bench_out" >"$work/server.log" 2>&1 &
server=$!
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap stop_server EXIT

base_url="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
    curl -sf -o /dev/null "$base_url/swagger/index.html" && break
    sleep 0.5
done
auth="Authorization: AWS4-HMAC-SHA256 Credential=$key/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"
