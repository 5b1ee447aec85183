"""Static tier: every ``record.<field>`` that a view's QWeb reads must be a field the view loads.

A kanban card (or any template of a list/form view) that reads ``record.is_primary.raw_value``
without a ``<field name="is_primary"/>`` in the same view crashes the web client when the view
is shown ("Cannot read properties of undefined (reading 'raw_value')"): the web client only
fetches the fields a view declares. Odoo validates the Python expressions of ``invisible=``
and friends at install, but not the QWeb of kanban templates, hence this check.

A *scope* is a view arch, or the inline subview (``<list>``, ``<kanban>``, ``<form>``...) of
an x2many ``<field>``: each loads its own fields, so a field declared in the parent form does
not count inside a subview and vice versa. Views that extend another view of this addon are
checked against the fields of the view they extend plus their own.

No Odoo needed: XML is read with the standard library's expat parser (for line numbers).
"""

import re
from pathlib import Path
from xml.parsers import expat

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The addons of the repository (crm_contract and its bridges).
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
XML_DIRS = ("views", "wizards", "report", "data")

# The views whose templates the web client renders with a ``record`` of loaded fields.
VIEW_TAGS = {"kanban", "list", "tree", "form"}
# The tags of inline subviews inside an x2many <field>.
SUBVIEW_TAGS = {"kanban", "list", "tree", "form", "graph", "pivot", "calendar", "activity"}
# ``record.<name>`` in a QWeb attribute (t-if, t-esc, t-out, t-att-*, t-attf-*, t-value...).
RECORD_FIELD_RE = re.compile(r"(?<![\w.])record\.([A-Za-z_]\w*)")
# Always present on the kanban record (getFormattedRecord of web/views/kanban).
ALWAYS_THERE = {"id"}


class Node:
    def __init__(self, tag, attrib, line, parent):
        self.tag = tag
        self.attrib = attrib
        self.line = line
        self.parent = parent
        self.children = []

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()


def parse(path):
    return parse_bytes(Path(path).read_bytes())


def parse_bytes(data):
    parser = expat.ParserCreate()
    stack, roots = [], []

    def start(tag, attrib):
        node = Node(tag, attrib, parser.CurrentLineNumber, stack[-1] if stack else None)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _tag: stack.pop()
    parser.Parse(data, True)
    return roots[0]


def rel(path):
    return Path(path).relative_to(ROOT).as_posix()


def view_records():
    """(path, xmlid, inherit_id, arch node) of every ir.ui.view record of the addons, the
    xmlid qualified with its addon's name."""
    found = []
    for module in MODULES:
        found += addon_view_records(module)
    return found


def addon_view_records(module):
    found = []
    for folder in XML_DIRS:
        for path in sorted((ROOT / module / folder).glob("*.xml")):
            root = parse(path)
            for node in root.iter():
                if node.tag != "record" or node.attrib.get("model") != "ir.ui.view":
                    continue
                fields = {
                    child.attrib.get("name"): child
                    for child in node.children
                    if child.tag == "field"
                }
                arch = fields.get("arch")
                if arch is None:
                    continue
                inherit = fields.get("inherit_id")
                inherit_ref = inherit.attrib.get("ref") if inherit is not None else None
                if inherit_ref and "." not in inherit_ref:
                    inherit_ref = f"{module}.{inherit_ref}"
                found.append((path, f"{module}.{node.attrib.get('id')}", inherit_ref, arch))
    return found


def is_subview(node):
    """An inline subview: a view element directly inside an x2many <field> (not the
    <field name="arch"> of the view record itself)."""
    parent = node.parent
    return (
        node.tag in SUBVIEW_TAGS
        and parent is not None
        and parent.tag == "field"
        and parent.parent is not None
        and parent.parent.tag != "record"
    )


def scope_nodes(scope_root):
    """The nodes of a scope, without descending into the nested subviews (own scopes)."""
    yield scope_root
    for child in scope_root.children:
        if is_subview(child):
            continue
        yield from scope_nodes(child)


def scopes(arch):
    """Every scope of an arch: the arch itself, then each nested inline subview."""
    for node in arch.iter():
        if node is arch or is_subview(node):
            yield node


def declared_fields(scope_root):
    return {
        node.attrib["name"]
        for node in scope_nodes(scope_root)
        if node.tag == "field" and "name" in node.attrib and node is not scope_root
    }


def record_uses(scope_root):
    """(field name, line, attribute) of each ``record.<field>`` in the scope's QWeb."""
    for node in scope_nodes(scope_root):
        for attr, value in node.attrib.items():
            if not attr.startswith("t-"):
                continue
            for match in RECORD_FIELD_RE.finditer(value):
                yield match.group(1), node.line, attr


def view_kind(scope_root):
    """The view type of a scope: the tag of the first view element at or under it."""
    for node in scope_nodes(scope_root):
        if node.tag in SUBVIEW_TAGS:
            return node.tag
    return None


VIEWS = view_records()
VIEWS_BY_XMLID = {xmlid: (path, inherit, arch) for path, xmlid, inherit, arch in VIEWS}


def inherited_fields(inherit_ref):
    """The fields of the root scope of the view a view extends, when that view is one of the
    addons' (a bridge's view extending crm_contract's counts crm_contract's fields)."""
    if not inherit_ref or inherit_ref not in VIEWS_BY_XMLID:
        return set()
    _path, parent_inherit, parent_arch = VIEWS_BY_XMLID[inherit_ref]
    return declared_fields(parent_arch) | inherited_fields(parent_inherit)


def undeclared_record_fields(arch, inherit_ref=None):
    """Messages for each ``record.<field>`` of a kanban, list or form scope of ``arch`` whose
    field that scope does not declare."""
    problems = []
    for scope in scopes(arch):
        kind = view_kind(scope) if scope is arch else scope.tag
        if kind not in VIEW_TAGS and scope is not arch:
            continue
        declared = declared_fields(scope) | ALWAYS_THERE
        if scope is arch:
            declared |= inherited_fields(inherit_ref)
        for name, line, attr in record_uses(scope):
            if name not in declared:
                where = f"<{scope.tag}> of line {scope.line}" if scope is not arch else "the view"
                problems.append(
                    f"line {line}: {attr} reads record.{name} but {where} declares no "
                    f'<field name="{name}"/> (the web client does not load it)'
                )
    return problems


def test_some_views_found():
    kinds = {view_kind(arch) for _path, _xmlid, _inherit, arch in VIEWS}
    assert {"kanban", "list", "form"} <= kinds, kinds


@pytest.mark.parametrize(
    ("path", "xmlid", "inherit_ref", "arch"),
    VIEWS,
    ids=[f"{rel(path)}:{xmlid}" for path, xmlid, _inherit, _arch in VIEWS],
)
def test_view_reads_only_declared_fields(path, xmlid, inherit_ref, arch):
    problems = undeclared_record_fields(arch, inherit_ref)
    assert not problems, f"{rel(path)} ({xmlid}):\n" + "\n".join(problems)


# --- the check itself -----------------------------------------------------------------------


def arch_of(xml):
    """A <field name="arch"> node of a view record, as read from a data file."""
    record = parse_bytes(f'<record model="ir.ui.view">{xml}</record>'.encode())
    return record.children[0]


def test_check_catches_undeclared_field_in_card():
    arch = arch_of(
        '<field name="arch" type="xml"><kanban><templates><t t-name="card">'
        '<field name="partner_id"/>'
        '<span t-if="record.is_primary.raw_value">Primary</span>'
        "</t></templates></kanban></field>"
    )
    [problem] = undeclared_record_fields(arch)
    assert "record.is_primary" in problem


def test_check_accepts_fields_declared_anywhere_in_the_view():
    arch = arch_of(
        '<field name="arch" type="xml"><kanban><field name="is_primary"/><templates>'
        '<t t-name="card"><field name="date_end"/>'
        '<span t-if="record.is_primary.raw_value and record.id"/>'
        '<div t-att-title="record.date_end.value" t-attf-class="{{ record.date_end.raw_value }}"/>'
        "</t></templates></kanban></field>"
    )
    assert undeclared_record_fields(arch) == []


def test_check_scopes_subviews():
    """A field of the form does not count inside the kanban subview of an x2many, nor the
    other way round."""
    arch = arch_of(
        '<field name="arch" type="xml"><form><field name="state"/>'
        '<field name="line_ids"><kanban><templates><t t-name="card">'
        '<field name="amount"/><span t-if="record.state.raw_value"/>'
        '</t></templates></kanban></field><div t-if="record.amount.value"/></form></field>'
    )
    problems = undeclared_record_fields(arch)
    assert len(problems) == 2, problems
    assert any("record.state" in p and "<kanban>" in p for p in problems), problems
    assert any("record.amount" in p and "the view" in p for p in problems), problems
