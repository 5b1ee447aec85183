"""The field specification the web client sends for a view (plain Python, no test
framework: bench/bench_scale.py loads this file by its path)."""


def iter_view_fields(node):
    """The <field> nodes of a view arch, not those inside another field's sub-view."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        else:
            yield from iter_view_fields(child)


def view_specification(env, model, node):
    """The specification the web client sends for a view arch: many2one as their display
    name, x2many with the fields of their sub-view (40 rows)."""
    fields = env[model]._fields
    spec = {}
    for field_node in iter_view_fields(node):
        field = fields.get(field_node.get("name"))
        if field is None:
            continue
        if field.type == "many2one":
            spec[field.name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = next((c for c in field_node if c.tag in ("list", "kanban")), None)
            sub_spec = (
                view_specification(env, field.comodel_name, sub)
                if sub is not None
                else {"display_name": {}}
            )
            spec[field.name] = {"fields": sub_spec, "limit": 40}
            if sub is not None and sub.get("default_order"):
                spec[field.name]["order"] = sub.get("default_order")
        else:
            spec[field.name] = {}
    return spec
