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
        # No CTE nor window function, and the same column types in every branch: the
        # filters of a request (month, level, kind) reach the summary's rows and the
        # branches of the other levels are left out. Ids are made of the rows' own keys:
        # even for the actual figures, odd for the targets.
        tools.drop_view_if_exists(self.env.cr, self._table)
        months = SQL(" ").join(
            SQL("WHEN %s THEN t.%s", month, SQL.identifier(fname))
            for month, fname in enumerate(MONTH_FIELDS, start=1)
        )
        actual = SQL(" ").join(
            SQL("WHEN %s THEN a.%s", kind, SQL.identifier(figure))
            for kind, figure in ACTUAL_FIGURES.items()
        )
        kinds = SQL(", ").join(
            SQL("(%s, %s)", kind, code) for code, kind in enumerate(ACTUAL_FIGURES)
        )
        sums = SQL(
            "min(s.id)::bigint AS key, sum(s.amount_signed) AS amount_signed,"
            " sum(s.contract_count) AS contract_count, sum(s.amount_received) AS amount_received"
        )
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(view)s AS (
                SELECT r.id, r.level, r.kind, r.date, r.company_id, r.team_id, r.user_id,
                       company.currency_id, r.target, r.actual,
                       (CASE WHEN r.target != 0 THEN r.actual * 100.0 / r.target
                             ELSE 0.0 END) AS completion
                  FROM (
                    SELECT ((a.key * 3 + a.level_code) * 3 + k.code) * 2 AS id,
                           a.level::varchar, k.kind::varchar, a.date, a.company_id,
                           a.team_id, a.user_id,
                           0.0::float AS target,
                           (CASE k.kind %(actual)s END)::float AS actual
                      FROM (
                        SELECT 'user' AS level, 0 AS level_code, s.date, s.company_id,
                               s.team_id, s.user_id, %(sums)s
                          FROM crm_contract_money_month s
                         GROUP BY s.date, s.company_id, s.team_id, s.user_id
                        UNION ALL
                        SELECT 'team', 1, s.date, s.company_id, s.team_id, NULL, %(sums)s
                          FROM crm_contract_money_month s
                         GROUP BY s.date, s.company_id, s.team_id
                        UNION ALL
                        SELECT 'company', 2, s.date, s.company_id, NULL, NULL, %(sums)s
                          FROM crm_contract_money_month s
                         GROUP BY s.date, s.company_id
                      ) AS a
                     CROSS JOIN (VALUES %(kinds)s) AS k(kind, code)
                    UNION ALL
                    SELECT (t.id::bigint * 12 + m.month - 1) * 2 + 1, t.scope, t.kind,
                           make_date(t.year, m.month, 1), t.company_id, t.team_id, t.user_id,
                           (CASE m.month %(months)s END)::float,
                           0.0::float
                      FROM crm_contract_target t
                     CROSS JOIN generate_series(1, 12) AS m(month)
                     WHERE t.active
                  ) AS r
                  JOIN res_company company ON company.id = r.company_id
                 WHERE r.target != 0 OR r.actual != 0
            )
            """,
                view=SQL.identifier(self._table),
                actual=actual,
                months=months,
                kinds=kinds,
                sums=sums,
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
