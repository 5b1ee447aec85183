"""The contract side of the link with sales orders: the orders of a contract (a framework
contract may have several), New Quotation from the contract's lines, and the warning that
an order changed after the contract was signed, with the amendment it calls for.

A signed contract never follows its orders silently: a change to the lines of one of its
orders marks the contract (``sale_order_changed``, a message in its chatter) and the form
offers Amend, prefilled from the orders; the contract itself stays as signed.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.crm_contract.tools.guards import (
    check_record_access,
    internal_context,
    is_internal,
)
from odoo.exceptions import UserError
from odoo.fields import Command

# Internal marker of the bridge noting (or clearing) a change of a contract's orders.
NOTING_ORDER_CHANGE = "crm_contract_sale_noting_order_change"
# Set by the bridge only: whether an order changed after signing, and which.
ORDER_CHANGE_FIELDS = ("sale_order_changed", "sale_order_changed_ref")
# Contract states from which a quotation is made or to which an order is attached.
OPEN_STATES = ("draft", "active")


class CrmContract(models.Model):
    _inherit = "crm.contract"

    sale_order_ids = fields.One2many(
        "sale.order",
        "contract_id",
        string="Sales Orders",
        groups="sales_team.group_sale_salesman",
    )
    sale_order_count = fields.Integer(
        compute="_compute_sale_order_count",
        string="Sales Order Count",
        groups="sales_team.group_sale_salesman",
    )
    sale_order_changed = fields.Boolean(
        string="Order Changed After Signing",
        copy=False,
        readonly=True,
        help="An order of this signed contract changed: the contract kept what was signed; "
        "an amendment brings it up to date.",
    )
    sale_order_changed_ref = fields.Char(
        string="Changed Orders",
        copy=False,
        readonly=True,
        help="The orders that changed after signing.",
    )

    @api.depends("sale_order_ids")
    def _compute_sale_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.sale_order_count = counts.get(contract, 0)

    def _protected_fields(self):
        if is_internal(self, NOTING_ORDER_CHANGE):
            return super()._protected_fields()
        return super()._protected_fields() + ORDER_CHANGE_FIELDS

    # ------------------------------------------------------------------ orders changed

    def _note_sale_order_changed(self, orders):
        """Mark the signed contracts among ``self`` whose ``orders`` changed, with a message
        in their chatter; the contracts themselves do not change. Done as the bridge: whoever
        changes an order may not be allowed to write its contract."""
        for contract in self.filtered(lambda c: c.state != "draft"):
            changed = orders.filtered(lambda o, c=contract: o.contract_id == c)
            if not changed:
                continue
            names = [n for n in (contract.sale_order_changed_ref or "").split(", ") if n]
            names += [name for name in changed.mapped("name") if name not in names]
            noting = internal_context(contract.sudo(), NOTING_ORDER_CHANGE)
            noting.write({"sale_order_changed": True, "sale_order_changed_ref": ", ".join(names)})
            noting.message_post(
                body=Markup(
                    self.env._(
                        "Order %(orders)s changed after the contract was signed (by "
                        "%(user)s). The contract keeps what was signed: amend it to follow "
                        "the order.",
                        orders=Markup(", ").join(o._get_html_link() for o in changed),
                        user=self.env.user.name,
                    )
                ),
                author_id=self.env.user.partner_id.id,
            )

    def _clear_sale_order_changed(self):
        marked = self.filtered("sale_order_changed")
        if marked:
            internal_context(marked.sudo(), NOTING_ORDER_CHANGE).write(
                {"sale_order_changed": False, "sale_order_changed_ref": False}
            )

    def action_dismiss_sale_order_changed(self):
        """The change of the order needs no amendment: the warning goes."""
        check_record_access(self, "write")
        self._clear_sale_order_changed()
        return True

    def action_amend_sale_order(self):
        """Amend, prefilled from the orders: a contract with product lines gets the lines of
        its orders as the new lines (its amount follows them); one without lines gets their
        untaxed total (in the contract's currency) as the new amount. The reason says which
        orders changed."""
        self.ensure_one()
        action = self.action_amend()
        orders = self.sale_order_ids.filtered(lambda o: o.state != "cancel")
        amount = sum(
            order.currency_id._convert(
                order.amount_untaxed,
                self.currency_id,
                self.company_id,
                fields.Date.context_today(self),
            )
            for order in orders
        )
        context = dict(
            action.get("context") or {},
            default_reason=self.env._(
                "Order %(orders)s changed after signing: the untaxed total of the contract's "
                "orders is now %(amount)s.",
                orders=self.sale_order_changed_ref or ", ".join(orders.mapped("name")),
                amount=self.currency_id.format(amount),
            ),
        )
        if self.has_product_lines:
            context["default_line_ids"] = [
                Command.create(vals) for order in orders for vals in order._contract_line_vals()
            ]
        else:
            context["default_amount_total"] = self.currency_id.round(amount)
        action["context"] = context
        return action

    # ------------------------------------------------------------------ orders

    def action_view_sale_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action.update(
            domain=[("contract_id", "=", self.id)],
            context={
                "default_contract_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
            },
        )
        orders = self.sale_order_ids
        if len(orders) == 1:
            action.update(views=[(False, "form")], view_mode="form", res_id=orders.id)
        return action

    def _action_open_form(self):
        """The form of this contract (the list, for several)."""
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Contracts"),
            "res_model": "crm.contract",
            "target": "current",
        }
        if len(self) == 1:
            return dict(action, res_id=self.id, view_mode="form", views=[(False, "form")])
        return dict(
            action,
            domain=[("id", "in", self.ids)],
            view_mode="list,form",
            views=[(False, "list"), (False, "form")],
        )

    def action_new_quotation(self):
        """A quotation with the contract's customer, lines, persons, opportunity and terms,
        linked to the contract, in its form."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is %(state)s: quotations are made from draft and "
                    "active contracts only.",
                    contract=self.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        pricelist = self._quotation_pricelist()
        currency = pricelist.currency_id or self.company_id.currency_id
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "user_id": self.user_id.id,
                "team_id": self.team_id.id,
                "opportunity_id": self.opportunity_id.id,
                "pricelist_id": pricelist.id,
                "contract_id": self.id,
                "note": self.description,
                "order_line": [
                    Command.create(vals) for vals in self._quotation_line_vals(currency)
                ],
            }
        )
        if currency != self.currency_id:
            order.message_post(
                body=self.env._(
                    "Contract %(contract)s is in %(contract_currency)s, and no pricelist is: "
                    "this quotation is in %(currency)s, its prices converted at today's rate.",
                    contract=self.display_name,
                    contract_currency=self.currency_id.name,
                    currency=currency.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Quotation"),
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _quotation_pricelist(self):
        """The customer's pricelist when it is in the contract's currency, else a pricelist
        of the company in that currency, else the customer's."""
        partner_pricelist = self.partner_id.with_company(self.company_id).property_product_pricelist
        if partner_pricelist.currency_id == self.currency_id:
            return partner_pricelist
        return (
            self.env["product.pricelist"].search(
                [
                    ("currency_id", "=", self.currency_id.id),
                    ("company_id", "in", (False, self.company_id.id)),
                ],
                limit=1,
            )
            or partner_pricelist
        )

    def _quotation_line_vals(self, currency):
        today = fields.Date.context_today(self)
        vals_list = []
        for line in self.line_ids:
            vals = {"sequence": line.sequence, "name": line.name}
            if line.display_type:
                vals["display_type"] = line.display_type
            else:
                vals.update(
                    product_id=line.product_id.id,
                    product_uom_qty=line.quantity,
                    product_uom=line.product_uom_id.id,
                    price_unit=self.currency_id._convert(
                        line.price_unit, currency, self.company_id, today, round=False
                    ),
                    discount=line.discount,
                )
            vals_list.append(vals)
        return vals_list
