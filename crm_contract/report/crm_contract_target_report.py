"""Achievement (业绩完成): the sales targets set against what was done, by month, at the
company, sales-team and salesperson levels. Read-only SQL view over the targets and the
monthly money summary (``crm.contract.money.month``)."""

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.crm_contract_target import MONTH_FIELDS, TARGET_KINDS, TARGET_SCOPES

# The summary's figure each kind of target is measured by.
ACTUAL_FIGURES = {
    "signed_amount": "amount_signed",
    "received_amount": "amount_received",
    "contract_count": "contract_count",
}


class CrmContractTargetReport(models.Model):
    _name = "crm.contract.target.report"
    _description = "Sales Targets: Achievement"
    _auto = False
    _order = "date desc, level, kind"
    # flushed before the view is read: the contracts' part of the summary is computed first
    _depends = {
        "crm.contract": ["money_month_data"],
        "crm.contract.money.month": [
            "date",
            "company_id",
            "team_id",
            "user_id",
            "amount_signed",
            "contract_count",
            "amount_received",
        ],
        "crm.contract.target": [
            "company_id",
            "year",
            "kind",
            "scope",
            "team_id",
            "user_id",
            "active",
            *MONTH_FIELDS,
        ],
    }

    date = fields.Date(string="Month", readonly=True)
    level = fields.Selection(
        TARGET_SCOPES,
        readonly=True,
        help="Where the figures are counted: the whole company, a sales team, or a "
        "salesperson. Every contract and receipt is counted once at each level.",
    )
    kind = fields.Selection(TARGET_KINDS, string="Target For", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    target = fields.Float(readonly=True)
    actual = fields.Float(readonly=True)
    completion = fields.Float(
        string="Completion (%)",
        readonly=True,
        help="Actual against target, in percent, in every group: 0 without a target.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        months = SQL(" ").join(
            SQL("WHEN %s THEN t.%s", month, SQL.identifier(fname))
            for month, fname in enumerate(MONTH_FIELDS, start=1)
        )
        actual = SQL(" ").join(
            SQL("WHEN %s THEN a.%s", kind, SQL.identifier(figure))
            for kind, figure in ACTUAL_FIGURES.items()
        )
        kinds = SQL(", ").join(SQL("(%s)", kind) for kind in ACTUAL_FIGURES)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(view)s AS (
                WITH summary AS (
                    SELECT date, company_id, team_id, user_id,
                           sum(amount_signed) AS amount_signed,
                           sum(contract_count) AS contract_count,
                           sum(amount_received) AS amount_received
                      FROM crm_contract_money_month
                     GROUP BY date, company_id, team_id, user_id
                ), levels AS (
                    SELECT 'user' AS level, date, company_id, team_id, user_id,
                           amount_signed, contract_count, amount_received
                      FROM summary
                    UNION ALL
                    SELECT 'team', date, company_id, team_id, NULL,
                           amount_signed, contract_count, amount_received
                      FROM summary
                    UNION ALL
                    SELECT 'company', date, company_id, NULL, NULL,
                           amount_signed, contract_count, amount_received
                      FROM summary
                ), rows AS (
                    SELECT a.level, k.kind, a.date, a.company_id, a.team_id, a.user_id,
                           0.0 AS target,
                           (CASE k.kind %(actual)s END)::float AS actual
                      FROM levels a
                     CROSS JOIN (VALUES %(kinds)s) AS k(kind)
                    UNION ALL
                    SELECT t.scope, t.kind, make_date(t.year, m.month, 1), t.company_id,
                           t.team_id, t.user_id,
                           (CASE m.month %(months)s END)::float AS target,
                           0.0 AS actual
                      FROM crm_contract_target t
                     CROSS JOIN generate_series(1, 12) AS m(month)
                     WHERE t.active
                )
                SELECT row_number() OVER () AS id, r.level, r.kind, r.date, r.company_id,
                       r.team_id, r.user_id, company.currency_id, r.target, r.actual,
                       (CASE WHEN r.target != 0 THEN r.actual * 100.0 / r.target
                             ELSE 0.0 END) AS completion
                  FROM rows r
                  JOIN res_company company ON company.id = r.company_id
                 WHERE r.target != 0 OR r.actual != 0
            )
            """,
                view=SQL.identifier(self._table),
                actual=actual,
                months=months,
                kinds=kinds,
            )
        )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """The completion of every group is its actual against its target (not a sum of the
        rows' completions)."""
        specs = [spec.split(":")[0] for spec in fields]
        if "completion" not in specs:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        fields = [spec for spec in fields if spec.split(":")[0] != "completion"]
        fields += [spec for spec in ("target:sum", "actual:sum") if spec.split(":")[0] not in specs]
        groups = super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        for group in groups:
            target, actual = group.get("target") or 0.0, group.get("actual") or 0.0
            group["completion"] = actual * 100.0 / target if target else 0.0
        return groups
