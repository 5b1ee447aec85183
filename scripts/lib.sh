# Shared helpers for the project's scripts (sourced, not run).
# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
STATE_DIR=${CRM_CONTRACT_STATE:-$ROOT/.state}
PG_PORT_FILE=$STATE_DIR/pgport
DB_USER=${DB_USER:-odoo}
# Where find_or_fetch_odoo clones Odoo 18.0 Community when no Odoo is found, and from where.
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
ODOO_CACHE_DIR=${ODOO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/crm_contract/odoo-18.0}

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*"; }

# Prints the Odoo source root, or nothing when no Odoo 18 is available.
find_odoo() {
    if [ -n "${ODOO_PATH:-}" ] && [ -f "$ODOO_PATH/odoo/release.py" ]; then
        (cd "$ODOO_PATH" && pwd)
        return 0
    fi
    (cd / && "$PYTHON" -c '
import os, odoo.release as r
assert r.version_info[0] == 18, r.version
import odoo
print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null) || true
}

# True when DIR holds an Odoo 18 source tree (its odoo/release.py says 18).
is_odoo18_tree() { grep -qs '^version_info = (18,' "$1/odoo/release.py"; }

# Prints the Odoo source root like find_odoo and, when there is none and ODOO_PATH is unset,
# the Odoo 18.0 Community of the cache (ODOO_CACHE_DIR), cloned there first from ODOO_GIT_URL
# when the cache is empty (unless ODOO_FETCH=0). Messages go to stderr; returns 2, printing
# nothing, when Odoo can be neither found nor fetched.
find_or_fetch_odoo() {
    local root
    root=$(find_odoo)
    if [ -n "$root" ]; then
        echo "$root"
    elif [ -n "${ODOO_PATH:-}" ]; then
        log "ODOO_PATH=$ODOO_PATH is not an Odoo 18.0 source tree (no odoo/release.py)" >&2
        return 2
    elif is_odoo18_tree "$ODOO_CACHE_DIR"; then
        (cd "$ODOO_CACHE_DIR" && pwd)
    elif [ "${ODOO_FETCH:-1}" = 0 ]; then
        log "no Odoo 18.0 found, and ODOO_FETCH=0 forbids fetching it" >&2
        return 2
    else
        fetch_odoo
    fi
}

# Shallow clone of the 18.0 branch of ODOO_GIT_URL into ODOO_CACHE_DIR, through a temporary
# folder beside it that is renamed once the clone is complete and checked: an interrupted or
# failed clone leaves no cache behind. Prints the cache path. Runs in a subshell (its traps
# are its own).
fetch_odoo() (
    cache=$ODOO_CACHE_DIR
    say() { log "$@" >&2; }
    fail() {
        cat >&2 <<MSG
[$(basename "$0" .sh)] Odoo 18.0 could not be fetched from $ODOO_GIT_URL: $1.
  Set ODOO_PATH to an Odoo 18.0 source tree (for example a clone of the official 18.0
  branch made elsewhere), or ODOO_GIT_URL to a reachable copy of the Odoo repository,
  and run the command again.
MSG
        exit 2
    }
    command -v git >/dev/null || fail "git is not installed"
    if [ -e "$cache" ] && [ -n "$(ls -A "$cache" 2>/dev/null)" ]; then
        fail "$cache exists but holds no Odoo 18 (odoo/release.py): remove it first"
    fi
    mkdir -p "$(dirname "$cache")" || fail "cannot create $(dirname "$cache")"
    tmp=$(mktemp -d "$cache.partial.XXXXXX") || fail "cannot create a folder beside $cache"
    trap 'rm -rf "$tmp"' EXIT
    trap 'exit 130' INT TERM
    say "no Odoo 18.0 found (ODOO_PATH is unset and $PYTHON cannot import odoo):"
    say "fetching Odoo 18.0 Community, once, into $cache"
    say "  git clone --depth 1 --branch 18.0 $ODOO_GIT_URL"
    say "  this takes several minutes and about 1 GB of disk; later runs reuse it"
    say "  (ODOO_PATH=/path/to/odoo-18.0 uses a source tree of your own instead)"
    start=$(date +%s)
    git clone --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$tmp" >&2 \
        || fail "git clone failed (see its message above)"
    is_odoo18_tree "$tmp" || fail "its 18.0 branch holds no Odoo 18 (odoo/release.py)"
    chmod 755 "$tmp"
    # -T: never into an existing folder (another run may have filled the cache meanwhile)
    if ! mv -T "$tmp" "$cache" 2>/dev/null; then
        is_odoo18_tree "$cache" || fail "cannot move the clone to $cache"
    fi
    elapsed=$(($(date +%s) - start))
    say "Odoo 18.0 fetched in $((elapsed / 60)) min $((elapsed % 60)) s: $cache"
    cd "$cache" && pwd
)

pg_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    command -v pg_ctl >/dev/null && dirname "$(command -v pg_ctl)" && return 0
    return 1
}

# Runs a PostgreSQL server command as an unprivileged user (PostgreSQL refuses root).
as_pg_user() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    "$PYTHON" - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
while True:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            print(port)
            break
        except OSError:
            port += 1
PY
}

# Prints the cluster's data directory. PostgreSQL refuses to run as root, so as root the
# cluster belongs to the postgres account, which must be able to reach it: inside the
# checkout (.state/pgdata) when it can, else, for a checkout it cannot enter (a `mktemp -d`
# folder, a home directory of mode 0700), under /var/tmp, one folder per checkout.
# As another user, the cluster is that user's own, in the checkout.
pg_data_dir() {
    mkdir -p "$STATE_DIR"
    if [ -n "${CRM_CONTRACT_PGDATA:-}" ]; then
        echo "$CRM_CONTRACT_PGDATA"
    elif [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$STATE_DIR" 2>/dev/null; then
        echo "$STATE_DIR/pgdata"
    else
        echo "/var/tmp/crm_contract-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)/pgdata"
    fi
}

# Starts (or reuses) the project's own PostgreSQL cluster; sets PGHOST/PGPORT, and
# PG_STARTED_HERE=1 when this call started the server.
ensure_pg() {
    local bin port
    bin=$(pg_bin) || { echo "PostgreSQL server binaries not found: run scripts/setup.sh" >&2; return 2; }
    mkdir -p "$STATE_DIR"
    PGDATA_DIR=$(pg_data_dir)
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        log "creating a PostgreSQL cluster in $PGDATA_DIR"
        [ "$PGDATA_DIR" = "$STATE_DIR/pgdata" ] \
            || log "(the postgres account cannot enter $STATE_DIR, so the cluster lives outside the checkout)"
        mkdir -p "$PGDATA_DIR"
        [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA_DIR" && chmod 700 "$PGDATA_DIR"
        as_pg_user "$bin/initdb" -D "$PGDATA_DIR" -U "$DB_USER" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null \
            || { echo "initdb failed for $PGDATA_DIR" >&2; return 2; }
    fi
    if as_pg_user "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        port=$(cat "$PG_PORT_FILE")
    else
        port=$(free_port "${PGPORT_WANTED:-5433}")
        log "starting PostgreSQL on 127.0.0.1:$port"
        as_pg_user "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
            -o "-p $port -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null || { echo "PostgreSQL did not start: see $PGDATA_DIR/server.log" >&2; return 2; }
        echo "$port" > "$PG_PORT_FILE"
        PG_STARTED_HERE=1
    fi
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$DB_USER
}

stop_pg() {
    local bin
    bin=$(pg_bin) || return 0
    PGDATA_DIR=$(pg_data_dir)
    [ -f "$PGDATA_DIR/PG_VERSION" ] || return 0
    as_pg_user "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true
}

# Writes an Odoo configuration file for the project's cluster and prints its path.
# ODOO_HTTP_PORT (optional) sets the port Odoo serves on (the browser tours use it).
write_odoo_conf() {
    local odoo_root=$1 name=$2 addons="$1/odoo/addons"
    [ -d "$odoo_root/addons" ] && addons="$odoo_root/addons,$addons"
    local conf=$STATE_DIR/$name.conf
    cat > "$conf" <<CONF
[options]
addons_path = $addons,$ROOT
data_dir = $STATE_DIR/filestore
db_host = $PGHOST
db_port = $PGPORT
db_user = $DB_USER
db_password = False
admin_passwd = admin
http_interface = 127.0.0.1
http_port = ${ODOO_HTTP_PORT:-8069}
CONF
    echo "$conf"
}

# Runs odoo-bin of the given source tree with "$@".
odoo_bin() {
    local odoo_root=$1; shift
    if [ -f "$odoo_root/odoo-bin" ]; then
        "$PYTHON" "$odoo_root/odoo-bin" "$@"
    else
        "$PYTHON" -m odoo "$@"
    fi
}

db_exists() { psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }

module_installed() {
    db_exists "$1" && psql -d "$1" -Atc "SELECT state FROM ir_module_module WHERE name = '$2'" 2>/dev/null | grep -qx installed
}

no_odoo_message() {
    cat <<'MSG'
Odoo 18.0 was not found: set ODOO_PATH to an Odoo 18.0 source tree (for example a checkout
of the official 18.0 branch: git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo),
install Odoo 18.0 so that `python3 -c "import odoo"` works, or let scripts/run.sh and
scripts/test.sh fetch it into the cache (ODOO_CACHE_DIR) from ODOO_GIT_URL, which needs
access to that repository.
MSG
}
