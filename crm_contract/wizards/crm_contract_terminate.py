from odoo import fields, models


class CrmContractTerminate(models.TransientModel):
    _name = "crm.contract.terminate"
    _description = "Terminate Contract"

    contract_id = fields.Many2one("crm.contract", required=True, ondelete="cascade")
    reason = fields.Text(required=True)
    date = fields.Date(string="Termination Date", required=True, default=fields.Date.context_today)

    def action_terminate(self):
        self.ensure_one()
        self.contract_id._terminate(self.reason, self.date)
        return {"type": "ir.actions.act_window_close"}
