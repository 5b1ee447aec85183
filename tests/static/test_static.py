"""Static tier: checks of the crm_contract addon that need neither Odoo nor PostgreSQL.

Run by scripts/test.sh as
    python3 -m pytest -q -p no:odoo -p no:cacheprovider tests/static

Nothing here imports odoo: Python files are read with ``ast``, the manifest with
``ast.literal_eval``, XML with the standard library's expat parser (which gives line numbers),
and the access CSV with ``csv``. Every failure names the file and line to fix.
"""

import ast
import configparser
import csv
import functools
import re
import subprocess
import sys
from pathlib import Path
from xml.parsers import expat

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULE = "crm_contract"
ADDON = ROOT / MODULE
MANIFEST = ADDON / "__manifest__.py"
ACCESS_CSV = ADDON / "security" / "ir.model.access.csv"
PYLINTRC = ROOT / ".pylintrc"

LINT_PATHS = [name for name in (MODULE, "tests", "bench", "scripts") if (ROOT / name).exists()]
# Folders whose .xml/.csv files are data files that the manifest must load.
DATA_DIRS = ("data", "demo", "security", "views", "wizards", "report")
ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
PERM_COLUMNS = ACCESS_HEADER[4:]
FORBIDDEN_GROUPS = {"base.group_portal", "base.group_public"}
MANIFEST_REQUIRED_KEYS = ("license", "summary", "category", "depends")
VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
XMLID_RE = re.compile(r"^[A-Za-z0-9_]+$")
EXTERNAL_ID_RE = re.compile(r"^([a-z0-9_]+)\.([A-Za-z0-9_]+)$")


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


# --- readers ----------------------------------------------------------------------------------


class XmlNode:
    """An element of a parsed XML file, with the line it starts on."""

    def __init__(self, tag, attrib, line, parent=None):
        self.tag = tag
        self.attrib = attrib
        self.line = line
        self.parent = parent
        self.children = []
        self.text = ""

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()


class XmlSyntaxError(Exception):
    def __init__(self, line, column, message):
        super().__init__(f"line {line}, column {column}: {message}")
        self.line = line
        self.column = column
        self.message = message


@functools.cache
def parse_xml(path):
    """Parses an XML file with expat and returns its root XmlNode (raises XmlSyntaxError)."""
    parser = expat.ParserCreate()
    stack = []
    root = []

    def start(tag, attrib):
        node = XmlNode(tag, attrib, parser.CurrentLineNumber, stack[-1] if stack else None)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_tag):
        stack.pop()

    def chars(data):
        if stack:
            stack[-1].text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(Path(path).read_bytes(), True)
    except expat.ExpatError as error:
        message = expat.errors.messages[error.code]
        raise XmlSyntaxError(error.lineno, error.offset + 1, message) from None
    return root[0]


def parsed_xml(path):
    """parse_xml() for checks that are not about syntax: a syntax error fails with its place."""
    try:
        return parse_xml(path)
    except XmlSyntaxError as error:
        pytest.fail(f"{where(path, error.line)}: not well-formed XML: {error.message}")


def data_records(root):
    """The data elements (record, menuitem, template...) of an Odoo XML file: the children of
    <odoo>/<openerp> and of their <data> blocks, not the nodes inside view archs."""
    for child in root.children:
        if child.tag == "data":
            yield from child.children
        else:
            yield child


@functools.cache
def manifest_ast():
    """A map key -> (key node, value node) of the manifest's dict literal, for line numbers
    (empty when the manifest is no dict literal: test_manifest_is_a_dict_literal says so)."""
    try:
        tree = ast.parse(MANIFEST.read_text(encoding="utf-8"), filename=str(MANIFEST))
    except SyntaxError:
        return {}
    dict_node = tree.body[0].value if tree.body and isinstance(tree.body[0], ast.Expr) else None
    if not isinstance(dict_node, ast.Dict):
        return {}
    return {
        key.value: (key, value)
        for key, value in zip(dict_node.keys, dict_node.values, strict=True)
        if isinstance(key, ast.Constant)
    }


@functools.cache
def manifest():
    try:
        value = ast.literal_eval(MANIFEST.read_text(encoding="utf-8"))
    except (ValueError, SyntaxError) as error:
        line = getattr(error, "lineno", None)
        pytest.fail(f"{where(MANIFEST, line)}: ast.literal_eval cannot read the manifest: {error}")
    if not isinstance(value, dict):
        pytest.fail(f"{where(MANIFEST, 1)}: the manifest is not a dict")
    return value


def manifest_line(key):
    keys = manifest_ast()
    return keys[key][0].lineno if key in keys else 1


def manifest_file_entries():
    """(key, path, line) of every file the manifest's data and demo lists load."""
    keys = manifest_ast()
    entries = []
    for key in ("data", "demo"):
        if key not in keys:
            continue
        value = keys[key][1]
        for item in getattr(value, "elts", []):
            if isinstance(item, ast.Constant) and isinstance(item.value, str):
                entries.append((key, item.value, item.lineno))
    return entries


def python_files():
    """The addon's Python files, its own tests folder (if any) excepted."""
    return sorted(p for p in ADDON.rglob("*.py") if "tests" not in p.relative_to(ADDON).parts)


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
def addon_models():
    """Models of the addon: {model name: (file, line, kind)}, kind "new" for a model the addon
    creates (``_name`` of a Model/TransientModel, not just extending itself) or "extended"."""
    models = {}
    for path in python_files():
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
def access_rows():
    """(line, row) of the access CSV: the header first."""
    with ACCESS_CSV.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        return [(reader.line_num, row) for row in reader if row]


def access_records():
    """(line, {column: value}) of the access CSV's data rows."""
    rows = access_rows()
    header = rows[0][1] if rows else []
    return [(line, dict(zip(header, row, strict=False))) for line, row in rows[1:]]


def addon_xml_files():
    return sorted(ADDON.rglob("*.xml"))


@functools.cache
def defined_groups():
    """XML ids of the res.groups records the addon's XML files define."""
    groups = set()
    for path in addon_xml_files():
        try:
            root = parse_xml(path)
        except XmlSyntaxError:
            continue
        for node in data_records(root):
            if node.tag == "record" and node.attrib.get("model") == "res.groups":
                groups.add(node.attrib.get("id", ""))
    return groups


def data_files():
    return sorted(
        path
        for folder in DATA_DIRS
        for path in (ADDON / folder).rglob("*")
        if path.suffix in (".xml", ".csv") and path.is_file()
    )


def ids(paths):
    return [rel(p) for p in paths]


XML_FILES = addon_xml_files()
DATA_FILES = data_files()
MODELS = addon_models()
NEW_MODELS = sorted(m for m, (_p, _l, kind) in MODELS.items() if kind == "new")


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
    code, output = run("pylint", f"--rcfile={PYLINTRC}", MODULE)
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


# --- 3. XML files and manifest data files -----------------------------------------------------


@pytest.mark.parametrize("path", XML_FILES, ids=ids(XML_FILES))
def test_xml_parses(path):
    try:
        parse_xml(path)
    except XmlSyntaxError as error:
        pytest.fail(
            f"{where(path, error.line)}: column {error.column}: not well-formed XML: "
            f"{error.message}"
        )


@pytest.mark.parametrize(
    ("key", "entry", "line"),
    manifest_file_entries(),
    ids=[f"{key}:{entry}" for key, entry, _line in manifest_file_entries()],
)
def test_manifest_file_exists(key, entry, line):
    assert (ADDON / entry).is_file(), (
        f"{where(MANIFEST, line)}: the manifest's '{key}' list loads '{entry}', which does "
        f"not exist ({MODULE}/{entry})"
    )


def test_manifest_lists_no_file_twice():
    seen = {}
    twice = []
    for key, entry, line in manifest_file_entries():
        if entry in seen:
            twice.append(
                f"{where(MANIFEST, line)}: '{entry}' ({key}) already at line {seen[entry]}"
            )
        seen.setdefault(entry, line)
    assert not twice, "files listed twice in the manifest:\n" + "\n".join(twice)


@pytest.mark.parametrize("path", DATA_FILES, ids=ids(DATA_FILES))
def test_data_file_in_manifest(path):
    if not manifest_ast():
        pytest.fail(
            f"{where(MANIFEST, 1)}: unreadable manifest (see test_manifest_is_a_dict_literal)"
        )
    listed = {entry for _key, entry, _line in manifest_file_entries()}
    entry = path.relative_to(ADDON).as_posix()
    assert entry in listed, (
        f"{rel(path)}: orphan data file, neither in the 'data' nor in the 'demo' list of "
        f"{rel(MANIFEST)}: add '{entry}' there (or delete the file)"
    )


# --- 4. manifest ------------------------------------------------------------------------------


def test_manifest_is_a_dict_literal():
    manifest()  # fails with the place of the problem
    assert manifest_ast(), f"{where(MANIFEST, 1)}: the manifest must be one dict literal"


def test_manifest_version():
    version = manifest().get("version")
    assert isinstance(version, str) and VERSION_RE.match(version), (
        f"{where(MANIFEST, manifest_line('version'))}: version {version!r} does not match "
        f"{VERSION_RE.pattern} (18.0.x.y.z)"
    )


@pytest.mark.parametrize("key", MANIFEST_REQUIRED_KEYS)
def test_manifest_required_key(key):
    value = manifest().get(key)
    assert value, f"{where(MANIFEST, manifest_line(key))}: the manifest needs a non-empty {key!r}"
    if key == "depends":
        assert isinstance(value, list) and all(isinstance(v, str) for v in value), (
            f"{where(MANIFEST, manifest_line(key))}: 'depends' must be a list of module names"
        )
    else:
        assert isinstance(value, str), f"{where(MANIFEST, manifest_line(key))}: {key!r} is no str"


def test_manifest_has_no_description():
    keys = sorted(manifest())
    assert "description" not in keys, (
        f"{where(MANIFEST, manifest_line('description'))}: remove the 'description' key (the "
        f"module description comes from README / static/description)"
    )


def test_manifest_installable():
    installable = manifest().get("installable", "<missing>")
    assert installable is True, (
        f"{where(MANIFEST, manifest_line('installable'))}: the manifest must say "
        f"'installable': True (found {installable!r})"
    )


# --- 5. access rights -------------------------------------------------------------------------


def test_access_csv_header():
    rows = access_rows()
    header = rows[0][1] if rows else []
    assert header == ACCESS_HEADER, (
        f"{where(ACCESS_CSV, 1)}: header is {','.join(header)!r}, expected "
        f"{','.join(ACCESS_HEADER)!r}"
    )


def test_access_csv_rows_well_formed():
    problems = []
    for line, row in access_rows()[1:]:
        if len(row) != len(ACCESS_HEADER):
            problems.append(f"{where(ACCESS_CSV, line)}: {len(row)} columns, expected 8")
    assert not problems, "\n".join(problems)


def test_access_csv_ids_unique():
    seen = {}
    problems = []
    for line, record in access_records():
        xmlid = record.get("id", "")
        if not XMLID_RE.match(xmlid):
            problems.append(f"{where(ACCESS_CSV, line)}: invalid id {xmlid!r}")
        elif xmlid in seen:
            problems.append(
                f"{where(ACCESS_CSV, line)}: id {xmlid!r} already at line {seen[xmlid]}"
            )
        seen.setdefault(xmlid, line)
    assert not problems, "\n".join(problems)


def test_access_csv_perms_are_0_or_1():
    problems = [
        f"{where(ACCESS_CSV, line)}: {column} is {record.get(column)!r}, must be 0 or 1"
        for line, record in access_records()
        for column in PERM_COLUMNS
        if record.get(column) not in ("0", "1")
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("model", NEW_MODELS)
def test_model_has_access_rows(model):
    path, line, _kind = MODELS[model]
    wanted = {model_xmlid(model), f"{MODULE}.{model_xmlid(model)}"}
    rows = [r for _line, r in access_records() if r.get("model_id:id") in wanted]
    assert rows, (
        f"{where(path, line)}: model {model!r} has no row in {rel(ACCESS_CSV)} "
        f"(model_id:id {model_xmlid(model)}): Odoo gives nobody access to it"
    )


def test_access_rows_models_known():
    """A row's model is one the addon defines or extends (Odoo creates crm_contract.model_x
    for both), or an external id module.model_x of a module the manifest depends on."""
    own = {model_xmlid(m) for m in MODELS}
    modules = set(manifest().get("depends", [])) | {"base"}
    problems = []
    for line, record in access_records():
        value = record.get("model_id:id", "")
        external = EXTERNAL_ID_RE.match(value)
        if external and external.group(1) != MODULE:
            module, name = external.groups()
            if module not in modules or not name.startswith("model_"):
                problems.append(
                    f"{where(ACCESS_CSV, line)}: model_id {value!r} is not a model of a module "
                    f"in the manifest's depends ({', '.join(sorted(modules))})"
                )
        elif (external.group(2) if external else value) not in own:
            problems.append(
                f"{where(ACCESS_CSV, line)}: model_id {value!r} is no model defined or extended "
                f"by the addon (known: {', '.join(sorted(own))})"
            )
    assert not problems, "\n".join(problems)


def test_access_rows_groups():
    """Every row has a group: the addon's crm_contract_group_* (defined in its XML) or an
    explicit external id such as base.group_user; never portal or public users."""
    problems = []
    groups = defined_groups()
    for line, record in access_records():
        group = record.get("group_id:id", "").strip()
        place = where(ACCESS_CSV, line)
        if not group:
            problems.append(f"{place}: empty group_id: the row would apply to every user")
            continue
        if group in FORBIDDEN_GROUPS:
            problems.append(f"{place}: group_id {group}: no access for portal or public users")
            continue
        external = EXTERNAL_ID_RE.match(group)
        own = group if not external else external.group(2) if external.group(1) == MODULE else ""
        if own:
            if not own.startswith(f"{MODULE}_group_"):
                problems.append(f"{place}: group_id {group!r} is not a {MODULE}_group_* group")
            elif own not in groups:
                problems.append(f"{place}: group_id {group!r} is not defined in the addon's XML")
        elif not external:
            problems.append(f"{place}: group_id {group!r} is not an external id module.group")
    assert not problems, "\n".join(problems)


# --- 6. XML ids and Odoo 17+ view syntax ------------------------------------------------------


@pytest.mark.parametrize("path", XML_FILES, ids=ids(XML_FILES))
def test_xml_ids(path):
    problems = []
    for node in data_records(parsed_xml(path)):
        xmlid = node.attrib.get("id", "")
        if xmlid.startswith(f"{MODULE}."):
            problems.append(
                f"{where(path, node.line)}: <{node.tag} id={xmlid!r}>: an own record's id "
                f"takes no '{MODULE}.' prefix"
            )
        elif xmlid.startswith(f"{MODULE}_{MODULE}"):
            problems.append(
                f"{where(path, node.line)}: <{node.tag} id={xmlid!r}>: the id repeats the "
                f"module name"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", XML_FILES, ids=ids(XML_FILES))
def test_views_use_list_not_tree(path):
    problems = []
    for node in parsed_xml(path).iter():
        if node.tag == "tree":
            problems.append(f"{where(path, node.line)}: <tree>: Odoo 18 list views are <list>")
        elif node.tag == "field" and node.attrib.get("name") == "view_mode":
            modes = [mode.strip() for mode in node.text.split(",")]
            if "tree" in modes:
                problems.append(
                    f"{where(path, node.line)}: view_mode {node.text.strip()!r}: use 'list', "
                    f"not 'tree'"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", XML_FILES, ids=ids(XML_FILES))
def test_no_attrs_or_states(path):
    problems = [
        f"{where(path, node.line)}: <{node.tag} {attribute}=...>: removed in Odoo 17, use "
        f"invisible/readonly/required expressions"
        for node in parsed_xml(path).iter()
        for attribute in ("attrs", "states")
        if attribute in node.attrib
    ]
    assert not problems, "\n".join(problems)
