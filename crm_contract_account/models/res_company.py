from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_contract_invoice_product_id = fields.Many2one(
        "product.product",
        string="Instalment Product",
        check_company=True,
        domain="[('type', '=', 'service')]",
        help="Invoiced for the instalments of contracts without product lines, with its "
        "taxes and income account. Empty: the Contract Instalment product.",
    )

    def _crm_contract_invoice_product(self):
        self.ensure_one()
        return self.crm_contract_invoice_product_id or self.env.ref(
            "crm_contract_account.product_product_contract_instalment"
        )
