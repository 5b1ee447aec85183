"""Product lines of a contract (``crm.contract.line``): what the contract sells, as the lines
of a quotation (product, description, quantity, unit, unit price, discount, subtotal), with
section and note lines (``display_type``) to arrange them.

A contract with lines takes its amount from them (``crm.contract.amount_total``, see
``crm_contract_products.py``); a contract without lines keeps the amount typed by hand.
Once the contract is no longer a draft, its lines change only through an amendment (the
internal marker ``AMENDING``), as its amount does.

The line stores what the Contract Lines analysis groups by (the contract's status, signing
date, person in charge, team and customer, the product's category): the analysis is a pivot
and a graph of these lines under the record rules of the contract.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.guards import check_bounds, is_internal
from .crm_contract_renewal import AMENDING, RENEWING

LINE_DISPLAY_TYPES = [("line_section", "Section"), ("line_note", "Note")]


class CrmContractLine(models.Model):
    _name = "crm.contract.line"
    _description = "Contract Product Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "crm.contract", string="Contract", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    display_type = fields.Selection(LINE_DISPLAY_TYPES, default=False)
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id", store=True, precompute=True)
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        index="btree_not_null",
        check_company=True,
        ondelete="restrict",
        domain="[('sale_ok', '=', True)]",
    )
    product_template_id = fields.Many2one(
        related="product_id.product_tmpl_id", string="Product Template"
    )
    name = fields.Text(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    quantity = fields.Float(
        string="Quantity",
        digits="Product Unit of Measure",
        compute="_compute_quantity",
        store=True,
        readonly=False,
        precompute=True,
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    discount = fields.Float(string="Discount (%)", digits="Discount", default=0.0)
    price_subtotal = fields.Monetary(
        string="Subtotal", compute="_compute_price_subtotal", store=True, precompute=True
    )

    # What the analysis groups by, stored with the line.
    contract_state = fields.Selection(
        related="contract_id.state", string="Contract Status", store=True, index=True
    )
    date_signed = fields.Date(related="contract_id.date_signed", string="Signed On", store=True)
    user_id = fields.Many2one(
        related="contract_id.user_id", string="Person in Charge", store=True
    )
    team_id = fields.Many2one(related="contract_id.team_id", string="Sales Team", store=True)
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", string="Customer", store=True
    )
    product_categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True
    )

    _sql_constraints = [
        (
            "accountable_required_fields",
            "CHECK(display_type IS NOT NULL OR product_id IS NOT NULL)",
            "A product line needs a product; only section and note lines have none.",
        ),
        (
            "non_accountable_null_fields",
            "CHECK(display_type IS NULL OR (product_id IS NULL AND price_unit = 0 AND "
            "quantity = 0))",
            "A section or note line has no product, quantity or price.",
        ),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("product_id", "display_type")
    def _compute_name(self):
        for line in self:
            if line.display_type or not line.product_id:
                if not line.name:
                    line.name = ""
                continue
            product = line.product_id.with_context(lang=line.contract_id.partner_id.lang)
            name = product.display_name
            if product.description_sale:
                name = f"{name}\n{product.description_sale}"
            line.name = name

    @api.depends("display_type", "product_id")
    def _compute_quantity(self):
        for line in self:
            if line.display_type:
                line.quantity = 0.0
            elif not line.quantity:
                line.quantity = 1.0

    @api.depends("product_id", "display_type")
    def _compute_product_uom_id(self):
        for line in self:
            if line.display_type:
                line.product_uom_id = False
            elif line.product_id and (
                not line.product_uom_id
                or line.product_uom_id.category_id != line.product_id.uom_id.category_id
            ):
                line.product_uom_id = line.product_id.uom_id

    @api.depends("product_id", "product_uom_id", "display_type")
    def _compute_price_unit(self):
        """The product's sales price, in the line's unit and the contract's currency."""
        for line in self:
            if line.display_type or not line.product_id:
                line.price_unit = 0.0
                continue
            product = line.product_id
            price = product.lst_price
            if line.product_uom_id and line.product_uom_id != product.uom_id:
                price = product.uom_id._compute_price(price, line.product_uom_id)
            contract = line.contract_id
            currency = contract.currency_id or line.env.company.currency_id
            company = contract.company_id or line.env.company
            if product.currency_id and currency and product.currency_id != currency:
                price = product.currency_id._convert(
                    price,
                    currency,
                    company,
                    contract.date_signed or fields.Date.context_today(line),
                    round=False,
                )
            line.price_unit = price

    @api.depends("quantity", "price_unit", "discount", "display_type", "currency_id")
    def _compute_price_subtotal(self):
        for line in self:
            if line.display_type:
                line.price_subtotal = 0.0
                continue
            amount = line.quantity * line.price_unit * (1.0 - (line.discount or 0.0) / 100.0)
            currency = line.currency_id or line.env.company.currency_id
            line.price_subtotal = currency.round(amount)

    # ------------------------------------------------------------------ checks

    @api.constrains("discount")
    def _check_discount(self):
        for line in self:
            if line.discount < 0.0 or line.discount > 100.0:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s, line %(line)s: the discount must be between "
                        "0 and 100%% (it is %(discount)s%%).",
                        contract=line.contract_id.display_name,
                        line=(line.name or "").split("\n")[0],
                        discount=line.discount,
                    )
                )

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if not line.display_type and line.quantity < 0.0:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s, line %(line)s: the quantity cannot be "
                        "negative. Give a negative unit price for a discount line.",
                        contract=line.contract_id.display_name,
                        line=(line.name or "").split("\n")[0],
                    )
                )

    def _check_editable(self, contracts):
        """Lines of a contract that is no longer a draft change only through an amendment
        (or the addon's own renewal, which writes a new draft)."""
        if is_internal(self, AMENDING) or is_internal(self, RENEWING):
            return
        signed = contracts.filtered(lambda c: c.state != "draft")
        if signed:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is no longer a draft: its product lines can only "
                    "be changed through an amendment. Use the Amend button.",
                    contract=signed[0].display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_bounds(self, vals)
        contract_ids = {vals.get("contract_id") for vals in vals_list if vals.get("contract_id")}
        self._check_editable(self.env["crm.contract"].browse(contract_ids))
        return super().create(vals_list)

    def write(self, vals):
        check_bounds(self, vals)
        contracts = self.contract_id
        if vals.get("contract_id"):
            contracts |= self.env["crm.contract"].browse(vals["contract_id"])
        self._check_editable(contracts)
        return super().write(vals)

    def unlink(self):
        self._check_editable(self.contract_id)
        return super().unlink()
