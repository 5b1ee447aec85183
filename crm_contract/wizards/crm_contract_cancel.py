from odoo import Command, api, fields, models

from ..tools.guards import check_record_access


class CrmContractCancel(models.TransientModel):
    _name = "crm.contract.cancel"
    _description = "Cancel Contract"

    contract_ids = fields.Many2many("crm.contract", string="Contracts", required=True)
    reason = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        Contract = self.env["crm.contract"]
        for vals in vals_list:
            ids = []
            for command in vals.get("contract_ids") or []:
                if isinstance(command, int):
                    ids.append(command)
                elif command[0] == Command.LINK:
                    ids.append(command[1])
                elif command[0] == Command.SET:
                    ids.extend(command[2])
            # Nothing is read from contracts the user may not edit.
            check_record_access(Contract.browse(ids), "write")
        wizards = super().create(vals_list)
        check_record_access(wizards.contract_ids, "write")
        return wizards

    def action_cancel_contract(self):
        self.ensure_one()
        check_record_access(self.contract_ids, "write")
        self.contract_ids._cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
