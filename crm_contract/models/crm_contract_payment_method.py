from odoo import fields, models


class CrmContractPaymentMethod(models.Model):
    _name = "crm.contract.payment.method"
    _description = "Contract Payment Method"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    note = fields.Text(translate=True)
