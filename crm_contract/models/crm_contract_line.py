"""Product lines of a contract (``crm.contract.line``): what the contract sells, as the lines
of a quotation (product, description, quantity, unit, unit price, discount, subtotal), with
section and note lines (``display_type``) to arrange them.

A contract with lines takes its amount from them (``crm.contract.amount_total``, see
``crm_contract_products.py``); a contract without lines keeps the amount typed by hand. The
fields and computes of a line are shared with the amendment's lines
(``crm_contract_line_mixin.py``). Whatever changes the lines, the contract's amount checks
(never negative, never below its payment plan or its receipts) run again on the amount they
give: Odoo checks the constraints of a stored computed field when it recomputes it.
Once the contract is no longer a draft, its lines change only through an amendment (the
internal marker ``AMENDING``), as its amount does.

The line stores what the Contract Lines analysis groups by (the contract's status, signing
date, person in charge, team and customer, the product's category): the analysis is a pivot
and a graph of these lines under the record rules of the contract.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.guards import is_internal
from .crm_contract_renewal import AMENDING, RENEWING

# The lines are created with their contract, in the call that creates it (an import or an
# API call may create a contract already signed, with its lines).
CREATING_CONTRACT = "crm_contract_creating_contract"


class CrmContractLine(models.Model):
    _name = "crm.contract.line"
    _inherit = ["crm.contract.line.mixin"]
    _description = "Contract Product Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one("crm.contract", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id", store=True, precompute=True)

    # What the analysis groups by, stored with the line.
    contract_state = fields.Selection(
        related="contract_id.state", string="Contract Status", store=True, index=True
    )
    date_signed = fields.Date(related="contract_id.date_signed", string="Signed On", store=True)
    user_id = fields.Many2one(related="contract_id.user_id", string="Person in Charge", store=True)
    team_id = fields.Many2one(related="contract_id.team_id", string="Sales Team", store=True)
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", string="Customer", store=True
    )
    product_categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True
    )

    def _check_editable(self, contracts, creating=False):
        """Lines of a contract that is no longer a draft change only through an amendment
        (or the addon's own renewal, which writes a new draft); a contract created signed
        gets its lines with it."""
        if is_internal(self, AMENDING) or is_internal(self, RENEWING):
            return
        if creating and is_internal(self, CREATING_CONTRACT):
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

    def _line_protected_fields(self):
        return super()._line_protected_fields() + (
            "company_id",
            "currency_id",
            "contract_state",
            "date_signed",
            "user_id",
            "team_id",
            "partner_id",
            "product_categ_id",
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_line_vals(vals)
        contract_ids = {vals.get("contract_id") for vals in vals_list if vals.get("contract_id")}
        self._check_editable(self.env["crm.contract"].browse(contract_ids), creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_line_vals(vals)
        if "contract_id" in vals and self.filtered(
            lambda line: line.contract_id.id != vals["contract_id"]
        ):
            raise UserError(self.env._("A product line stays on the contract it was made for."))
        self._check_editable(self.contract_id)
        return super().write(vals)

    def unlink(self):
        self._check_editable(self.contract_id)
        return super().unlink()
