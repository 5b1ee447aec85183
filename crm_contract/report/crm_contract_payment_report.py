from odoo import fields, models, tools
from odoo.tools import SQL


class CrmContractPaymentReport(models.Model):
    """Planned vs received, month by month: one row per instalment (planned on its due date)
    and one per confirmed receipt (received on its date). Read-only SQL view."""

    _name = "crm.contract.payment.report"
    _description = "Contract Payments: Planned vs Received"
    _auto = False
    _order = "date desc"

    kind = fields.Selection(
        [("planned", "Planned"), ("received", "Received")], readonly=True, string="Type"
    )
    date = fields.Date(readonly=True)
    contract_id = fields.Many2one("crm.contract", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Person in Charge", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(readonly=True)

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
                       contract.company_id,
                       contract.currency_id,
                       plan.amount
                  FROM crm_contract_payment_plan plan
                  JOIN crm_contract contract ON contract.id = plan.contract_id
                 WHERE contract.state != 'cancelled'
                UNION ALL
                SELECT receipt.id * 2 + 1 AS id,
                       'received' AS kind,
                       receipt.date,
                       receipt.contract_id,
                       contract.commercial_partner_id AS partner_id,
                       contract.user_id,
                       contract.company_id,
                       contract.currency_id,
                       receipt.amount
                  FROM crm_contract_payment receipt
                  JOIN crm_contract contract ON contract.id = receipt.contract_id
                 WHERE receipt.state = 'confirmed'
            )
            """,
                SQL.identifier(self._table),
            )
        )
