#!/usr/bin/env bash
# Starts Odoo with CRM, Sales, crm_contract and its bridges (approvals:
# crm_contract_tier_validation; sales orders: crm_contract_sale; invoices: crm_contract_account;
# the Contracts dashboard: spreadsheet_dashboard_crm_contract), demo data included, on a
# local database and serves the web client on http://127.0.0.1:8069.
# Running it again reuses the database (and installs or upgrades the addons when needed).
#   DB=crm_contract PORT=8069 scripts/run.sh [extra odoo-bin options]
# WORKERS=N (N > 0) runs Odoo in prefork mode, as in production: N HTTP workers, cron
# workers (CRON_THREADS, default 2, as Odoo's max_cron_threads) and Odoo's gevent process for the websocket (live
# notifications), behind scripts/odoo_proxy.py on PORT, which sends /websocket to the
# gevent port and the rest to the HTTP workers (docs/deployment.md). WORKERS unset or 0:
# one threaded process (HTTP, websocket and CRON_THREADS cron threads) on PORT.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB=${DB:-crm_contract}
PORT=${PORT:-8069}
WORKERS=${WORKERS:-0}
CRON_THREADS_SET=${CRON_THREADS:+1}  # threaded mode passes it only when set (Odoo's default: 2)
CRON_THREADS=${CRON_THREADS:-2}
case "$WORKERS" in ''|*[!0-9]*) echo "WORKERS must be a number (got '$WORKERS')" >&2; exit 2;; esac

# ODOO_PATH, an Odoo 18 python3 imports, or the cached clone (fetched on the first run)
odoo_root=$(find_or_fetch_odoo) || exit 2
ODOO_PATH=$odoo_root "$ROOT/scripts/setup.sh" >/dev/null
ensure_pg
conf=$(write_odoo_conf "$odoo_root" run)

# crm_contract and its bridges: approvals (crm_contract_tier_validation, on OCA's
# base_tier_validation), sales orders (crm_contract_sale, on sale_crm, which brings Sales) and
# invoices (crm_contract_account, on account) and the Contracts dashboard
# (spreadsheet_dashboard_crm_contract, on spreadsheet_dashboard), installed together and
# upgraded when their code changes
ADDONS=crm_contract,crm_contract_tier_validation,sale_crm,crm_contract_sale,crm_contract_account,spreadsheet_dashboard_crm_contract
ADDON_DIRS=(crm_contract crm_contract_tier_validation crm_contract_sale crm_contract_account
    spreadsheet_dashboard_crm_contract)
code_hash=$(cd "$ROOT" && find "${ADDON_DIRS[@]}" -type f ! -name '*.pyc' -print0 \
    | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16)
hash_file=$STATE_DIR/run-$DB.hash
if ! module_installed "$DB" crm_contract; then
    log "installing crm, sale_crm, crm_contract and its bridges crm_contract_tier_validation and crm_contract_sale with demo data into database '$DB' (a minute or two)"
    odoo_bin "$odoo_root" -c "$conf" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
    echo "$code_hash" > "$hash_file"
elif ! module_installed "$DB" crm_contract_tier_validation || ! module_installed "$DB" crm_contract_sale \
    || ! module_installed "$DB" crm_contract_account \
    || ! module_installed "$DB" spreadsheet_dashboard_crm_contract; then
    log "installing the bridges crm_contract_tier_validation, crm_contract_sale (with sale_crm), crm_contract_account and spreadsheet_dashboard_crm_contract into '$DB' (and upgrading crm_contract)"
    odoo_bin "$odoo_root" -c "$conf" -d "$DB" -u crm_contract \
        -i crm_contract_tier_validation,sale_crm,crm_contract_sale,crm_contract_account,spreadsheet_dashboard_crm_contract --stop-after-init --log-level=warn
    echo "$code_hash" > "$hash_file"
elif [ "$(cat "$hash_file" 2>/dev/null)" != "$code_hash" ]; then
    log "the addons changed since the last run: upgrading them in '$DB'"
    odoo_bin "$odoo_root" -c "$conf" -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn
    echo "$code_hash" > "$hash_file"
fi
if ! "$PYTHON" -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', $PORT))" 2>/dev/null; then
    echo "Port $PORT is in use (another Odoo running?). Stop it or choose another: PORT=8070 $0" >&2
    exit 2
fi
cat <<MSG

  Odoo with crm_contract (contract approval, contracts from sales orders) is starting on
  http://127.0.0.1:$PORT
  Log in with   login: admin   password: admin
  (the demo user is   login: demo   password: demo; the demo reviewer, a sales manager
   who approves contracts of 100,000 or more, is   login: approver   password: approver)
  CRM > Contracts; Sales > Orders (Create Contract on a quotation). Stop with Ctrl+C.

MSG
if [ "$WORKERS" -gt 0 ]; then
    # prefork: Odoo's HTTP workers and its gevent process on ports of their own, the proxy
    # on PORT (the one the browser opens)
    http_port=$(free_port $((PORT + 1)))
    gevent_port=$(free_port $((http_port + 2)))
    log "prefork mode: $WORKERS HTTP workers, $CRON_THREADS cron workers"
    log "  http://127.0.0.1:$PORT   the proxy (scripts/odoo_proxy.py): open this one"
    log "  127.0.0.1:$http_port     Odoo's HTTP workers (--http-port)"
    log "  127.0.0.1:$gevent_port     Odoo's gevent process, /websocket (--gevent-port)"
    "$PYTHON" "$ROOT/scripts/odoo_proxy.py" --port "$PORT" --http "$http_port" \
        --websocket "$gevent_port" &
    proxy_pid=$!
    trap 'kill "$proxy_pid" 2>/dev/null || true' EXIT
    odoo_bin "$odoo_root" -c "$conf" -d "$DB" --db-filter="^$DB\$" --http-port="$http_port" \
        --gevent-port="$gevent_port" --workers="$WORKERS" --max-cron-threads="$CRON_THREADS" "$@"
else
    odoo_bin "$odoo_root" -c "$conf" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" \
        ${CRON_THREADS_SET:+--max-cron-threads="$CRON_THREADS"} "$@"
fi
