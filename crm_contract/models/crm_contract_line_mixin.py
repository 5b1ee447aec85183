"""What a product line is, wherever it is kept (``crm.contract.line.mixin``): the product,
its description, quantity, unit, unit price, discount and subtotal, with section and note
lines (``display_type``) to arrange them, as the lines of a quotation.

Two models share it: the lines of a contract (``crm.contract.line``) and the new lines an
amendment gives its contract (``crm.contract.amendment.line``). The concrete model defines
``contract_id``, ``company_id`` and ``currency_id`` again (its own or related fields).

An order discount is a line with a negative unit price (the quantity stays positive), as on
quotations: ``crm.contract.action_add_discount_line`` adds one for a percentage.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.guards import check_bounds, check_protected_fields

LINE_DISPLAY_TYPES = [("line_section", "Section"), ("line_note", "Note")]
# What a copy of a line carries (renewal, amendment, snapshot of the lines before).
LINE_COPIED_FIELDS = (
    "sequence",
    "display_type",
    "product_id",
    "name",
    "quantity",
    "product_uom_id",
    "price_unit",
    "discount",
)


def compute_lines_amount(records):
    """``amount_total`` of ``records`` (contracts, amendments) from their ``line_ids``: the
    sum of the product lines' subtotals (each rounded, as on a quotation) when they have
    some; without product lines the amount stays as typed."""
    for record in records:
        lines = record.line_ids.filtered(lambda line: not line.display_type)
        if lines:
            currency = record.currency_id or record.env.company.currency_id
            record.amount_total = currency.round(sum(lines.mapped("price_subtotal")))
        elif not record.amount_total:
            record.amount_total = 0.0


def compute_has_product_lines(records):
    for record in records:
        record.has_product_lines = any(not line.display_type for line in record.line_ids)


class CrmContractLineMixin(models.AbstractModel):
    _name = "crm.contract.line.mixin"
    _description = "Contract Product Line (shared)"

    # Given by the concrete model (a field of its own or a related one).
    contract_id = fields.Many2one("crm.contract")
    company_id = fields.Many2one("res.company")
    currency_id = fields.Many2one("res.currency")
    sequence = fields.Integer(default=10)
    display_type = fields.Selection(LINE_DISPLAY_TYPES, default=False)
    product_id = fields.Many2one(
        "product.product",
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
                        line=line._line_label(),
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
                        line=line._line_label(),
                    )
                )

    # ------------------------------------------------------------------ helpers

    def _line_protected_fields(self):
        """What the lines compute or take from their contract: never given by create or
        write (a subtotal or a person in charge written straight into a line would make the
        amount and the analysis lie)."""
        return ("price_subtotal", "product_template_id", "product_uom_category_id")

    def _check_line_vals(self, vals):
        check_protected_fields(self, vals, self._line_protected_fields())
        check_bounds(self, vals)

    def _line_label(self):
        """The line as a message names it: the first line of its description."""
        self.ensure_one()
        return (self.name or "").split("\n")[0]

    def _copy_line_vals(self):
        """The values of copies of these lines (kept in their order), for ``create``."""
        return [
            {
                fname: line._fields[fname].convert_to_write(line[fname], line)
                for fname in LINE_COPIED_FIELDS
            }
            for line in self
        ]

    def _same_lines(self, other):
        """Whether ``other`` lines hold the same products, texts and figures as ``self``."""
        mine, theirs = self._copy_line_vals(), other._copy_line_vals()
        if len(mine) != len(theirs):
            return False
        for left, right in zip(mine, theirs, strict=True):
            for fname in LINE_COPIED_FIELDS:
                if fname == "sequence":
                    continue
                a, b = left[fname], right[fname]
                if isinstance(a, float) or isinstance(b, float):
                    if abs((a or 0.0) - (b or 0.0)) > 1e-9:
                        return False
                elif (a or False) != (b or False):
                    return False
        return True
