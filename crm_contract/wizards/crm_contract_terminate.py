from odoo import api, fields, models

from ..tools.guards import check_record_access


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
            check_record_access(self.env["crm.contract"].browse(vals.get("contract_id")), "write")
        return super().create(vals_list)

    def action_terminate(self):
        self.ensure_one()
        check_record_access(self.contract_id, "write")
        self.contract_id._terminate(self.reason, self.date)
        return {"type": "ir.actions.act_window_close"}
