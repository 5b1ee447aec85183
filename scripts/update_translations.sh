#!/usr/bin/env bash
# Regenerates <addon>/i18n/<addon>.pot from the addon (Odoo's own export, on a scratch
# database of the project's cluster with the addon freshly installed), merges it into every
# .po file, and lists the entries still without a translation.
#   bash scripts/update_translations.sh [addon ...]     (default: every addon of the repository)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=${DB:-crm_contract_i18n}
odoo_root=$(find_odoo)
[ -n "$odoo_root" ] || { no_odoo_message >&2; exit 2; }
ensure_pg
conf=$(write_odoo_conf "$odoo_root" i18n)
if [ $# -eq 0 ]; then
    set -- $(for manifest in */__manifest__.py; do dirname "$manifest"; done)
fi
addons=$(IFS=,; echo "$*")
dropdb --if-exists "$DB" && createdb "$DB"
odoo_bin "$odoo_root" -c "$conf" -d "$DB" -i "$addons" --without-demo=all --stop-after-init \
    --log-level=warn
for addon in "$@"; do
    mkdir -p "$addon/i18n"
    pot=$addon/i18n/$addon.pot
    odoo_bin "$odoo_root" -c "$conf" -d "$DB" --modules="$addon" --i18n-export="$pot" \
        --stop-after-init --log-level=warn
    [ -f "$addon/i18n/zh_CN.po" ] || msginit --no-translator --locale=zh_CN --input="$pot" \
        --output-file="$addon/i18n/zh_CN.po" >/dev/null 2>&1
    for po in "$addon"/i18n/*.po; do
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
done
dropdb "$DB"
