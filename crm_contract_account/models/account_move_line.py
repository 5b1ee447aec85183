from odoo import Command, api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    crm_contract_plan_id = fields.Many2one(
        "crm.contract.payment.plan",
        string="Contract Instalment",
        index="btree_not_null",
        copy=False,
        ondelete="restrict",
        help="The contract instalment this invoice line bills.",
    )
    crm_contract_line_id = fields.Many2one(
        "crm.contract.line",
        string="Contract Line",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
        help="The contract's product line this invoice line bills a part of.",
    )

    @api.constrains("crm_contract_plan_id")
    def _check_crm_contract_plan(self):
        self.move_id._check_crm_contract()

    def _copy_data_extend_business_fields(self, values):
        # a credit note's lines (reversal) stay on the instalments their invoice billed
        res = super()._copy_data_extend_business_fields(values)
        values["crm_contract_plan_id"] = self.crm_contract_plan_id.id
        values["crm_contract_line_id"] = self.crm_contract_line_id.id
        return res

    def _crm_contract_rounding_vals(self, difference):
        """A line without taxes of ``difference`` beside this instalment's line, so that the
        instalment's lines come to what it bills to the cent."""
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "name": self.env._("%(line)s (rounding of the taxes)", line=self.name),
            "quantity": 1.0,
            "price_unit": difference,
            "tax_ids": [Command.clear()],
            "account_id": self.account_id.id,
            "crm_contract_plan_id": self.crm_contract_plan_id.id,
            "crm_contract_line_id": self.crm_contract_line_id.id,
        }
