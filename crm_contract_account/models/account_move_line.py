from odoo import Command, api, fields, models
from odoo.addons.crm_contract.tools.guards import check_record_access, is_internal
from odoo.exceptions import UserError

# Linking an invoice to a contract the user may not read: only a reversal (its credit note
# keeps its invoice's links) does, under this internal marker.
LINKING = "crm_contract_account_linking"


def check_link_access(records, contract_ids, plan_ids):
    """Invoices and their lines are linked only to contracts (instalments) the user may
    read: an invoice linked to a contract turns its payments into the contract's receipts."""
    if records.env.su or is_internal(records, LINKING):
        return
    if contract_ids:
        check_record_access(records.env["crm.contract"].browse(contract_ids), "read")
    if plan_ids:
        check_record_access(records.env["crm.contract.payment.plan"].browse(plan_ids), "read")


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

    @api.model_create_multi
    def create(self, vals_list):
        check_link_access(
            self,
            [],
            {
                vals["crm_contract_plan_id"]
                for vals in vals_list
                if vals.get("crm_contract_plan_id")
            },
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("crm_contract_plan_id"):
            check_link_access(self, [], [vals["crm_contract_plan_id"]])
        return super().write(vals)

    @api.constrains("crm_contract_plan_id", "crm_contract_line_id")
    def _check_crm_contract_plan(self):
        self.move_id._check_crm_contract()
        for line in self.sudo().filtered("crm_contract_line_id"):
            if line.crm_contract_line_id.contract_id != line.crm_contract_plan_id.contract_id:
                raise UserError(
                    self.env._(
                        "Invoice line %(line)s: the contract line it bills belongs to another "
                        "contract than its instalment %(plan)s.",
                        line=line.display_name,
                        plan=line.crm_contract_plan_id.display_name,
                    )
                )

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
