#!/usr/bin/env bash
# Regenerates crm_contract/i18n/crm_contract.pot from the addon (Odoo's own export, on a
# scratch database of the project's cluster with the addon freshly installed), merges it
# into every .po file, and lists the entries still without a translation.
#   bash scripts/update_translations.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=${DB:-crm_contract_i18n}
odoo_root=$(find_odoo)
[ -n "$odoo_root" ] || { no_odoo_message >&2; exit 2; }
ensure_pg
conf=$(write_odoo_conf "$odoo_root" i18n)
dropdb --if-exists "$DB" && createdb "$DB"
odoo_bin "$odoo_root" -c "$conf" -d "$DB" -i crm_contract --without-demo=all --stop-after-init \
    --log-level=warn
pot=crm_contract/i18n/crm_contract.pot
odoo_bin "$odoo_root" -c "$conf" -d "$DB" --modules=crm_contract --i18n-export="$pot" \
    --stop-after-init --log-level=warn
dropdb "$DB"
for po in crm_contract/i18n/*.po; do
    msgmerge --quiet --no-fuzzy-matching --no-wrap --update --backup=none "$po" "$pot"
    "$PYTHON" -m oca_pre_commit_hooks.cli_po --fix "$po" >/dev/null 2>&1 || true
    "$PYTHON" - "$po" <<'PY'
import sys, polib
po = polib.pofile(sys.argv[1])
missing = [e for e in po if not e.msgstr and not e.obsolete]
print(f"{sys.argv[1]}: {len(po)} entries, {len(missing)} without a translation")
for entry in missing:
    print("  ", entry.msgid.replace("\n", "\\n")[:120])
PY
done
"$PYTHON" -m oca_pre_commit_hooks.cli_po --fix "$pot" >/dev/null 2>&1 || true
