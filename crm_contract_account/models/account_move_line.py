from odoo import fields, models


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

    def _copy_data_extend_business_fields(self, values):
        # a credit note's lines (reversal) stay on the instalments their invoice billed
        res = super()._copy_data_extend_business_fields(values)
        values["crm_contract_plan_id"] = self.crm_contract_plan_id.id
        values["crm_contract_line_id"] = self.crm_contract_line_id.id
        return res
