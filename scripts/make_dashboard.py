"""Writes the spreadsheet files of spreadsheet_dashboard_crm_contract: the Contracts dashboard
(data/files/contracts_dashboard.json: Odoo pivots, lists and charts with global filters, in the
format of Odoo 18's own dashboards such as spreadsheet_dashboard_sale) and its sample
(data/files/contracts_sample_dashboard.json: the same layout with typed figures, shown while the
database holds no contract). Run it after changing the layout, then update the translations
(scripts/update_translations.sh spreadsheet_dashboard_crm_contract):

    python3 scripts/make_dashboard.py

Relative periods are domains the web client evaluates when the dashboard loads
(``context_today()`` and ``relativedelta`` of the client's Python evaluator): this month, this
year, the next 30 days, the next 60 days. The Period filter (a year, a quarter or a month, this
year by default) drives the monthly table and the rankings.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ROOT / "spreadsheet_dashboard_crm_contract" / "data" / "files"

REPORT = "crm.contract.target.report"
PLAN = "crm.contract.payment.plan"
CONTRACT = "crm.contract"

# the global filters (fixed ids: the translations and the tests name them)
PERIOD = "4f6b1c0e-25a1-4c3e-9a57-0c1d6f2a7b01"
TEAM = "4f6b1c0e-25a1-4c3e-9a57-0c1d6f2a7b02"
USER = "4f6b1c0e-25a1-4c3e-9a57-0c1d6f2a7b03"
COMPANY = "4f6b1c0e-25a1-4c3e-9a57-0c1d6f2a7b04"
GLOBAL_FILTERS = [
    {"id": PERIOD, "type": "date", "label": "Period", "defaultValue": "this_year",
     "rangeType": "fixedPeriod"},
    {"id": TEAM, "type": "relation", "label": "Sales Team", "modelName": "crm.team",
     "defaultValue": [], "defaultValueDisplayNames": [], "rangeType": "year"},
    {"id": USER, "type": "relation", "label": "Person in Charge", "modelName": "res.users",
     "defaultValue": [], "defaultValueDisplayNames": [], "rangeType": "year"},
    {"id": COMPANY, "type": "relation", "label": "Company", "modelName": "res.company",
     "defaultValue": [], "defaultValueDisplayNames": [], "rangeType": "year"},
]  # fmt: skip

# the fields each filter is matched with, by model; the Period only where it is given
MATCHING = {
    REPORT: {TEAM: "team_id", USER: "user_id", COMPANY: "company_id"},
    PLAN: {TEAM: "contract_id.team_id", USER: "user_id", COMPANY: "company_id"},
    CONTRACT: {TEAM: "team_id", USER: "user_id", COMPANY: "company_id"},
}

# relative periods, evaluated by the web client when the dashboard loads
TODAY = "context_today().strftime('%Y-%m-%d')"
THIS_MONTH = "context_today().strftime('%Y-%m-01')"
YEAR_START = "context_today().strftime('%Y-01-01')"
YEAR_END = "context_today().strftime('%Y-12-31')"


def in_days(days):
    return f"(context_today() + relativedelta(days={days})).strftime('%Y-%m-%d')"


def field_matching(model, period=None):
    matching = {fid: {"chain": chain, "type": "many2one"} for fid, chain in MATCHING[model].items()}
    if period:
        matching[PERIOD] = {"chain": period, "type": "date", "offset": 0}
    return matching


KINDS = ("signed_amount", "received_amount", "contract_count")
USER_LEVEL = [("level", "=", "user")]

PIVOTS = {
    "1": {
        "name": "Achievement this month",
        "model": REPORT,
        "domain": f"[('level', '=', 'user'), ('date', '=', {THIS_MONTH})]",
        "rows": [{"fieldName": "kind"}],
        "measures": ["target", "actual"],
    },
    "2": {
        "name": "Achievement this year",
        "model": REPORT,
        "domain": f"[('level', '=', 'user'), ('date', '>=', {YEAR_START}), "
        f"('date', '<=', {YEAR_END})]",
        "rows": [{"fieldName": "kind"}],
        "measures": ["target", "actual"],
    },
    "3": {
        "name": "Achievement by month",
        "model": REPORT,
        "domain": USER_LEVEL,
        "rows": [{"fieldName": "date", "granularity": "month"}],
        "columns": [{"fieldName": "kind"}],
        "measures": ["target", "actual"],
        "period": "date",
    },
    "4": {
        "name": "Overdue by ageing",
        "model": CONTRACT,
        "domain": [("amount_overdue", ">", 0)],
        "measures": [
            "amount_overdue",
            "amount_late_1_30",
            "amount_late_31_60",
            "amount_late_61_90",
            "amount_late_90_plus",
            "__count",
        ],
    },
    "5": {
        "name": "Falling due in the next 30 days",
        "model": PLAN,
        "domain": f"[('state', 'in', ['pending', 'partial']), ('date_due', '>=', {TODAY}), "
        f"('date_due', '<=', {in_days(30)})]",
        "measures": ["amount_residual", "__count"],
    },
    "6": {
        "name": "Contracts expiring in the next 60 days",
        "model": CONTRACT,
        "domain": f"[('state', '=', 'active'), ('date_end', '>=', {TODAY}), "
        f"('date_end', '<=', {in_days(60)})]",
        "measures": ["__count", "amount_total"],
    },
}

LISTS = {
    "1": {
        "name": "Instalments falling due in the next 30 days",
        "model": PLAN,
        "domain": PIVOTS["5"]["domain"],
        "columns": ["contract_id", "partner_id", "date_due", "amount_residual"],
        "orderBy": [{"name": "date_due", "asc": True}, {"name": "amount_residual", "asc": False}],
    },
    "2": {
        "name": "Contracts expiring in the next 60 days",
        "model": CONTRACT,
        "domain": PIVOTS["6"]["domain"],
        "columns": ["name", "partner_id", "date_end", "amount_total"],
        "orderBy": [{"name": "date_end", "asc": True}, {"name": "amount_total", "asc": False}],
    },
}

# the rankings: Odoo bar charts on the achievement report, highest first, for the Period
RANKINGS = [
    ("Signed Amount by Person in Charge", "user", "user_id", "signed_amount"),
    ("Received Amount by Person in Charge", "user", "user_id", "received_amount"),
    ("Number of Contracts by Person in Charge", "user", "user_id", "contract_count"),
    ("Signed Amount by Sales Team", "team", "team_id", "signed_amount"),
    ("Received Amount by Sales Team", "team", "team_id", "received_amount"),
    ("Number of Contracts by Sales Team", "team", "team_id", "contract_count"),
]

# the Data sheet: key figures of the scorecards (B: figure, C: target or count, D: baseline)
NO_TARGET = 'IF(C{row}>0,C{row},_t("No target"))'
KPIS = [
    # label, figure, target or count, baseline
    ("Signed this month", 'PIVOT.VALUE(1,"actual","kind","signed_amount")',
     'PIVOT.VALUE(1,"target","kind","signed_amount")', NO_TARGET),
    ("Received this month", 'PIVOT.VALUE(1,"actual","kind","received_amount")',
     'PIVOT.VALUE(1,"target","kind","received_amount")', NO_TARGET),
    ("Signed this year", 'PIVOT.VALUE(2,"actual","kind","signed_amount")',
     'PIVOT.VALUE(2,"target","kind","signed_amount")', NO_TARGET),
    ("Received this year", 'PIVOT.VALUE(2,"actual","kind","received_amount")',
     'PIVOT.VALUE(2,"target","kind","received_amount")', NO_TARGET),
    ("Contracts signed this year", 'PIVOT.VALUE(2,"actual","kind","contract_count")',
     'PIVOT.VALUE(2,"target","kind","contract_count")', NO_TARGET),
    ("Due in the next 30 days", 'PIVOT.VALUE(5,"amount_residual")',
     'PIVOT.VALUE(5,"__count")', "C{row}"),
    ("Overdue", 'PIVOT.VALUE(4,"amount_overdue")', 'PIVOT.VALUE(4,"__count")', "C{row}"),
    ("Expiring in the next 60 days", 'PIVOT.VALUE(6,"__count")',
     'PIVOT.VALUE(6,"amount_total")', "C{row}"),
]  # fmt: skip
# scorecards: title, Data row, baseline mode, description, background
SCORECARDS = [
    ("Signed this month", 2, "progress", "", "#EFF6FF"),
    ("Received this month", 3, "progress", "", "#EFF6FF"),
    ("Signed this year", 4, "progress", "", "#FFF7ED"),
    ("Received this year", 5, "progress", "", "#FFF7ED"),
    ("Contracts signed this year", 6, "progress", "", "#FFF7ED"),
    ("Due in the next 30 days", 7, "text", "instalments", "#F0FDF4"),
    ("Overdue", 8, "text", "contracts", "#FEF2F2"),
    ("Expiring in the next 60 days", 9, "text", "contract value", "#F5F3FF"),
]
SAMPLE_KPIS = [
    (84_000, 100_000),
    (61_500, 90_000),
    (912_000, 1_200_000),
    (705_000, 1_080_000),
    (38, 48),
    (126_400, 14),
    (58_300, 9),
    (6, 212_000),
]
SAMPLE_MONTHS = [
    (96_000, 100_000, 81_000, 90_000),
    (88_000, 100_000, 90_500, 90_000),
    (112_000, 100_000, 84_000, 90_000),
    (101_000, 100_000, 97_000, 90_000),
    (93_000, 100_000, 88_000, 90_000),
    (117_000, 100_000, 91_000, 90_000),
    (79_000, 100_000, 74_000, 90_000),
    (99_000, 100_000, 80_000, 90_000),
    (127_000, 100_000, 58_000, 90_000),
]
SAMPLE_PEOPLE = ["Marc Demo", "Mitchell Admin", "Lena Park", "Chen Wei", "Ana Silva"]
SAMPLE_TEAMS = ["Sales", "Pre-Sales", "Key Accounts"]
SAMPLE_AGEING = [31_200, 14_800, 7_900, 4_400]

COL_WIDTHS = [230, 130, 130, 110, 130, 130, 110]
DEFAULT_ROW = 23
CHART_HEIGHT = 300
LOCALE = {
    "name": "English (US)",
    "code": "en_US",
    "thousandsSeparator": ",",
    "decimalSeparator": ".",
    "dateFormat": "mm/dd/yyyy",
    "timeFormat": "hh:mm:ss",
    "formulaArgSeparator": ",",
    "weekStart": 7,
}
TITLE, HEADER, TEXT, NUMBER, PERCENT, HEADER_NUMBER = 1, 2, 3, 4, 5, 6
STYLES = {
    str(TITLE): {"textColor": "#01666b", "bold": True, "fontSize": 16},
    str(HEADER): {"bold": True, "fontSize": 11, "textColor": "#434343"},
    str(TEXT): {"textColor": "#434343", "verticalAlign": "middle", "align": "left"},
    str(NUMBER): {"textColor": "#434343", "verticalAlign": "middle", "align": "right"},
    str(PERCENT): {"textColor": "#434343", "verticalAlign": "middle", "align": "right"},
    str(HEADER_NUMBER): {"bold": True, "fontSize": 11, "textColor": "#434343", "align": "right"},
}
FORMATS = {"1": "#,##0", "2": "0%", "3": "m/d/yyyy"}


def cell_name(col, row):
    """A1 name of a 0-based column and a 1-based row."""
    return f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[col]}{row}"


def number(formula):
    """A formula of a pivot value as a number: 0 when the pivot has no such group (empty)."""
    return f"=IFERROR({formula},0)+0"


def t(text):
    """A formula whose value is the translated text."""
    return f'=_t("{text}")'


def menu_link(label, xmlid):
    return f"[{label}](odoo://ir_menu_xml_id/{xmlid})"


class Sheet:
    """Cells, styles and figures of one sheet; figures are placed by row."""

    def __init__(self, sheet_id, name, widths=None, grid=False):
        self.id, self.name, self.grid = sheet_id, name, grid
        self.widths = widths or []
        self.cells, self.styles, self.formats, self.rows = {}, {}, {}, {}
        self.figures = []
        self.last_row = 1

    def set(self, col, row, content, style=None, fmt=None):
        name = cell_name(col, row)
        self.cells[name] = {"content": str(content)}
        if style:
            self.styles[name] = style
        if fmt:
            self.formats[name] = fmt
        self.last_row = max(self.last_row, row)

    def top(self, row):
        """The y of the top of a 1-based row, in pixels."""
        return sum(self.rows.get(str(r), {}).get("size", DEFAULT_ROW) for r in range(row - 1))

    def figure(self, fig_id, col, row, width, height, data):
        x = sum(self.widths[:col])
        self.figures.append(
            {"id": fig_id, "x": x, "y": self.top(row), "width": width, "height": height,
             "tag": "chart", "data": data}
        )  # fmt: skip

    def rows_for(self, height):
        return -(-height // DEFAULT_ROW) + 1

    def to_json(self):
        return {
            "id": self.id,
            "name": self.name,
            "colNumber": max(len(self.widths), 8),
            "rowNumber": self.last_row + 5,
            "rows": self.rows,
            "cols": {str(i): {"size": w} for i, w in enumerate(self.widths)},
            "merges": [],
            "cells": self.cells,
            "styles": self.styles,
            "formats": self.formats,
            "borders": {},
            "conditionalFormats": [],
            "figures": self.figures,
            "tables": [],
            "areGridLinesVisible": self.grid,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "dataValidationRules": [],
            "comments": {},
        }


def scorecard(title, row, mode, descr, background):
    data = {
        "baselineColorDown": "#DC6965",
        "baselineColorUp": "#00A04A",
        "baselineMode": mode,
        "title": {"text": title, "bold": True, "color": "#434343"},
        "type": "scorecard",
        "background": background,
        "baseline": f"Data!D{row}",
        "keyValue": f"Data!B{row}",
        "humanize": True,
    }
    if descr:
        data["baselineDescr"] = descr
    return data


def ranking_chart(title, level, group, kind):
    domain = [("level", "=", level), ("kind", "=", kind), (group, "!=", False)]
    return {
        "title": {"text": title, "bold": True, "color": "#434343"},
        "background": "#FFFFFF",
        "legendPosition": "none",
        "metaData": {
            "groupBy": [group],
            "measure": "actual",
            "order": "DESC",
            "resModel": REPORT,
            "mode": "bar",
        },
        "searchParams": {
            "comparison": None,
            "context": {"group_by": []},
            "domain": domain,
            "groupBy": [group],
            "orderBy": [],
        },
        "type": "odoo_bar",
        "verticalAxisPosition": "left",
        "stacked": False,
        "fieldMatching": field_matching(REPORT, period="date"),
    }


def native_chart(kind, title, data_range, label_range):
    return {
        "type": kind,
        "title": {"text": title, "bold": True, "color": "#434343"},
        "dataSets": [{"dataRange": data_range, "yAxisId": "y"}],
        "dataSetsHaveTitle": False,
        "labelRange": label_range,
        "legendPosition": "none",
        "labelsAsText": True,
        "stacked": False,
        "aggregated": False,
        "background": "#FFFFFF",
    }


TARGETS_MENU = "crm_contract.crm_contract_target_report_menu"


def title_row(dash, row, label, menu):
    """A section title: a link to the menu showing its records, on a taller row."""
    dash.rows[str(row - 1)] = {"size": 40}
    dash.set(0, row, menu_link(label, menu), TITLE)


def data_sheet(sample):
    """The Data sheet: the scorecards' figures (B), targets or counts (C) and baselines (D)."""
    data = Sheet("crm_contract_dashboard_data", "Data", [220, 110, 110, 110], grid=True)
    for col, header in enumerate(("KPI", "Figure", "Target or count", "Baseline")):
        data.set(col, 1, t(header), HEADER)
    for index, (label, formula, second, baseline) in enumerate(KPIS):
        row = index + 2
        data.set(0, row, t(label))
        values = SAMPLE_KPIS[index] if sample else (number(formula), number(second))
        data.set(1, row, values[0], fmt=1)
        data.set(2, row, values[1], fmt=1)
        data.set(3, row, "=" + baseline.format(row=row), fmt=1)
    return data


def add_scorecards(dash):
    """Two rows of four scorecards from row 2; returns the next free row."""
    card_width, card_height = 240, 104
    dash.rows["0"] = {"size": 40}
    dash.set(0, 1, menu_link("Targets and Achievement", TARGETS_MENU), TITLE)
    for index, card in enumerate(SCORECARDS):
        row = 2 + (index // 4) * dash.rows_for(card_height)
        dash.figure(
            f"crm_contract_kpi_{index + 1}", 0, row, card_width, card_height, scorecard(*card)
        )
        dash.figures[-1]["x"] = (index % 4) * (card_width + 10)
    return 2 + 2 * dash.rows_for(card_height) + 1


def month_cells(dash, row, index, sample):
    """One month of the achievement table: signed and received, against target."""
    if sample:
        signed, signed_target, received, received_target = SAMPLE_MONTHS[index]
        dash.set(0, row, f"{index + 1:02d}/2026", TEXT)
        for col, value in ((1, signed), (2, signed_target), (4, received), (5, received_target)):
            dash.set(col, row, value, NUMBER, 1)
    else:
        pos = index + 1
        dash.set(0, row, f'=IFERROR(PIVOT.HEADER(3,"#date:month",{pos}),"")', TEXT)
        for col, measure, kind in (
            (1, "actual", "signed_amount"),
            (2, "target", "signed_amount"),
            (4, "actual", "received_amount"),
            (5, "target", "received_amount"),
        ):
            value = f'PIVOT.VALUE(3,"{measure}","#date:month",{pos},"kind","{kind}")'
            dash.set(col, row, f'=IFERROR({value},"")', NUMBER, 1)
    for col in (3, 6):
        actual, target = cell_name(col - 2, row), cell_name(col - 1, row)
        dash.set(col, row, f'=IFERROR({actual}/{target},"")', PERCENT, 2)


def add_months(dash, row, sample):
    """The achievement by month for the Period, and a chart of the signed amounts."""
    title_row(dash, row, "Achievement by Month", TARGETS_MENU)
    headers = ["Month", "Signed", "Target", "Completion", "Received", "Target", "Completion"]
    for col, header in enumerate(headers):
        dash.set(col, row + 1, t(header), HEADER_NUMBER if col else HEADER)
    first = row + 2
    count = len(SAMPLE_MONTHS) if sample else 12
    for index in range(count):
        month_cells(dash, first + index, index, sample)
    last = first + count - 1
    chart = native_chart("bar", "Signed by Month", f"B{first}:B{last}", f"A{first}:A{last}")
    dash.figure("crm_contract_months_chart", 0, last + 2, 1000, CHART_HEIGHT, chart)
    return last + 2 + dash.rows_for(CHART_HEIGHT) + 1


def add_rankings(dash, data, row, sample):
    """The six rankings for the Period, two by row."""
    title_row(dash, row, "Rankings", TARGETS_MENU)
    row += 1
    half = sum(COL_WIDTHS[:3])
    for index, (title, level, group, kind) in enumerate(RANKINGS):
        if sample:  # typed figures on the Data sheet, from row 20, six rows per ranking
            names = SAMPLE_PEOPLE if level == "user" else SAMPLE_TEAMS
            first = 20 + index * 6
            step = 3 if kind == "contract_count" else 12_000
            for n, name in enumerate(names):
                data.set(5, first + n, name)
                data.set(6, first + n, (len(names) - n) * step, fmt=1)
            last = first + len(names) - 1
            chart = native_chart("bar", title, f"Data!G{first}:G{last}", f"Data!F{first}:F{last}")
        else:
            chart = ranking_chart(title, level, group, kind)
        fig_row = row + (index // 2) * dash.rows_for(CHART_HEIGHT)
        dash.figure(f"crm_contract_ranking_{index + 1}", 0, fig_row, half - 10, CHART_HEIGHT, chart)
        dash.figures[-1]["x"] = (index % 2) * half
    return row + 3 * dash.rows_for(CHART_HEIGHT) + 1


AGEING_BUCKETS = [
    ("1-30 days", "amount_late_1_30"),
    ("31-60 days", "amount_late_31_60"),
    ("61-90 days", "amount_late_61_90"),
    ("Over 90 days", "amount_late_90_plus"),
]


def add_ageing(dash, row, sample):
    """Overdue amounts by ageing bucket (the contracts' ageing summary), and their chart."""
    title_row(dash, row, "Overdue by Ageing", "crm_contract.crm_contract_menu_ageing")
    dash.set(0, row + 1, t("Ageing"), HEADER)
    dash.set(1, row + 1, t("Overdue"), HEADER_NUMBER)
    for index, (label, field) in enumerate(AGEING_BUCKETS):
        dash.set(0, row + 2 + index, t(label), TEXT)
        value = SAMPLE_AGEING[index] if sample else number(f'PIVOT.VALUE(4,"{field}")')
        dash.set(1, row + 2 + index, value, NUMBER, 1)
    first, last = row + 2, row + 1 + len(AGEING_BUCKETS)
    chart = native_chart("bar", "Overdue by Ageing", f"B{first}:B{last}", f"A{first}:A{last}")
    dash.figure("crm_contract_ageing_chart", 3, row + 1, 500, 200, chart)
    return row + 2 + dash.rows_for(200)


LIST_SECTIONS = [
    (
        "Falling due in the next 30 days",
        "crm_contract.crm_contract_payment_plan_menu",
        "1",
        ["Contract", "Customer", "Due Date", "Still Owed"],
    ),
    (
        "Contracts expiring in the next 60 days",
        "crm_contract.crm_contract_menu",
        "2",
        ["Contract", "Customer", "End Date", "Amount"],
    ),
]


def add_lists(dash, row, sample):
    """The first ten instalments falling due, and contracts expiring."""
    for title, menu, list_id, headers in LIST_SECTIONS:
        title_row(dash, row, title, menu)
        for col, header in enumerate(headers):
            dash.set(col, row + 1, t(header), HEADER_NUMBER if col == 3 else HEADER)
        for index in range(0 if sample else 10):
            for col, field in enumerate(LISTS[list_id]["columns"]):
                content = f'=ODOO.LIST({list_id},{index + 1},"{field}")'
                fmt = {2: 3, 3: 1}.get(col)
                dash.set(col, row + 2 + index, content, NUMBER if col == 3 else TEXT, fmt)
        row += 14
    return row


def build(sample=False):
    """The dashboard's data; with sample, typed figures instead of Odoo data sources."""
    dash = Sheet("crm_contract_dashboard", "Dashboard", COL_WIDTHS)
    data = data_sheet(sample)
    row = add_scorecards(dash)
    row = add_months(dash, row, sample)
    row = add_rankings(dash, data, row, sample)
    row = add_ageing(dash, row, sample)
    add_lists(dash, row, sample)
    spreadsheet = {
        "version": 21,
        "sheets": [dash.to_json(), data.to_json()],
        "styles": STYLES,
        "formats": FORMATS,
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {"locale": LOCALE},
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": GLOBAL_FILTERS,
        "pivots": {},
        "pivotNextId": 1,
        "lists": {},
        "listNextId": 1,
    }
    if not sample:
        spreadsheet["pivots"] = {pid: pivot_json(pid, p) for pid, p in PIVOTS.items()}
        spreadsheet["pivotNextId"] = len(PIVOTS) + 1
        spreadsheet["lists"] = {lid: list_json(lid, li) for lid, li in LISTS.items()}
        spreadsheet["listNextId"] = len(LISTS) + 1
        spreadsheet["chartOdooMenusReferences"] = {
            f"crm_contract_ranking_{i + 1}": TARGETS_MENU for i in range(len(RANKINGS))
        }
    return spreadsheet


def domain_json(domain):
    return domain if isinstance(domain, str) else [list(leaf) for leaf in domain]


def pivot_json(pivot_id, pivot):
    return {
        "type": "ODOO",
        "id": pivot_id,
        "formulaId": pivot_id,
        "name": pivot["name"],
        "model": pivot["model"],
        "domain": domain_json(pivot["domain"]),
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in pivot["measures"]],
        "rows": pivot.get("rows", []),
        "columns": pivot.get("columns", []),
        "sortedColumn": None,
        "fieldMatching": field_matching(pivot["model"], pivot.get("period")),
    }


def list_json(list_id, lst):
    return {
        "id": list_id,
        "name": lst["name"],
        "model": lst["model"],
        "domain": domain_json(lst["domain"]),
        "context": {},
        "columns": lst["columns"],
        "orderBy": lst["orderBy"],
        "fieldMatching": field_matching(lst["model"]),
    }


def main():
    FILES.mkdir(parents=True, exist_ok=True)
    for name, sample in (("contracts_dashboard.json", False),
                         ("contracts_sample_dashboard.json", True)):  # fmt: skip
        path = FILES / name
        path.write_text(json.dumps(build(sample), indent=2, ensure_ascii=False) + "\n")
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
