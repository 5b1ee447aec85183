"""Product lines on the contract: ``line_ids`` (``crm.contract.line``), and the amount that
follows them.

With at least one product line (a line that is not a section or a note), ``amount_total``
is the sum of the lines' subtotals, read-only in the form; the payment plan is checked
against it as against a typed amount: Odoo runs the constraints on ``amount_total`` each
time it recomputes it from changed lines (``_compute_field_value``), on the final amount of
a write that changes several lines. Without product lines the amount stays typed by hand,
so contracts, imports and API calls that never give lines keep working as before.

An order discount is a line of the Discount product with a negative unit price; the
Discount button (``crm.contract.discount``) adds one for a percentage of the lines' total.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.guards import internal_context
from .crm_contract_line import CREATING_CONTRACT
from .crm_contract_line_mixin import compute_has_product_lines, compute_lines_amount

# The product of the order-discount lines (a negative unit price), as on quotations.
DISCOUNT_PRODUCT = "crm_contract.product_product_contract_discount"


class CrmContract(models.Model):
    _inherit = "crm.contract"

    line_ids = fields.One2many(
        "crm.contract.line", "contract_id", string="Product Lines", copy=True
    )
    has_product_lines = fields.Boolean(
        compute="_compute_has_product_lines",
        help="The contract has product lines: its amount is their sum.",
    )
    amount_total = fields.Monetary(
        compute="_compute_amount_total", store=True, readonly=False, precompute=True
    )

    @api.depends("line_ids.display_type")
    def _compute_has_product_lines(self):
        compute_has_product_lines(self)

    @api.depends("line_ids.price_subtotal", "line_ids.display_type")
    def _compute_amount_total(self):
        compute_lines_amount(self)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "amount_total" in vals and creates_product_line(vals.get("line_ids")):
                # The lines give the amount: a typed amount beside them is not kept.
                del vals["amount_total"]
        # A contract is created with its lines, whatever status it is created in (an
        # import or an API call giving a signed contract): the lines of the contracts this
        # call creates are theirs to write; the records returned carry no marker.
        contracts = super(CrmContract, internal_context(self, CREATING_CONTRACT)).create(vals_list)
        return contracts.with_env(self.env)

    def write(self, vals):
        if "amount_total" in vals:
            if creates_product_line(vals.get("line_ids")):
                vals = dict(vals)
                del vals["amount_total"]
            else:
                self._check_amount_follows_lines(vals["amount_total"])
        return super().write(vals)

    def _check_amount_follows_lines(self, amount):
        for contract in self.filtered("has_product_lines"):
            if contract.currency_id.compare_amounts(float(amount or 0.0), contract.amount_total):
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: the amount is the sum of its product lines "
                        "(%(amount)s). Change the lines to change it.",
                        contract=contract.display_name,
                        amount=contract.currency_id.format(contract.amount_total),
                    )
                )

    def action_open_discount_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Discount"),
            "res_model": "crm.contract.discount",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def _add_discount_line(self, percentage):
        """A line of the Discount product taking ``percentage`` % off the lines' total."""
        self.ensure_one()
        if not 0.0 < percentage <= 100.0:
            raise UserError(
                self.env._(
                    "Contract %(contract)s: the discount must be more than 0 and at most "
                    "100%% (it is %(discount)s%%).",
                    contract=self.display_name,
                    discount=percentage,
                )
            )
        if not self.has_product_lines:
            raise UserError(
                self.env._(
                    "Contract %(contract)s has no product line to give a discount on.",
                    contract=self.display_name,
                )
            )
        amount = self.currency_id.round(self.amount_total * percentage / 100.0)
        self.write(
            {
                "line_ids": [
                    fields.Command.create(
                        {
                            "product_id": self.env.ref(DISCOUNT_PRODUCT).id,
                            "name": self.env._(
                                "Discount %(percentage)s%%", percentage=f"{percentage:g}"
                            ),
                            "quantity": 1.0,
                            "price_unit": -amount,
                            "sequence": max(self.line_ids.mapped("sequence"), default=0) + 1,
                        }
                    )
                ]
            }
        )


def creates_product_line(commands):
    """Whether one2many ``commands`` for ``line_ids`` create a product line."""
    for command in commands or ():
        if (
            isinstance(command, list | tuple)
            and command
            and command[0] == 0
            and not (command[2] or {}).get("display_type")
        ):
            return True
    return False
