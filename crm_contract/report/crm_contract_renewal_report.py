from odoo import fields, models, tools
from odoo.tools import SQL


class CrmContractRenewalReport(models.Model):
    """Renewal rate: one row per contract that reached its end (expired) or was renewed
    (a signed renewal), in the month of its end date. Read-only SQL view."""

    _name = "crm.contract.renewal.report"
    _description = "Contract Renewal Rate"
    _auto = False
    _order = "date_end desc"

    contract_id = fields.Many2one("crm.contract", readonly=True)
    renewed_by_id = fields.Many2one("crm.contract", readonly=True)
    date_end = fields.Date(string="End Date", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Person in Charge", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    type_id = fields.Many2one("crm.contract.type", string="Contract Type", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    outcome = fields.Selection([("renewed", "Renewed"), ("expired", "Expired")], readonly=True)
    renewed_count = fields.Integer(string="Renewed", readonly=True)
    expired_count = fields.Integer(string="Expired Without Renewal", readonly=True)
    renewal_rate = fields.Float(
        string="Renewal Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the ended contracts that were renewed.",
    )
    amount_total = fields.Monetary(string="Amount", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT contract.id,
                       contract.id AS contract_id,
                       contract.renewed_by_id,
                       contract.date_end,
                       contract.commercial_partner_id AS partner_id,
                       contract.user_id,
                       contract.team_id,
                       contract.type_id,
                       contract.company_id,
                       contract.currency_id,
                       CASE WHEN contract.renewed THEN 'renewed' ELSE 'expired' END AS outcome,
                       CASE WHEN contract.renewed THEN 1 ELSE 0 END AS renewed_count,
                       CASE WHEN contract.renewed THEN 0 ELSE 1 END AS expired_count,
                       CASE WHEN contract.renewed THEN 100.0 ELSE 0.0 END AS renewal_rate,
                       contract.amount_total
                  FROM crm_contract contract
                 WHERE contract.date_end IS NOT NULL
                   AND (contract.renewed IS TRUE OR contract.state = 'expired')
            )
            """,
                SQL.identifier(self._table),
            )
        )
