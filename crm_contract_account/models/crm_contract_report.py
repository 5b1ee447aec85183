"""What the payment statement and the customer's contract page show of accounting: each
instalment's invoices with their open amounts, and the customer's posted invoices of the
contract (read with sudo: salespeople print the statement without billing rights)."""

from odoo import models


class CrmContractPaymentPlan(models.Model):
    _inherit = "crm.contract.payment.plan"

    def _statement_invoices(self):
        """The invoices and credit notes of this instalment, not cancelled, as
        ``[{"name", "amount_residual", "currency"}]`` (a credit note's open amount negative)."""
        self.ensure_one()
        moves = (
            self.sudo()
            .invoice_line_ids.move_id.filtered(lambda m: m.state != "cancel")
            .sorted(lambda m: (m.invoice_date or m.date, m.id))
        )
        return [
            {
                "name": move.name if move.state == "posted" else self.env._("Draft Invoice"),
                "amount_residual": -move.amount_residual
                if move.move_type == "out_refund"
                else move.amount_residual,
                "currency": move.currency_id,
                "state": move.state,
            }
            for move in moves
        ]


class CrmContract(models.Model):
    _inherit = "crm.contract"

    def _statement_values(self):
        values = super()._statement_values()
        values["invoices"] = {plan: plan._statement_invoices() for plan in values["plans"]}
        return values

    def _portal_invoices(self):
        """The contract's posted invoices and credit notes of its customer, for links to
        accounting's portal pages."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        return (
            self.sudo()
            .invoice_ids.filtered(
                lambda m: m.state == "posted"
                and m.move_type in ("out_invoice", "out_refund")
                and m.commercial_partner_id == customer
            )
            .sorted(lambda m: (m.invoice_date or m.date, m.id))
        )
