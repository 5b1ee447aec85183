#!/usr/bin/env bash
# Runs every test.
#  1. static tier (no Odoo needed): ruff, pylint-odoo, XML, manifest and access-CSV checks;
#  2. Odoo tier: a fresh database with crm_contract alone and another with every addon of the
#     repository: the approval bridge crm_contract_tier_validation (on OCA's
#     base_tier_validation), the sales bridge crm_contract_sale (on sale_crm) and the invoicing
#     bridge crm_contract_account (on account) and the Contracts dashboard
#     spreadsheet_dashboard_crm_contract (on spreadsheet_dashboard), all with
#     demo data (each install and upgrade must log no WARNING or ERROR); then the pytest-odoo
#     suites: crm_contract/tests on the first (crm_contract keeps working without the bridges,
#     without sale), then crm_contract/tests, crm_contract_tier_validation/tests and
#     crm_contract_sale/tests, crm_contract_account/tests and
#     spreadsheet_dashboard_crm_contract/tests together on the second (every addon installed on one database,
#     as an Odoo CI runs them: a test of crm_contract must pass beside the bridges too),
#     browser tours included (headless Chromium, desktop and phone-sized);
#  3. real servers: prefork mode (bench/check_prefork_websocket.py: odoo-bin --workers=2, a
#     websocket receives a bus notification) and the night shift, short
#     (bench/bench_night_shift.py --short, on a database of its own: every crm_contract job
#     due at once on two prefork servers, then on one threaded server; the background
#     import across two servers, one killed; Run Manually on both). Every server they start
#     is killed at the end. SKIP_SERVER_TESTS=1 leaves them out.
# Odoo is ODOO_PATH, an Odoo 18 python3 imports, or else a shallow clone of Odoo 18.0
# Community that the first run makes into ODOO_CACHE_DIR (see find_or_fetch_odoo in lib.sh).
# When Odoo can be neither found nor fetched (no network, ODOO_FETCH=0) the Odoo tier is
# skipped with an "ODOO TIER SKIPPED:" line, or fails when REQUIRE_ODOO=1.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
TEST_DB=${TEST_DB:-crm_contract_test}

# --- static tier -------------------------------------------------------------------------
if ! "$PYTHON" -c 'import ruff, pylint_odoo, pytest, oca_pre_commit_hooks, importlib.util, sys
sys.exit(importlib.util.find_spec("odoo_test_helper") is None)' 2>/dev/null; then
    log "installing the test tools (requirements-dev.txt)"
    "$PYTHON" -m pip install -q --disable-pip-version-check -r requirements-dev.txt || exit 1
fi
log "static tier"
"$PYTHON" -m pytest -q -p no:odoo -p no:cacheprovider tests/static || { log "static tier FAILED"; exit 1; }

# --- Odoo tier --------------------------------------------------------------------------
# ODOO_PATH, an Odoo 18 python3 imports, or the cached clone (fetched on the first run); when
# Odoo can be neither found nor fetched (no network, ODOO_FETCH=0), the tier is skipped
odoo_root=$(find_or_fetch_odoo)
if [ -z "$odoo_root" ]; then
    if [ -n "${ODOO_PATH:-}" ]; then
        reason="ODOO_PATH=$ODOO_PATH is not an Odoo 18.0 source tree"
    elif [ "${ODOO_FETCH:-1}" = 0 ]; then
        reason="no Odoo 18.0 found (ODOO_PATH unset, python3 cannot import odoo, no clone in $ODOO_CACHE_DIR) and ODOO_FETCH=0"
    else
        reason="no Odoo 18.0 found (ODOO_PATH unset, python3 cannot import odoo) and fetching it from $ODOO_GIT_URL failed"
    fi
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
# the Odoo servers the multi-server checks start (process groups noted in this file by
# bench/_servers.py) are killed at the end, whatever happens, then a PostgreSQL server this
# run started is stopped (a clean clone leaves nothing running)
export ODOO_SERVERS_PID_FILE=$STATE_DIR/test-servers.pids
: > "$ODOO_SERVERS_PID_FILE"
kill_servers() {
    local pid
    while read -r pid; do
        [ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null
    done < "$ODOO_SERVERS_PID_FILE"
    return 0
}
trap 'kill_servers; [ "${PG_STARTED_HERE:-0}" = 1 ] && stop_pg' EXIT
# the tours' server gets a free port of its own: another Odoo may be serving 8069
conf=$(ODOO_HTTP_PORT=$(free_port "${TEST_HTTP_PORT:-8169}") write_odoo_conf "$odoo_root" test)
logdir=$STATE_DIR/logs
mkdir -p "$logdir"

# the second database: every addon of the repository (the bridges bring their dependencies:
# base_tier_validation, sale_crm, sale, account and spreadsheet_dashboard)
ALL_DB=${TEST_DB}_all
BRIDGES=crm_contract_tier_validation,crm_contract_sale,crm_contract_account,spreadsheet_dashboard_crm_contract
check_log() {  # fails on any WARNING, ERROR or CRITICAL line of an install/upgrade log
    local what=$1 file=$2 bad
    bad=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$file" | grep -v "Running as user 'root'")
    if [ -n "$bad" ]; then
        echo "$what logged warnings or errors:"; echo "$bad"
        return 1
    fi
}
# install_and_upgrade DB MODULE LOGNAME [TEMPLATE]: a fresh database (a copy of TEMPLATE, its
# files included, when given) where MODULE is installed with demo data, then upgraded, each
# log free of warnings and errors
install_and_upgrade() {
    local db=$1 module=$2 name=$3 template=${4:-}
    local files=$STATE_DIR/filestore/filestore
    log "fresh database $db${template:+ (a copy of $template)}: installing $module with demo data"
    dropdb --if-exists "$db" && createdb ${template:+-T "$template"} "$db" || return 1
    rm -rf "${files:?}/$db"
    if [ -n "$template" ] && [ -d "$files/$template" ]; then
        cp -a "$files/$template" "$files/$db"
    fi
    : > "$logdir/$name-install.log"; : > "$logdir/$name-upgrade.log"  # this run's lines only
    odoo_bin "$odoo_root" -c "$conf" -d "$db" -i "$module" --stop-after-init \
        --log-level=info --logfile="$logdir/$name-install.log" \
        || { tail -50 "$logdir/$name-install.log"; return 1; }
    check_log "Installing $module" "$logdir/$name-install.log" || return 1
    odoo_bin "$odoo_root" -c "$conf" -d "$db" -u "$module" --stop-after-init \
        --log-level=info --logfile="$logdir/$name-upgrade.log" \
        || { tail -50 "$logdir/$name-upgrade.log"; return 1; }
    check_log "Upgrading $module" "$logdir/$name-upgrade.log" || return 1
    log "$module: install and upgrade logged no warning or error"
}
install_and_upgrade "$TEST_DB" crm_contract crm_contract || exit 1
# the bridges' database starts as a copy of the first (crm_contract with demo data, checked
# above): its install log covers base_tier_validation, sale, sale_crm, spreadsheet_dashboard
# and the bridges
install_and_upgrade "$ALL_DB" "$BRIDGES" all_addons "$TEST_DB" || exit 1

pytest_odoo() {  # pytest_odoo DB PATH [args]: the pytest-odoo suite of PATH on DB
    local db=$1; shift
    "$PYTHON" -m pytest -p no:cacheprovider --odoo-config="$conf" --odoo-database="$db" \
        --odoo-http --odoo-log-level=warn "$@"
}
log "Odoo tier: pytest-odoo of crm_contract on $TEST_DB (crm_contract alone, with browser tours)"
pytest_odoo "$TEST_DB" crm_contract/tests "$@"
status=$?
# as an Odoo CI runs them, on one database with every addon of the repository: crm_contract's
# tests again, beside the bridges, and the bridges'
log "Odoo tier: pytest-odoo of crm_contract, crm_contract_tier_validation, crm_contract_sale, crm_contract_account and spreadsheet_dashboard_crm_contract on $ALL_DB (every addon installed, with browser tours)"
pytest_odoo "$ALL_DB" crm_contract/tests crm_contract_tier_validation/tests \
    crm_contract_sale/tests crm_contract_account/tests spreadsheet_dashboard_crm_contract/tests "$@"
all_status=$?

# --- real servers: prefork mode, and several servers on one database --------------------
# (SKIP_SERVER_TESTS=1 leaves them out)
ws_status=0 night_status=0
if [ "${SKIP_SERVER_TESTS:-0}" != 1 ]; then
    log "prefork mode: odoo-bin --workers=2 on $TEST_DB, a websocket through the proxy receives a bus notification"
    "$PYTHON" bench/check_prefork_websocket.py -c "$conf" -d "$TEST_DB" \
        --ports-from "$(free_port 8270)"
    ws_status=$?
    # its own database, dropped and created again by the script (and a copy, dropped)
    log "the night shift (short): every crm_contract job due at once on two prefork servers, then on one threaded server; the background import across two servers, one killed; Run Manually on both"
    "$PYTHON" bench/bench_night_shift.py -c "$conf" -d "${TEST_DB}_night" --short \
        --ports-from "$(free_port 8270)"
    night_status=$?
    kill_servers
fi
[ "$status" = 0 ] || log "tests FAILED on $TEST_DB (crm_contract alone)"
[ "$all_status" = 0 ] || log "tests FAILED on $ALL_DB (crm_contract beside the bridges, and the bridges)"
[ "$ws_status" = 0 ] || log "prefork websocket check FAILED"
[ "$night_status" = 0 ] || log "night shift FAILED (several servers on one database)"
[ "$status" = 0 ] && [ "$all_status" = 0 ] && [ "$ws_status" = 0 ] && [ "$night_status" = 0 ]
