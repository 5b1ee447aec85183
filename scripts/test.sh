#!/usr/bin/env bash
# Runs every test.
#  1. static tier (no Odoo needed): ruff, pylint-odoo, XML, manifest and access-CSV checks;
#  2. Odoo tier: a fresh database with crm_contract installed (with demo data; the install
#     and an upgrade must log no WARNING or ERROR), then the pytest-odoo suite in crm_contract/tests,
#     browser tours included (headless Chromium, desktop and phone-sized).
# Without Odoo the Odoo tier is skipped with an "ODOO TIER SKIPPED:" line, or fails when
# REQUIRE_ODOO=1.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
TEST_DB=${TEST_DB:-crm_contract_test}

# --- static tier -------------------------------------------------------------------------
if ! "$PYTHON" -c 'import ruff, pylint_odoo, pytest, oca_pre_commit_hooks' 2>/dev/null; then
    log "installing the test tools (requirements-dev.txt)"
    "$PYTHON" -m pip install -q --disable-pip-version-check -r requirements-dev.txt || exit 1
fi
log "static tier"
"$PYTHON" -m pytest -q -p no:odoo -p no:cacheprovider tests/static || { log "static tier FAILED"; exit 1; }

# --- Odoo tier --------------------------------------------------------------------------
odoo_root=$(find_odoo)
if [ -z "$odoo_root" ]; then
    reason="no Odoo 18.0 found (ODOO_PATH unset and python3 cannot import odoo)"
    if [ "${REQUIRE_ODOO:-0}" = 1 ]; then
        log "Odoo tier FAILED: $reason (REQUIRE_ODOO=1)"
        exit 1
    fi
    echo "ODOO TIER SKIPPED: $reason"
    no_odoo_message
    exit 0
fi
ODOO_PATH=$odoo_root "$ROOT/scripts/setup.sh" || exit 1
ensure_pg || exit 1
# a server this run started is stopped at the end (a clean clone leaves nothing running)
trap '[ "${PG_STARTED_HERE:-0}" = 1 ] && stop_pg' EXIT
# the tours' server gets a free port of its own: another Odoo may be serving 8069
conf=$(ODOO_HTTP_PORT=$(free_port "${TEST_HTTP_PORT:-8169}") write_odoo_conf "$odoo_root" test)
logdir=$STATE_DIR/logs
mkdir -p "$logdir"

log "fresh database $TEST_DB: installing crm_contract with demo data"
dropdb --if-exists "$TEST_DB" && createdb "$TEST_DB" || exit 1
check_log() {  # fails on any WARNING, ERROR or CRITICAL line of an install/upgrade log
    local what=$1 file=$2 bad
    bad=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$file" | grep -v "Running as user 'root'")
    if [ -n "$bad" ]; then
        echo "$what logged warnings or errors:"; echo "$bad"
        return 1
    fi
}
odoo_bin "$odoo_root" -c "$conf" -d "$TEST_DB" -i crm_contract --stop-after-init \
    --log-level=info --logfile="$logdir/install.log" || { tail -50 "$logdir/install.log"; exit 1; }
check_log "Installing crm_contract" "$logdir/install.log" || exit 1
odoo_bin "$odoo_root" -c "$conf" -d "$TEST_DB" -u crm_contract --stop-after-init \
    --log-level=info --logfile="$logdir/upgrade.log" || { tail -50 "$logdir/upgrade.log"; exit 1; }
check_log "Upgrading crm_contract" "$logdir/upgrade.log" || exit 1
log "install and upgrade logged no warning or error"

log "Odoo tier: pytest-odoo (with browser tours)"
"$PYTHON" -m pytest -p no:cacheprovider --odoo-config="$conf" --odoo-database="$TEST_DB" \
    --odoo-http --odoo-log-level=warn crm_contract/tests "$@"
