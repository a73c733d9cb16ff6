# Shared by serve.sh and test.sh: check or install what AutoDrive needs on a Debian/Ubuntu machine.
# Sourced, not run.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "error: '$*' needs root; run it as root or install sudo." >&2; return 1; fi
}

apt_install() {
    echo "Installing $* (Debian packages)..." >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# The .NET SDK named by global.json (10.0.x). It does not come from Debian's archive, so it is checked and
# explained rather than installed.
require_dotnet() {
    local wanted
    wanted=$(sed -n 's/.*"version": *"\([0-9]*\.[0-9]*\).*/\1/p' global.json | head -1)
    if ! command -v dotnet >/dev/null || ! dotnet --list-sdks | grep -q "^${wanted}\."; then
        cat >&2 <<MSG
error: AutoDrive needs the .NET SDK ${wanted}.x (see global.json).
  Install it from Microsoft's packages (https://learn.microsoft.com/dotnet/core/install/linux-debian),
  or with the install script:  curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel ${wanted}
MSG
        return 1
    fi
}

# PostgreSQL server binaries (initdb, pg_ctl, postgres): AutoDrive starts its own cluster from them.
require_postgres_binaries() {
    if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then return 0; fi
    apt_install postgresql
}
