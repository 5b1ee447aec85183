"""The Discount button of a contract's Products tab: an order-discount line for a
percentage of the lines' total, as on quotations (a line of the Discount product with a
negative unit price)."""

from odoo import api, fields, models

from ..tools.guards import check_record_access


class CrmContractDiscount(models.TransientModel):
    _name = "crm.contract.discount"
    _description = "Contract Discount"

    contract_id = fields.Many2one("crm.contract", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    discount_percentage = fields.Float(string="Discount (%)", digits="Discount")
    amount_base = fields.Monetary(
        string="Lines Total", related="contract_id.amount_total", help="What the discount is on."
    )

    @api.model_create_multi
    def create(self, vals_list):
        contract_ids = {vals.get("contract_id") for vals in vals_list} - {None, False}
        # Nothing is read from contracts the user may not edit.
        check_record_access(self.env["crm.contract"].browse(sorted(contract_ids)), "write")
        return super().create(vals_list)

    def action_apply(self):
        self.ensure_one()
        check_record_access(self.contract_id, "write")
        self.contract_id._add_discount_line(self.discount_percentage)
        return {"type": "ir.actions.act_window_close"}
