"""The order side: ``contract_id`` (an order belongs to one contract) and Create Contract,
which makes a draft contract from a quotation or an order without retyping it.

The contract takes the order's lines (product lines, sections and notes, with unit and
discount), customer, opportunity, salesperson, sales team, company, currency and terms; the
order's payment terms become its instalments. The contract amount is the lines' total
without taxes (as in ``crm_contract``), so the instalments share that amount: their due
dates and shares come from the payment terms (``account.payment.term._compute_terms``,
from the order's date), the last one taking the rounding remainder, so that they add up
exactly to the contract amount.
"""

from odoo import api, fields, models
from odoo.addons.crm_contract.tools.guards import check_record_access
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

from .crm_contract import OPEN_STATES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    contract_id = fields.Many2one(
        "crm.contract",
        copy=False,
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('state', 'in', ('draft', 'active')), "
        "('commercial_partner_id', 'parent_of', partner_id)]",
        help="The contract this order belongs to: the one Create Contract made, or a "
        "framework contract of the customer it was attached to.",
    )

    @api.constrains("contract_id", "partner_id")
    def _check_contract_partner(self):
        for order in self.filtered("contract_id"):
            contract = order.contract_id.sudo()
            if contract.commercial_partner_id != order.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s is for %(customer)s; contract %(contract)s is with "
                        "%(contract_customer)s: an order belongs to a contract of its own "
                        "customer.",
                        order=order.name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                        contract=contract.display_name,
                        contract_customer=contract.commercial_partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        contract_ids = {vals["contract_id"] for vals in vals_list if vals.get("contract_id")}
        self._check_joinable(self.env["crm.contract"].browse(sorted(contract_ids)))
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("contract_id"):
            contract = self.env["crm.contract"].browse(vals["contract_id"])
            moved = self.filtered(lambda o: o.contract_id and o.contract_id != contract)
            if moved:
                raise UserError(
                    self.env._(
                        "Order %(order)s already belongs to contract %(contract)s: an order "
                        "belongs to one contract. Empty its Contract field first.",
                        order=moved[0].name,
                        contract=moved[0].contract_id.sudo().display_name,
                    )
                )
            self.filtered(lambda o: not o.contract_id)._check_joinable(contract)
        cancelled = self.browse()
        if vals.get("state") == "cancel":
            cancelled = self.filtered(lambda o: o.state != "cancel" and o.contract_id)
        res = super().write(vals)
        if cancelled:
            cancelled.contract_id.sudo()._note_sale_order_changed(cancelled)
        return res

    def _check_joinable(self, contracts):
        """Orders join contracts the user may read, in draft or active."""
        if not contracts:
            return
        check_record_access(contracts, "read")
        closed = contracts.filtered(lambda c: c.state not in OPEN_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is neither draft nor active: no order joins it.",
                    contract=closed[0].display_name,
                )
            )

    # ------------------------------------------------------------------ Create Contract

    def action_create_contract(self):
        """A draft contract from each order (a quotation or a confirmed order), its form
        opened (the list, for several)."""
        for order in self:
            if order.contract_id:
                raise UserError(
                    self.env._(
                        "Order %(order)s already belongs to contract %(contract)s: an order "
                        "belongs to one contract.",
                        order=order.name,
                        contract=order.contract_id.sudo().display_name,
                    )
                )
            if order.state == "cancel":
                raise UserError(
                    self.env._(
                        "Order %(order)s is cancelled: no contract is made from it.",
                        order=order.name,
                    )
                )
        check_record_access(self, "write")
        contracts = self.env["crm.contract"].create([order._contract_vals() for order in self])
        plan_vals = []
        for order, contract in zip(self, contracts, strict=True):
            plan_vals += order._contract_plan_vals(contract)
        if plan_vals:
            self.env["crm.contract.payment.plan"].create(plan_vals)
        for order, contract in zip(self, contracts, strict=True):
            order.contract_id = contract
        return contracts._action_open_form()

    def _contract_vals(self):
        self.ensure_one()
        return {
            "name": self.env._(
                "%(order)s - %(customer)s",
                order=self.name,
                customer=self.partner_id.commercial_partner_id.name,
            ),
            "partner_id": self.partner_id.id,
            "opportunity_id": self.opportunity_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "description": self.note,
            "line_ids": [Command.create(vals) for vals in self._contract_line_vals()],
        }

    def _contract_line_vals(self):
        vals_list = []
        for line in self.order_line.filtered(lambda sol: not sol.is_downpayment):
            vals = {"sequence": line.sequence, "name": line.name}
            if line.display_type:
                vals["display_type"] = line.display_type
            elif line.product_id:
                vals.update(
                    product_id=line.product_id.id,
                    quantity=line.product_uom_qty,
                    product_uom_id=line.product_uom.id,
                    price_unit=line._contract_price_unit(),
                    discount=line.discount,
                )
            else:
                continue
            vals_list.append(vals)
        return vals_list

    def _contract_plan_vals(self, contract):
        """Instalments of ``contract`` from the order's payment terms: the due dates and
        shares of the terms, on the contract amount (without taxes); the last instalment
        takes what rounding left, so they add up to the contract amount exactly."""
        self.ensure_one()
        currency = contract.currency_id
        total = contract.amount_total
        if not self.payment_term_id or currency.compare_amounts(total, 0) <= 0:
            return []
        date_ref = fields.Date.context_today(self, self.date_order)
        terms = self.payment_term_id._compute_terms(
            date_ref, currency, self.company_id, 0.0, 0.0, 1, total, total
        )["line_ids"]
        vals_list = []
        remaining = total
        for index, term in enumerate(terms):
            amount = currency.round(term["foreign_amount"])
            if index == len(terms) - 1:
                amount = currency.round(remaining)
            if currency.compare_amounts(amount, 0) < 0 or (
                currency.compare_amounts(amount, remaining) > 0
            ):
                raise UserError(
                    self.env._(
                        "Order %(order)s: its payment terms %(terms)s ask for %(amount)s, "
                        "more than the %(remaining)s left of the contract amount (without "
                        "taxes). Change the payment terms of the order.",
                        order=self.name,
                        terms=self.payment_term_id.display_name,
                        amount=currency.format(amount),
                        remaining=currency.format(remaining),
                    )
                )
            remaining -= amount
            if currency.is_zero(amount):
                continue
            vals_list.append(
                {"contract_id": contract.id, "date_due": term["date"], "amount": amount}
            )
        return vals_list

    # ------------------------------------------------------------------ smart button

    def action_view_contract(self):
        self.ensure_one()
        check_record_access(self.contract_id, "read")
        return self.contract_id._action_open_form()
