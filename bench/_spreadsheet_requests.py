"""The data requests a spreadsheet dashboard sends when it opens, derived from its JSON, and
their equivalent on CRM's opportunities (the baseline of bench_scale.py's dashboard measure).

What the web client sends, as Odoo 18's spreadsheet addon sends it (odoo/addons/spreadsheet/
static/src): each Odoo pivot, web's PivotModel with every group expanded: one read_group (lazy
false) per pair of a prefix of its row group-bys and a prefix of its column group-bys (the
total, the rows, the columns, rows x columns), its dimensions' order as ``orderby``; each Odoo
list, one web_search_read of the fields its ODOO.LIST formulas read (its columns when none),
as many rows as the highest position they read, in the list's order; each Odoo chart, web's
GraphModel: one web_read_group (lazy false, fill_temporal) by its group-bys of its measure.
Every data source's domain is its own and'ed with the global filters' default values
through its field matching (a date filter's period as the filter plugin computes it, a
relation filter's records, "current_user" the user).

The leads baseline (``spreadsheet_dashboard_crm``, the leads dashboard, is Enterprise and is
not used): the same kind of call on ``crm.lead``, opportunities only, with the same shape:
each group-by and list column is replaced by the lead field of the same role (person in
charge, sales team, company and customer kept; a date or datetime, at the same granularity,
by the expected closing date ``date_deadline``; a status, bucket, kind or any other field by
the stage ``stage_id``), each summed measure by a lead amount, the same limit and the same
order; the date conditions of the data source's domain (its period) are kept on
``date_deadline`` when the domain is a plain conjunction (a date equal to a first day of
month, a report's month, becomes that month), its other conditions are replaced by
"opportunities".
"""

import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

OPPORTUNITIES = [("type", "=", "opportunity")]
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
QUARTERS = ("first_quarter", "second_quarter", "third_quarter", "fourth_quarter")
# the lead fields that play each role, in the order they are handed out
LEAD_SAME = ("user_id", "team_id", "company_id", "partner_id")
LEAD_POOLS = {
    "date": ("date_deadline", "date_closed", "date_open", "date_last_stage_update"),
    "number": ("expected_revenue", "prorated_revenue", "recurring_revenue", "probability"),
    "char": ("name", "email_from", "phone", "contact_name", "city"),
    "other": ("stage_id", "priority", "campaign_id", "source_id", "medium_id"),
}
LIST_FORMULA = re.compile(r'ODOO\.LIST\(\s*"?(\w+)"?\s*,\s*"?(\d+)"?\s*,\s*"([\w.]+)"', re.I)


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _cells(data):
    for sheet in data.get("sheets", []):
        for cell in (sheet.get("cells") or {}).values():
            content = cell.get("content") if isinstance(cell, dict) else cell
            if isinstance(content, str):
                yield content


def data_sources(data):
    """Every Odoo pivot, list and chart of the dashboard: (kind, id, name, definition)."""
    sources = []
    for pivot_id, pivot in sorted(data.get("pivots", {}).items(), key=lambda i: int(i[0])):
        if pivot.get("type", "ODOO") == "ODOO":
            sources.append(("pivot", pivot_id, pivot.get("name", pivot_id), pivot))
    positions, list_fields = {}, {}
    for content in _cells(data):
        for list_id, position, fname in LIST_FORMULA.findall(content):
            positions[list_id] = max(positions.get(list_id, 0), int(position))
            list_fields.setdefault(list_id, []).append(fname)
    for list_id, odoo_list in sorted(data.get("lists", {}).items(), key=lambda i: int(i[0])):
        definition = dict(odoo_list)
        definition["limit"] = positions.get(list_id, 0)
        fields = list(dict.fromkeys(list_fields.get(list_id, []))) or odoo_list["columns"]
        definition["fields"] = fields
        sources.append(("list", list_id, odoo_list.get("name", list_id), definition))
    for sheet in data.get("sheets", []):
        for figure in sheet.get("figures", []):
            chart = figure.get("data") or {}
            if figure.get("tag") == "chart" and chart.get("type", "").startswith("odoo_"):
                title = chart.get("title")
                name = title.get("text") if isinstance(title, dict) else title
                sources.append(("chart", figure["id"], name or figure["id"], chart))
    return sources


# --- domains ------------------------------------------------------------------------------


def _bounds(start, end, ftype):
    if ftype == "datetime":
        return (
            datetime.combine(start, time.min).strftime("%Y-%m-%d %H:%M:%S"),
            datetime.combine(end, time(23, 59, 59)).strftime("%Y-%m-%d %H:%M:%S"),
        )
    return start.isoformat(), end.isoformat()


def _relative_range(value, offset, today):
    """getRelativeDateDomain of the spreadsheet's global filters."""
    if value == "year_to_date":
        return today.replace(month=1, day=1) + relativedelta(years=offset), today + relativedelta(
            years=offset
        )
    days = {
        "last_week": 7,
        "last_month": 30,
        "last_three_months": 90,
        "last_six_months": 180,
        "last_year": 365,
        "last_three_years": 3 * 365,
    }.get(value)
    if not days:
        return None
    shift = timedelta(days=days * offset)
    return today + timedelta(days=1 - days) + shift, today + shift


def _period_range(value, offset, today):
    """_getDateDomain of a fixed period (year, quarter or month of a year offset)."""
    if value == "this_year":
        value = {"yearOffset": 0}
    elif value == "this_month":
        value = {"yearOffset": 0, "period": MONTHS[today.month - 1]}
    elif value == "this_quarter":
        value = {"yearOffset": 0, "period": QUARTERS[(today.month - 1) // 3]}
    if not isinstance(value, dict):
        return None
    period = value.get("period")
    if (not period or period == "empty") and value.get("yearOffset") is None:
        return None
    year = today.year + (value.get("yearOffset") or 0)
    if not period or period == "empty":
        start = date(year + offset, 1, 1)
        return start, start + relativedelta(years=1, days=-1)
    if period in QUARTERS:
        start = date(year, 3 * QUARTERS.index(period) + 1, 1) + relativedelta(months=3 * offset)
        return start, start + relativedelta(months=3, days=-1)
    start = date(year, MONTHS.index(period) + 1, 1) + relativedelta(months=offset)
    return start, start + relativedelta(months=1, days=-1)


def filter_domain(global_filter, matching, today, uid):
    """The domain of ``global_filter`` at its default value on the field ``matching`` names."""
    field = (matching or {}).get("chain")
    value = global_filter.get("defaultValue")
    if not field or not value:
        return []
    kind = global_filter["type"]
    if kind == "date":
        offset = matching.get("offset") or 0
        range_type = global_filter.get("rangeType")
        if range_type == "from_to":
            return []
        if range_type == "relative":
            span = _relative_range(value, offset, today)
        else:
            span = _period_range(value, offset, today)
        if not span:
            return []
        start, end = _bounds(*span, matching.get("type"))
        return [(field, ">=", start), (field, "<=", end)]
    if kind == "relation":
        ids = [uid] if value == "current_user" else value
        operator = "child_of" if global_filter.get("includeChildren") else "in"
        return [(field, operator, ids)] if ids else []
    return [(field, "ilike", value)]


def eval_domain(domain, env, today):
    """A data source's own domain: a list, or a string the web client evaluates (with
    context_today(), relativedelta, ...)."""
    if not isinstance(domain, str):
        return list(domain or [])
    now = datetime.combine(today, datetime.now().time())
    return safe_eval(
        domain,
        {
            "context_today": lambda: now,
            "datetime": safe_datetime,
            "relativedelta": relativedelta,
            "uid": env.uid,
            "time": safe_time,
        },
    )


def source_domain(env, dashboard, definition, today):
    """The data source's domain (a chart's in its searchParams) and'ed with the global
    filters' at their default values."""
    own = definition.get("searchParams", definition).get("domain") or []
    domain = eval_domain(own, env, today)
    matching = definition.get("fieldMatching") or {}
    parts = [domain] if domain else []
    for global_filter in dashboard.get("globalFilters", []):
        leaves = filter_domain(global_filter, matching.get(global_filter["id"]), today, env.uid)
        if leaves:
            parts.append(leaves)
    # and'ed: a prefix domain joined to leaves needs explicit '&'
    result = []
    for part in parts:
        result = ["&", *result, *part] if result and _is_prefix(part) else [*result, *part]
    return result


def _is_prefix(domain):
    return any(isinstance(item, str) for item in domain)


# --- the calls ----------------------------------------------------------------------------


def _groupby(fields, dimension):
    name = dimension["fieldName"]
    granularity = dimension.get("granularity")
    if fields[name]["type"] in ("date", "datetime"):
        return f"{name}:{granularity or 'month'}"
    return name


def _prefixes(items):
    return [items[:n] for n in range(len(items) + 1)]


def _pivot_measure(fields, measure, lead=None, default_aggregator=False):
    """The measure as the spreadsheet pivot asks it (its bare name without an aggregator: the
    field's own; ``default_aggregator``: with the field's aggregator, as a chart asks it);
    with ``lead`` (a LeadMapping), the lead field of its role, aliased by the source
    field's name (two measures may share a lead field)."""
    fname = measure["fieldName"]
    if fname == "__count":
        return "__count"
    aggregator = measure.get("aggregator")
    if not aggregator:
        aggregator = (
            "count_distinct"
            if fields[fname]["type"] == "many2one"
            else fields[fname].get("aggregator") or "sum"
        )
        if not lead:
            return f"{fname}:{aggregator}" if default_aggregator else fname
    column = lead(fname) if lead else fname
    return f"{fname}_{aggregator}_id:{aggregator}({column})"


def _chart_measures(fields, measure, lead=None):
    """GraphModel's measures: none for the count, else the field's aggregator."""
    if measure == "__count":
        return []
    return [_pivot_measure(fields, {"fieldName": measure}, lead, default_aggregator=True)]


def pivot_call(model, domain, rows, cols, measures, orders=None):
    """The read_group calls of a spreadsheet pivot (every group expanded)."""
    groupbys = [r + c for r in _prefixes(rows) for c in _prefixes(cols)]
    orders = orders or {}

    def run():
        for groupby in groupbys:
            orderby = ",".join(f"{g} {orders[g]}" for g in groupby if g in orders)
            model.read_group(domain, measures, groupby, lazy=False, orderby=orderby or None)

    return run, len(groupbys)


def list_call(model, domain, spec, order, limit):
    def run():
        if limit:
            model.web_search_read(domain, spec, order=order or None, limit=limit)

    return run, 1 if limit else 0


def chart_call(model, domain, groupby, measures):
    model = model.with_context(fill_temporal=True)

    def run():
        model.web_read_group(domain, measures, groupby, lazy=False)

    return run, 1


def read_spec(fields, names):
    """The spreadsheet list's _getReadSpec."""
    spec = {}
    for name in names:
        field = fields.get(name)
        if not field:
            continue
        if field["type"] == "monetary":
            spec[name] = {}
            currency = field.get("currency_field") or "currency_id"
            spec[currency] = {
                "fields": {
                    "display_name": {},
                    "name": {},
                    "symbol": {},
                    "decimal_places": {},
                    "position": {},
                }
            }
        elif field["type"] in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


class LeadMapping:
    """The lead field playing the role of each field of a data source (see the docstring)."""

    def __init__(self, fields):
        self.fields = fields
        self.mapped = {}
        self.used = set()

    def role(self, name):
        field = self.fields[name]
        if field["type"] in ("date", "datetime"):
            return "date"
        if field["type"] in ("monetary", "float", "integer"):
            return "number"
        if field["type"] in ("char", "text", "html"):
            return "char"
        return "other"

    def __call__(self, name):
        base, _sep, granularity = name.partition(":")
        if base == "__count":
            return "__count"
        if base not in self.mapped:
            if base in LEAD_SAME:
                lead = base
            else:
                pool = LEAD_POOLS[self.role(base)]
                lead = next((f for f in pool if f not in self.used), pool[0])
            self.mapped[base] = lead
            self.used.add(lead)
        lead = self.mapped[base]
        return f"{lead}:{granularity}" if granularity else lead

    def domain(self, domain):
        """The source's date conditions on date_deadline (a plain conjunction only), and
        opportunities."""
        if _is_prefix(domain):
            return list(OPPORTUNITIES)
        dates = []
        for fname, op, raw in domain:
            if self.fields.get(fname, {}).get("type") not in ("date", "datetime"):
                continue
            value = raw[:10] if isinstance(raw, str) else raw
            if op == "=" and isinstance(value, str) and value.endswith("-01"):
                # a report's month (its date is the first day of the month): that month
                end = date.fromisoformat(value) + relativedelta(months=1, days=-1)
                dates += [("date_deadline", ">=", value), ("date_deadline", "<=", end.isoformat())]
            else:
                dates.append(("date_deadline", op, value))
        return [*OPPORTUNITIES, *dates]


def calls(env, dashboard, today):
    """(kind, name, contract call, lead call, number of requests) of every data source."""
    Lead = env["crm.lead"]
    lead_fields = Lead.fields_get(attributes=["type", "aggregator", "currency_field"])
    result = []
    for kind, _source_id, name, definition in data_sources(dashboard):
        model_name = (
            definition.get("metaData", {}).get("resModel")
            if kind == "chart"
            else definition["model"]
        )
        Model = env[model_name]
        fields = Model.fields_get(attributes=["type", "aggregator", "currency_field"])
        domain = source_domain(env, dashboard, definition, today)
        lead = LeadMapping(fields)
        lead_domain = lead.domain(domain)
        if kind == "pivot":
            rows = [_groupby(fields, d) for d in definition.get("rows", [])]
            cols = [_groupby(fields, d) for d in definition.get("columns", [])]
            orders = {
                _groupby(fields, d): d["order"]
                for d in definition.get("rows", []) + definition.get("columns", [])
                if d.get("order")
            }
            measures = [
                _pivot_measure(fields, m)
                for m in definition.get("measures", [])
                if not m.get("computedBy")
            ]
            lead_measures = [
                _pivot_measure(fields, m, lead)
                for m in definition.get("measures", [])
                if not m.get("computedBy")
            ]
            contract_run, count = pivot_call(Model, domain, rows, cols, measures, orders)
            lead_run, _count = pivot_call(
                Lead,
                lead_domain,
                [lead(g) for g in rows],
                [lead(g) for g in cols],
                lead_measures,
                {lead(g): o for g, o in orders.items()},
            )
        elif kind == "list":
            names = [f for f in definition["fields"] if f in fields]
            order = ", ".join(
                f"{o['name']} {'ASC' if o.get('asc') else 'DESC'}"
                for o in definition.get("orderBy", [])
            )
            lead_order = ", ".join(
                f"{lead(o['name'])} {'ASC' if o.get('asc') else 'DESC'}"
                for o in definition.get("orderBy", [])
            )
            limit = definition["limit"]
            contract_run, count = list_call(Model, domain, read_spec(fields, names), order, limit)
            lead_spec = read_spec(lead_fields, [lead(f) for f in names])
            lead_run, _count = list_call(Lead, lead_domain, lead_spec, lead_order, limit)
        else:
            meta = definition["metaData"]
            groupby = [
                _groupby(fields, {"fieldName": g.split(":")[0], "granularity": g.partition(":")[2]})
                for g in meta.get("groupBy", [])
            ]
            measure = meta.get("measure") or "__count"
            contract_run, count = chart_call(
                Model, domain, groupby, _chart_measures(fields, measure)
            )
            lead_groupby = [lead(g) for g in groupby]
            lead_measures = _chart_measures(fields, measure, lead)
            lead_run, _count = chart_call(Lead, lead_domain, lead_groupby, lead_measures)
        if count:
            result.append((kind, f"{kind} {name} ({model_name})", contract_run, lead_run, count))
    return result
