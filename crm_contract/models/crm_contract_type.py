from odoo import fields, models


class CrmContractType(models.Model):
    _name = "crm.contract.type"
    _description = "Contract Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    contract_count = fields.Integer(compute="_compute_contract_count", string="Contracts")

    def _compute_contract_count(self):
        counts = dict(
            self.env["crm.contract"]._read_group(
                [("type_id", "in", self.ids)], ["type_id"], ["__count"]
            )
        )
        for contract_type in self:
            contract_type.contract_count = counts.get(contract_type, 0)
