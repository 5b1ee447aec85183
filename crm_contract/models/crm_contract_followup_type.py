from odoo import fields, models


class CrmContractFollowupType(models.Model):
    _name = "crm.contract.followup.type"
    _description = "Contract Follow-up Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    icon = fields.Char(
        help="Font Awesome icon shown with the follow-ups of this type, e.g. fa-phone."
    )
