"""Planned vs Received, month by month: one row per instalment (planned on its due date) and
one per confirmed receipt (received on its date), amounts in the company's currency.
Read-only SQL view.

Grouped by month, quarter or year, kind, company, team or person in charge (as the report
opens: this year, month x kind), and read by a user who sees every contract of his
companies, the groups come from the monthly money summary (``crm.contract.money.month``)
instead of every instalment and receipt: the same figures (the summary is kept right with
them), read from a row per month and person. Any other grouping, filter or user reads the
rows themselves, with the record rules of the contracts."""

import calendar
from datetime import date

from odoo import fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL

# What the summary can group by: the report's field, the summary's.
SUMMARY_GROUPBY = {"company_id", "team_id", "user_id", "currency_id"}
SUMMARY_DATE_GROUPBY = {"date:month", "date:quarter", "date:year"}
KINDS = ("planned", "received")
# each kind: the summary's amount and count
KIND_FIGURES = {
    "planned": ("amount_planned", "planned_count"),
    "received": ("amount_received", "received_count"),
}


class CrmContractPaymentReport(models.Model):
    _name = "crm.contract.payment.report"
    _description = "Contract Payments: Planned vs Received"
    _auto = False
    _order = "date desc"
    _depends = {
        "crm.contract": [
            "money_month_data",
            "state",
            "commercial_partner_id",
            "user_id",
            "team_id",
            "company_id",
        ],
        "crm.contract.payment.plan": ["contract_id", "date_due", "amount_company"],
        "crm.contract.payment": ["contract_id", "date", "state", "amount_company"],
    }

    kind = fields.Selection(
        [("planned", "Planned"), ("received", "Received")], readonly=True, string="Type"
    )
    date = fields.Date(readonly=True)
    contract_id = fields.Many2one("crm.contract", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Person in Charge", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    amount = fields.Monetary(
        readonly=True,
        help="In the company's currency: instalments at the contract's rate (of its signing "
        "date), receipts at the rate of their date.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT plan.id * 2 AS id,
                       'planned' AS kind,
                       plan.date_due AS date,
                       plan.contract_id,
                       contract.commercial_partner_id AS partner_id,
                       contract.user_id,
                       contract.team_id,
                       contract.company_id,
                       company.currency_id,
                       plan.amount_company AS amount
                  FROM crm_contract_payment_plan plan
                  JOIN crm_contract contract ON contract.id = plan.contract_id
                  JOIN res_company company ON company.id = contract.company_id
                 WHERE contract.state != 'cancelled'
                UNION ALL
                SELECT receipt.id * 2 + 1 AS id,
                       'received' AS kind,
                       receipt.date,
                       receipt.contract_id,
                       contract.commercial_partner_id AS partner_id,
                       contract.user_id,
                       contract.team_id,
                       contract.company_id,
                       company.currency_id,
                       receipt.amount_company AS amount
                  FROM crm_contract_payment receipt
                  JOIN crm_contract contract ON contract.id = receipt.contract_id
                  JOIN res_company company ON company.id = contract.company_id
                 WHERE receipt.state = 'confirmed'
            )
            """,
                SQL.identifier(self._table),
            )
        )

    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        rows = self._read_group_from_summary(
            domain, groupby, aggregates, having, offset, limit, order
        )
        if rows is not None:
            return rows
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    # ------------------------------------------------------------------
    # The groups from the monthly summary
    # ------------------------------------------------------------------

    def _read_group_from_summary(self, domain, groupby, aggregates, having, offset, limit, order):
        """The groups of ``_read_group`` read from the monthly summary, or None when the
        summary cannot give them (see the module's docstring)."""
        groupby, aggregates = list(groupby), list(aggregates)
        if having or offset or limit or not self._summary_serves_user():
            return None
        if not set(aggregates) <= {"amount:sum", "__count"}:
            return None
        if any(spec not in SUMMARY_GROUPBY | SUMMARY_DATE_GROUPBY | {"kind"} for spec in groupby):
            return None
        if "kind" in groupby[:-1]:  # the kind comes last (as the report opens), or not at all
            return None
        if order and [term.split()[0] for term in order.split(",")] != groupby:
            return None
        if order and any(
            term.split()[1:] not in ([], ["asc"], ["ASC"]) for term in order.split(",")
        ):
            return None
        parsed = self._summary_domain(domain)
        if parsed is None:
            return None
        summary_domain, kinds = parsed
        Summary = self.env["crm.contract.money.month"].sudo()
        if not self.env.su:  # the report's company rule
            summary_domain = expression.AND(
                [summary_domain, [("company_id", "in", self.env.companies.ids)]]
            )
        summary_groupby = [spec for spec in groupby if spec != "kind"]
        figures = [f"{fname}:sum" for kind in KINDS for fname in KIND_FIGURES[kind]]
        self.env["crm.contract"].flush_model(["money_month_data"])
        Summary.flush_model()
        rows = []
        # the order asked (the groupings, by name for a person or a team) or none, as the rows
        summary_order = ",".join(summary_groupby) if order and summary_groupby else None
        for values in Summary._read_group(
            summary_domain, summary_groupby, figures, order=summary_order
        ):
            keys = [
                value.with_env(self.env) if isinstance(value, models.BaseModel) else value
                for value in values[: len(summary_groupby)]
            ]
            sums = dict(zip(figures, values[len(summary_groupby) :], strict=True))
            found = {
                kind: (sums[f"{amount}:sum"] or 0.0, int(sums[f"{count}:sum"] or 0))
                for kind, (amount, count) in KIND_FIGURES.items()
                if kind in kinds and sums[f"{count}:sum"]
            }
            groups = (
                [(kind, *found[kind]) for kind in KINDS if kind in found]
                if "kind" in groupby
                else [
                    (None, sum(a for a, _c in found.values()), sum(c for _a, c in found.values()))
                ]
                if found
                else []
            )
            for kind, amount, count in groups:
                row = keys + ([kind] if "kind" in groupby else [])
                aggregated = {"amount:sum": amount, "__count": count}
                rows.append(tuple(row + [aggregated[spec] for spec in aggregates]))
        return rows

    def _summary_serves_user(self):
        """Whether the user sees every row of his companies here (the summary has no
        contract to apply the other rules to): a user of all documents, under no other
        global rule than the company one."""
        if self.env.su:
            return True
        if not self.env.user.has_group("crm_contract.crm_contract_group_user_all"):
            return False
        company_rule = self.env.ref(
            "crm_contract.crm_contract_payment_report_rule_company", raise_if_not_found=False
        )
        rules = self.env["ir.rule"].sudo()._get_rules(self._name)
        return all(rule == company_rule for rule in rules.filtered("global"))

    def _summary_domain(self, domain):
        """(the summary's domain, the kinds kept) for ``domain``, or None when the summary
        cannot answer it: leaves joined by AND, on the summary's fields, dates on whole
        months."""
        kinds = set(KINDS)
        leaves = []
        for item in expression.normalize_domain(domain):
            if item == "&":
                continue
            if not expression.is_leaf(item):
                return None  # "|" or "!"
            leaf = tuple(item)
            if leaf == expression.TRUE_LEAF:
                continue
            if leaf == expression.FALSE_LEAF:
                leaves.append(leaf)
                continue
            fname, operator, value = leaf
            if fname == "kind":
                if operator in ("=", "!=") and value in KINDS:
                    kept = {value}
                elif operator in ("in", "not in") and set(value or ()) <= set(KINDS):
                    kept = set(value)
                else:
                    return None
                kinds &= kept if operator in ("=", "in") else set(KINDS) - kept
            elif fname in SUMMARY_GROUPBY or (fname == "date" and _month_bound(operator, value)):
                leaves.append(leaf)
            else:
                return None
        return expression.AND([[leaf] for leaf in leaves] or [[]]), kinds


def _month_bound(operator, value):
    """Whether the date condition ``operator value`` keeps or drops whole months."""
    try:
        day = fields.Date.to_date(value)
    except (TypeError, ValueError):
        return False
    if not isinstance(day, date):
        return False
    last = calendar.monthrange(day.year, day.month)[1]
    return (operator in (">=", "<") and day.day == 1) or (
        operator in ("<=", ">") and day.day == last
    )
