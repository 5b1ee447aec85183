from odoo import api, fields, models

from ..tools.guards import check_record_access
from .crm_contract_team_wizard import contract_ids_of


class CrmContractCancel(models.TransientModel):
    _name = "crm.contract.cancel"
    _description = "Cancel Contract"

    contract_ids = fields.Many2many("crm.contract", string="Contracts", required=True)
    reason = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        Contract = self.env["crm.contract"]
        for vals in vals_list:
            # Nothing is read from contracts the user may not edit.
            check_record_access(Contract.browse(contract_ids_of(vals)), "write")
        wizards = super().create(vals_list)
        check_record_access(wizards.contract_ids, "write")
        return wizards

    def action_cancel_contract(self):
        self.ensure_one()
        check_record_access(self.contract_ids, "write")
        self.contract_ids._cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
