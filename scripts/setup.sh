#!/usr/bin/env bash
# Prepares this machine to run Odoo 18.0 with the crm_contract addon.
#
#   ODOO_PATH=/path/to/odoo-18.0 scripts/setup.sh
#
# - finds Odoo: $ODOO_PATH (an Odoo 18.0 source tree, e.g. a checkout of the official
#   18.0 branch) or an `odoo` package the Python interpreter already imports; without
#   either, a shallow clone of Odoo 18.0 Community in $ODOO_CACHE_DIR, made on the first run
#   (from $ODOO_GIT_URL; see find_or_fetch_odoo in lib.sh);
# - installs Odoo's Python requirements into that interpreter ($PYTHON, default python3),
#   with the pins that do not build on Python 3.11 replaced, and what the addon's features
#   need on top (odfpy for .ods imports);
# - installs the OCA addons the project builds on, as the 18.0 wheels of the package
#   registry (`pip install --no-deps`: they require `odoo==18.0.*`, which a source tree
#   does not satisfy; they land in site-packages/odoo/addons, which odoo.addons picks up);
# - makes `import odoo` work for that interpreter (a .pth file pointing at $ODOO_PATH);
# - installs the Debian packages it needs when missing (PostgreSQL, Chromium for the
#   browser tests, wkhtmltopdf and CJK fonts for PDFs, build headers);
# - installs the test tools (requirements-dev.txt).
# Running it again does nothing that is already done.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
here=$ROOT
stamp_dir=${XDG_CACHE_HOME:-$HOME/.cache}/crm_contract
mkdir -p "$stamp_dir"
# OCA addons from the package registry (18.0 wheels).
OCA_ADDONS=(base_tier_validation)
# Python packages the addon's features need beyond Odoo's requirements.
EXTRA_PYTHON=(odfpy)

# --- Debian packages ---------------------------------------------------------------
need_apt=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
    || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/include/postgresql/libpq-fe.h ] || need_apt+=(libpq-dev)
[ -f /usr/include/libxml2/libxml/parser.h ] || need_apt+=(libxml2-dev libxslt1-dev)
[ -f /usr/include/ldap.h ] || need_apt+=(libldap2-dev libsasl2-dev)
command -v wkhtmltopdf >/dev/null 2>&1 || need_apt+=(wkhtmltopdf)
ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian packages: ${need_apt[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    else
        log "WARNING: missing Debian packages (install them yourself): ${need_apt[*]}"
    fi
fi

# --- Odoo source ------------------------------------------------------------------
if [ -n "${ODOO_PATH:-}" ] && [ ! -f "$ODOO_PATH/odoo/release.py" ]; then
    echo "ODOO_PATH=$ODOO_PATH is not an Odoo source tree (no odoo/release.py)" >&2
    exit 2
fi
odoo_root=$(find_or_fetch_odoo) || exit 2
version=$(cd "$odoo_root" && "$PYTHON" -c 'from odoo import release; print(release.version)' 2>/dev/null || \
          sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\).*/\1.\2/p" "$odoo_root/odoo/release.py")
case "$version" in 18.*) ;; *) echo "Odoo at $odoo_root is $version, not 18.0" >&2; exit 2;; esac
log "Odoo $version at $odoo_root"

# --- Python requirements ---------------------------------------------------------------
req_hash=$( (cat "$odoo_root/requirements.txt" "$0" "$here/requirements-dev.txt"; "$PYTHON" --version) \
    | sha1sum | cut -c1-12)
if [ ! -f "$stamp_dir/requirements-$req_hash" ]; then
    reqs="$stamp_dir/requirements-odoo.txt"
    # Pins that do not build on Python 3.11 with today's toolchain, replaced by the
    # nearest version that does: cbor2 5.4.2 fails to build (5.4.6 builds), and
    # python-ldap is only for auth_ldap, which this project does not use.
    sed -e 's/^cbor2==5\.4\.2/cbor2==5.4.6/' \
        -e '/^python-ldap/d' \
        "$odoo_root/requirements.txt" > "$reqs"
    # gevent's dependencies, pinned: Odoo pins gevent 22.10.2 (Python 3.11) but not them, so
    # pip takes the newest, whose wheels name their metadata zope_interface-*.dist-info
    # (zope.interface 8.0 and later, zope.event 5.1 and later). gevent 22.10.2 loads its
    # plugins through pkg_resources, and the pkg_resources of setuptools 65.5 (the one
    # Python 3.11 comes with) does not match that name to "zope.interface": the gevent
    # process of prefork mode (--workers=N, the websocket server) dies at import with
    # "DistributionNotFound: The 'zope.interface' distribution was not found", and Odoo's
    # master starts it again several times a second. The last releases with the dotted
    # name are found by any setuptools; upgrading setuptools instead would change every
    # package's build and pkg_resources' warnings, this changes two packages only.
    printf '%s\n' 'zope.interface==7.2' 'zope.event==5.0' >> "$reqs"
    log "installing Odoo's Python requirements into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
    "$PYTHON" -m pip install -q --disable-pip-version-check -r "$reqs"
    "$PYTHON" -m pip install -q --disable-pip-version-check -r "$here/requirements-dev.txt"
    touch "$stamp_dir/requirements-$req_hash"
fi
missing=()
for pkg in "${EXTRA_PYTHON[@]}"; do
    "$PYTHON" -m pip show -q "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    "$PYTHON" -m pip install -q --disable-pip-version-check "${missing[@]}"
fi
for addon in "${OCA_ADDONS[@]}"; do
    if ! "$PYTHON" -m pip show -q "odoo-addon-$addon" >/dev/null 2>&1; then
        log "installing the OCA addon $addon (18.0 wheel, --no-deps)"
        "$PYTHON" -m pip install -q --disable-pip-version-check --no-deps "odoo-addon-$addon>=18.0,<18.1"
    fi
done

# --- make `import odoo` work ------------------------------------------------------------
if ! (cd / && "$PYTHON" -c 'import odoo.release' 2>/dev/null); then
    site=$("$PYTHON" -c 'import site; print(site.getsitepackages()[0])')
    echo "$odoo_root" > "$site/odoo18-source.pth"
    log "wrote $site/odoo18-source.pth -> $odoo_root"
fi
(cd / && "$PYTHON" -c 'import odoo.release as r; print("[setup] python imports Odoo", r.version)')
# the OCA addons must be on Odoo's addons path (odoo.addons, extended by site-packages/odoo/addons)
for addon in "${OCA_ADDONS[@]}"; do
    (cd / && "$PYTHON" -c "import importlib.util, sys
sys.exit(importlib.util.find_spec('odoo.addons.$addon') is None)") \
        || { echo "the OCA addon $addon is installed but not found in odoo.addons" >&2; exit 2; }
done
