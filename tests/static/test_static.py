"""Static tier: checks of the project's addons (crm_contract and its bridges
crm_contract_tier_validation, crm_contract_sale and crm_contract_account) that need neither
Odoo nor PostgreSQL's Odoo database. Run by scripts/test.sh as

    python3 -m pytest -q -p no:odoo -p no:cacheprovider tests/static

The checks the Odoo community maintains do the general work: ruff (lint with mccabe
complexity at most 16, and format, configured in pyproject.toml), pylint-odoo (.pylintrc),
and OCA's module checks (`oca-checks-odoo-module`: manifest, XML and CSV files, files not
loaded by the manifest; `oca-checks-po`: translation files). What stays here are the
project's own rules: every model has access rows, nothing is granted to portal or public
users. Every failure names the file and line to fix.
"""

import ast
import configparser
import csv
import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The addons of the repository: crm_contract and its bridges (each a top-level folder).
MODULES = [
    name
    for name in (
        "crm_contract",
        "crm_contract_tier_validation",
        "crm_contract_sale",
        "crm_contract_account",
        "spreadsheet_dashboard_crm_contract",
    )
    if (ROOT / name).is_dir()
]
PYLINTRC = ROOT / ".pylintrc"
LINT_PATHS = [name for name in (*MODULES, "tests", "bench", "scripts") if (ROOT / name).exists()]
FORBIDDEN_GROUPS = {"base.group_portal", "base.group_public"}


def rel(path):
    """The path relative to the repository root, for messages."""
    return Path(path).relative_to(ROOT).as_posix()


def where(path, line=None):
    return f"{rel(path)}:{line}" if line else rel(path)


def run(*args):
    """Runs ``python -m <args>`` from the repository root; returns (exit code, output)."""
    proc = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, (proc.stdout + proc.stderr).strip()


def access_csv(module):
    return ROOT / module / "security" / "ir.model.access.csv"


def python_files(module):
    """The addon's Python files, its own tests folder (if any) excepted."""
    addon = ROOT / module
    return sorted(p for p in addon.rglob("*.py") if "tests" not in p.relative_to(addon).parts)


def class_attr(class_node, name):
    """The literal value of a class attribute (``_name = "x"``), or None."""
    for stmt in class_node.body:
        targets = []
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets = [stmt.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            try:
                return ast.literal_eval(stmt.value)
            except (ValueError, TypeError, SyntaxError):
                return None
    return None


def base_names(class_node):
    return {
        base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        for base in class_node.bases
    }


@functools.cache
def addon_models(module):
    """Models of the addon: {model name: (file, line, kind)}, kind "new" for a model the addon
    creates (``_name`` of a Model/TransientModel, not just extending itself) or "extended"."""
    models = {}
    for path in python_files(module):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError:
            continue  # test_ruff_lint reports it
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            name = class_attr(node, "_name")
            inherit = class_attr(node, "_inherit")
            inherits = [inherit] if isinstance(inherit, str) else list(inherit or [])
            if isinstance(name, str) and name not in inherits:
                bases = base_names(node)
                if "AbstractModel" in bases or not any(b.endswith("Model") for b in bases):
                    continue  # abstract models have no table, hence no access rules
                models[name] = (path, node.lineno, "new")
            else:
                for model in [name] if isinstance(name, str) else inherits:
                    models.setdefault(model, (path, node.lineno, "extended"))
    return models


def model_xmlid(model):
    return "model_" + model.replace(".", "_")


@functools.cache
def access_rows(module):
    """(line, row) of the addon's access CSV: the header first (none without a CSV)."""
    if not access_csv(module).exists():
        return []
    with access_csv(module).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        return [(reader.line_num, row) for row in reader if row]


def access_records(module):
    """(line, {column: value}) of the access CSV's data rows."""
    rows = access_rows(module)
    header = rows[0][1] if rows else []
    return [(line, dict(zip(header, row, strict=False))) for line, row in rows[1:]]


NEW_MODELS = sorted(
    (module, model)
    for module in MODULES
    for model, (_p, _l, kind) in addon_models(module).items()
    if kind == "new"
)


# --- 1. ruff ----------------------------------------------------------------------------------


def test_ruff_lint():
    code, output = run("ruff", "check", "--no-cache", "--output-format=concise", *LINT_PATHS)
    assert code == 0, (
        f"ruff check found problems (file:line:column: rule message); configuration in "
        f"pyproject.toml, `python3 -m ruff check --fix {' '.join(LINT_PATHS)}` fixes some:\n"
        f"{output}"
    )


def test_ruff_format():
    code, output = run("ruff", "format", "--no-cache", "--diff", *LINT_PATHS)
    assert code == 0, (
        f"ruff format would change these files (the @@ headers give the lines); run "
        f"`python3 -m ruff format {' '.join(LINT_PATHS)}`:\n{output}"
    )


# --- 2. pylint-odoo ---------------------------------------------------------------------------


def test_pylint_odoo():
    code, output = run("pylint", f"--rcfile={PYLINTRC}", *MODULES)
    assert code == 0, (
        f"pylint-odoo found problems (file:line:column: code (check) message), configuration "
        f"in .pylintrc:\n{output}"
    )


def test_pylintrc_enables_every_odoolint_check():
    """Every check of the installed pylint-odoo is enabled in .pylintrc, or is left out on a
    "#   check: reason" comment line (so that an upgrade's new checks are not missed)."""
    code, output = run(
        "pylint",
        "--load-plugins=pylint_odoo",
        "--disable=all",
        "--enable=odoolint",
        "--list-msgs-enabled",
    )
    assert code == 0, f"pylint --list-msgs-enabled failed:\n{output}"
    enabled_section = output.split("Disabled messages:")[0]
    odoolint = set(re.findall(r"^\s+([a-z0-9-]+) \([CRWEF]8\d\d\d\)$", enabled_section, re.M))
    assert odoolint, f"no pylint-odoo check listed by pylint:\n{output}"

    text = PYLINTRC.read_text(encoding="utf-8")
    config = configparser.ConfigParser(inline_comment_prefixes=("#", ";"))
    config.read_string(text)
    enabled = {
        name.strip() for name in config.get("MESSAGES CONTROL", "enable").split(",") if name.strip()
    }
    left_out = dict(re.findall(r"^#\s+([a-z0-9-]+): (\S.*)$", text, re.M))
    missing = sorted(odoolint - enabled - set(left_out))
    assert not missing, (
        f"{rel(PYLINTRC)}: these pylint-odoo checks are neither in [MESSAGES CONTROL] enable "
        f"nor left out with a '#   check: reason' line: {', '.join(missing)}"
    )
    both = sorted(enabled & set(left_out))
    assert not both, f"{rel(PYLINTRC)}: both enabled and left out: {', '.join(both)}"


# --- 3. OCA's module checks ---------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES)
def test_oca_module_checks(module):
    """oca-odoo-pre-commit-hooks: manifest, XML (headers, ids, deprecated nodes, numeric
    fields without eval...), CSV and files the manifest does not load."""
    code, output = run("oca_pre_commit_hooks.cli", module)
    assert code == 0, (
        f"oca-checks-odoo-module found problems (`oca-checks-odoo-module --fix {module}` "
        f"fixes some):\n{output}"
    )


@pytest.mark.parametrize("module", MODULES)
def test_oca_po_checks(module):
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / module / "i18n").glob("*.po*"))
    assert files, f"no translation files in {module}/i18n"
    code, output = run("oca_pre_commit_hooks.cli_po", *files)
    assert code == 0, (
        f"oca-checks-po found problems (`oca-checks-po --fix <file>` fixes some):\n{output}"
    )


# --- 4. the project's own access rules ------------------------------------------------------


@pytest.mark.parametrize(("module", "model"), NEW_MODELS)
def test_model_has_access_rows(module, model):
    path, line, _kind = addon_models(module)[model]
    wanted = {model_xmlid(model), f"{module}.{model_xmlid(model)}"}
    rows = [r for _line, r in access_records(module) if r.get("model_id:id") in wanted]
    assert rows, (
        f"{where(path, line)}: model {model!r} has no row in {rel(access_csv(module))} "
        f"(model_id:id {model_xmlid(model)}): Odoo gives nobody access to it"
    )


@pytest.mark.parametrize("module", MODULES)
def test_no_access_for_portal_or_public(module):
    """Every access row names a group, and never the portal or public users'."""
    problems = []
    csv_path = access_csv(module)
    for line, record in access_records(module):
        group = record.get("group_id:id", "").strip()
        if not group:
            problems.append(f"{where(csv_path, line)}: no group: the row applies to everyone")
        elif group in FORBIDDEN_GROUPS:
            problems.append(f"{where(csv_path, line)}: {group}: nothing for portal or public")
    assert not problems, "\n".join(problems)


def test_every_addon_checked():
    """The bridge is checked like crm_contract (a folder dropped from MODULES would not be)."""
    addons = sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))
    assert addons == sorted(MODULES), addons


@pytest.mark.parametrize("module", MODULES)
def test_no_record_rule_for_portal_or_public(module):
    problems = [
        f"{rel(path)}: a record rule names {group}"
        for path in sorted((ROOT / module).rglob("*.xml"))
        for group in FORBIDDEN_GROUPS
        if re.search(rf"ref\(['\"]{re.escape(group)}['\"]\)", path.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)
