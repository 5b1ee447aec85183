from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_contract_invoice_product_id = fields.Many2one(
        related="company_id.crm_contract_invoice_product_id", readonly=False
    )
