"""Shared set-up of the dashboard's tests: the dashboard's JSON and the data requests its web
client makes, run through the ORM methods the client calls (``read_group`` for Odoo pivots, as
Odoo's pivot model does for each combination of its row and column groupings; ``web_read_group``
for Odoo charts; ``web_search_read`` for Odoo lists), with the global filters' domains built as
the client builds them. Base classes only, no test methods."""

import json
import re
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.addons.crm_contract.tests.common import PaymentCase
from odoo.tools import file_open
from odoo.tools.safe_eval import safe_eval

DASHBOARD_FILE = "spreadsheet_dashboard_crm_contract/data/files/contracts_dashboard.json"
SAMPLE_FILE = "spreadsheet_dashboard_crm_contract/data/files/contracts_sample_dashboard.json"
LIST_ROWS = 10  # the dashboard shows the first ten records of each list


def load_json(path):
    with file_open(path) as handle:
        return json.load(handle)


def evaluate_domain(domain):
    """The domain as the web client evaluates it when the dashboard loads (relative dates
    from ``context_today()``)."""
    if isinstance(domain, str):
        context = {"context_today": date.today, "relativedelta": relativedelta}
        return safe_eval(domain, context)
    return domain


def groupby_spec(dimension):
    """A pivot row or column as a read_group groupby: ``date:month``, ``kind``..."""
    if dimension.get("granularity"):
        return f"{dimension['fieldName']}:{dimension['granularity']}"
    return dimension["fieldName"]


class DashboardCase(PaymentCase):
    """The dashboard's JSON, and its data requests as a given user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spreadsheet = load_json(DASHBOARD_FILE)
        cls.filters = {f["id"]: f for f in cls.spreadsheet["globalFilters"]}

    @classmethod
    def data_sources(cls):
        """(kind, id, model, domain, field matching, definition) of every Odoo data source."""
        for pivot_id, pivot in cls.spreadsheet["pivots"].items():
            yield "pivot", pivot_id, pivot["model"], pivot["domain"], pivot["fieldMatching"], pivot
        for list_id, lst in cls.spreadsheet["lists"].items():
            yield "list", list_id, lst["model"], lst["domain"], lst["fieldMatching"], lst
        for sheet in cls.spreadsheet["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                if chart["type"].startswith("odoo_"):
                    model = chart["metaData"]["resModel"]
                    domain = chart["searchParams"]["domain"]
                    yield "chart", figure["id"], model, domain, chart["fieldMatching"], chart

    def filter_domain(self, matching, values):
        """The domain the global filters' ``values`` (filter label: value) add to a data
        source: record ids for relation filters, a year for the Period."""
        domain = []
        for filter_id, match in matching.items():
            label = self.filters[filter_id]["label"]
            if label not in values or not match.get("chain"):
                continue
            value = values[label]
            if match["type"] == "date":
                domain += [(match["chain"], ">=", f"{value}-01-01")]
                domain += [(match["chain"], "<=", f"{value}-12-31")]
            else:
                domain += [(match["chain"], "in", value)]
        return domain

    def requests(self, user, filters=None):
        """Runs every data request of the dashboard as ``user`` with the global filters'
        values (default: the Period on this year); returns {(kind, id): result}."""
        filters = {"Period": date.today().year} if filters is None else filters
        results = {}
        for kind, source_id, model, domain, matching, definition in self.data_sources():
            records = self.env[model].with_user(user)
            full = evaluate_domain(domain) + self.filter_domain(matching, filters)
            if kind == "pivot":
                results[kind, source_id] = self.pivot_request(records, full, definition)
            elif kind == "list":
                order = ", ".join(
                    f"{o['name']} {'asc' if o['asc'] else 'desc'}" for o in definition["orderBy"]
                )
                spec = {name: {} for name in definition["columns"]}
                results[kind, source_id] = records.web_search_read(
                    full, spec, order=order, limit=LIST_ROWS
                )["records"]
            else:
                meta = definition["metaData"]
                results[kind, source_id] = records.web_read_group(
                    full, [meta["measure"]], meta["groupBy"], lazy=False
                )["groups"]
        return results

    @staticmethod
    def pivot_request(records, domain, pivot):
        """The read_groups of an Odoo pivot: one by prefix of its rows crossed with one by
        prefix of its columns, keyed by the groupby tuple."""
        fields = [m["fieldName"] for m in pivot["measures"]]
        rows = [groupby_spec(d) for d in pivot["rows"]]
        cols = [groupby_spec(d) for d in pivot["columns"]]
        result = {}
        for r in range(len(rows) + 1):
            for c in range(len(cols) + 1):
                groupby = rows[:r] + cols[:c]
                result[tuple(groupby)] = records.read_group(domain, fields, groupby, lazy=False)
        return result

    @staticmethod
    def total(pivot_result, measure):
        """The pivot's grand total of a measure."""
        (group,) = pivot_result[()]
        return group[measure] or 0.0


FORMULA_SOURCE = re.compile(r"(PIVOT(?:\.VALUE|\.HEADER)?|ODOO\.LIST)\((\d+),")
PIVOT_MEASURE = re.compile(r'PIVOT\.VALUE\((\d+),"([^"]+)"')
LIST_FIELD = re.compile(r'ODOO\.LIST\((\d+),\d+,"([^"]+)"\)')
