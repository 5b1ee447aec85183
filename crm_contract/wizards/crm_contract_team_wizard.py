"""What the team dialogs (Add Members, Transfer) share: the contracts they were opened on
(the list's selection), checked before anything is read from them: the user edits them
and manages their team."""

from odoo import Command, api, fields, models

from ..tools.guards import check_record_access


def contract_ids_of(vals):
    """The contract ids of the ``contract_ids`` commands of ``vals``."""
    ids = []
    for command in vals.get("contract_ids") or []:
        if isinstance(command, int):
            ids.append(command)
        elif command[0] == Command.LINK:
            ids.append(command[1])
        elif command[0] == Command.SET:
            ids.extend(command[2])
    return ids


class CrmContractTeamWizard(models.AbstractModel):
    _name = "crm.contract.team.wizard"
    _description = "Contract Team Dialog"

    contract_ids = fields.Many2many("crm.contract", string="Contracts", required=True)
    contract_count = fields.Integer(compute="_compute_contract_count")

    @api.depends("contract_ids")
    def _compute_contract_count(self):
        for wizard in self:
            wizard.contract_count = len(wizard.contract_ids)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            "contract_ids" in fields_list
            and not values.get("contract_ids")
            and self.env.context.get("active_model") == "crm.contract"
        ):
            values["contract_ids"] = [Command.set(self.env.context.get("active_ids") or [])]
        return values

    @api.model_create_multi
    def create(self, vals_list):
        Contract = self.env["crm.contract"]
        for vals in vals_list:
            # nothing is read from contracts the user may not edit
            check_record_access(Contract.browse(contract_ids_of(vals)), "write")
        wizards = super().create(vals_list)
        wizards.contract_ids._check_manage_team()
        return wizards
