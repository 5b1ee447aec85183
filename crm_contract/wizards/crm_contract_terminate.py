from odoo import api, fields, models


class CrmContractTerminate(models.TransientModel):
    _name = "crm.contract.terminate"
    _description = "Terminate Contract"

    contract_id = fields.Many2one("crm.contract", required=True, ondelete="cascade")
    reason = fields.Text(required=True)
    date = fields.Date(string="Termination Date", required=True, default=fields.Date.context_today)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Nothing is read from a contract the user may not edit.
            self.env["crm.contract"].browse(vals.get("contract_id")).check_access("write")
        return super().create(vals_list)

    def action_terminate(self):
        self.ensure_one()
        self.contract_id.check_access("write")
        self.contract_id._terminate(self.reason, self.date)
        return {"type": "ir.actions.act_window_close"}


class CrmContractCancel(models.TransientModel):
    _name = "crm.contract.cancel"
    _description = "Cancel Contract"

    contract_ids = fields.Many2many("crm.contract", string="Contracts", required=True)
    reason = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards.contract_ids.check_access("write")
        return wizards

    def action_cancel_contract(self):
        self.ensure_one()
        self.contract_ids.check_access("write")
        self.contract_ids._cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
