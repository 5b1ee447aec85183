"""Order lines: their unit price as a contract line takes it (without taxes), and the
changes that mark a signed contract as no longer matching its order (a line added, removed
or changed in what it sells: product, description, quantity, unit, price, discount).
Down payment lines, which invoicing adds, are no change of what was sold."""

from odoo import api, models
from odoo.addons.crm_contract.tools.guards import value_changes

# What a line sells: a change of one of these, once the contract is signed, is noted on it.
SOLD_FIELDS = (
    "product_id",
    "name",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "display_type",
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _contract_price_unit(self):
        """The unit price without taxes: a price that includes taxes is taken out of them
        (the contract amount is without taxes)."""
        self.ensure_one()
        if not self.tax_id.filtered("price_include"):
            return self.price_unit
        return self.tax_id.compute_all(
            self.price_unit,
            currency=self.currency_id,
            quantity=1.0,
            product=self.product_id,
            partner=self.order_id.partner_shipping_id,
        )["total_excluded"]

    def _signed_contract_lines(self):
        return self.filtered(
            lambda line: not line.is_downpayment
            and line.order_id.contract_id
            and line.order_id.contract_id.sudo().state != "draft"
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        noted = lines._signed_contract_lines()
        if noted:
            noted.order_id.contract_id.sudo()._note_sale_order_changed(noted.order_id)
        return lines

    def write(self, vals):
        given = [fname for fname in SOLD_FIELDS if fname in vals]
        changed = self.browse()
        if given:
            changed = self._signed_contract_lines().filtered(
                lambda line: any(value_changes(line, fname, vals[fname]) for fname in given)
            )
        res = super().write(vals)
        if changed:
            changed.order_id.contract_id.sudo()._note_sale_order_changed(changed.order_id)
        return res

    def unlink(self):
        noted = self._signed_contract_lines()
        orders = noted.order_id
        res = super().unlink()
        if orders:
            orders.contract_id.sudo()._note_sale_order_changed(orders)
        return res
