"""The contract's invoicing figures (invoiced, to invoice, status, as on orders), its
Invoices smart button, Create Invoice for everything still to invoice, and Register Payment
that goes to accounting once an instalment is invoiced."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .crm_contract_payment_plan import BILLING_GROUP, INVOICE_STATUS, invoice_status

PROTECTED_FIELDS = ("amount_invoiced", "amount_to_invoice", "invoice_status")
BILLING_GROUPS = "account.group_account_invoice,account.group_account_readonly"


class CrmContract(models.Model):
    _inherit = "crm.contract"

    invoice_ids = fields.One2many("account.move", "contract_id", groups=BILLING_GROUPS)
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    amount_invoiced = fields.Monetary(
        string="Invoiced",
        compute="_compute_invoicing",
        store=True,
        help="What the invoices of the contract's instalments bill, credit notes deducted.",
    )
    amount_to_invoice = fields.Monetary(
        string="To Invoice",
        compute="_compute_invoicing",
        store=True,
        help="What the instalments still have to invoice.",
    )
    invoice_status = fields.Selection(
        INVOICE_STATUS,
        compute="_compute_invoicing",
        store=True,
        index=True,
    )

    def _protected_fields(self):
        return super()._protected_fields() + PROTECTED_FIELDS

    @api.depends(
        "state",
        "payment_plan_ids.amount_invoiced",
        "payment_plan_ids.amount_to_invoice",
    )
    def _compute_invoicing(self):
        for contract in self:
            plans = contract.payment_plan_ids
            currency = contract.currency_id or self.env.company.currency_id
            contract.amount_invoiced = currency.round(sum(plans.mapped("amount_invoiced")))
            contract.amount_to_invoice = currency.round(sum(plans.mapped("amount_to_invoice")))
            contract.invoice_status = invoice_status(
                currency, contract.amount_to_invoice, contract.amount_invoiced
            )

    def _compute_invoice_count(self):
        counts = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("contract_id", "in", self.ids),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "!=", "cancel"),
                ],
                ["contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.invoice_count = counts.get(contract, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        invoiced = self.filtered(lambda c: c.sudo().invoice_ids)
        if invoiced:
            raise UserError(
                self.env._(
                    "Contracts with invoices cannot be deleted: %(contracts)s.",
                    contracts=", ".join(invoiced.mapped("display_name")),
                )
            )

    def action_create_invoices(self):
        """Create Invoice for every instalment of these contracts still to invoice."""
        plans = self.payment_plan_ids.filtered(lambda p: p.invoice_status == "to invoice")
        if not plans:
            raise UserError(
                self.env._(
                    "Nothing to invoice on %(contracts)s: add instalments (Payment Plan), or "
                    "they are invoiced already.",
                    contracts=", ".join(self.mapped("display_name")),
                )
            )
        return plans.action_create_invoices()

    def action_view_invoices(self):
        self.ensure_one()
        invoices = self.invoice_ids.filtered(lambda m: m.state != "cancel")
        action = invoices._crm_contract_action_view()
        if len(invoices) != 1:
            action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "default_contract_id": self.id}
        return action

    def _action_register_payment(self, plan=None):
        """An invoiced instalment's payment is registered on its invoice, by accounting's
        payment register (billing users); a receipt is typed by hand only for an instalment
        without an invoice."""
        self.ensure_one()
        open_plans = self.payment_plan_ids.filtered(
            lambda p: p.state in ("pending", "partial", "overdue")
        ).sorted(lambda p: (p.date_due, p.installment))
        target = plan or open_plans[:1]
        if not target or not target._is_invoiced():
            return super()._action_register_payment(plan=plan)
        if not self.env.user.has_group(BILLING_GROUP):
            uninvoiced = open_plans.filtered(lambda p: not p._is_invoiced())
            if plan or not uninvoiced:
                raise UserError(
                    self.env._(
                        "Instalment %(plan)s is invoiced (%(invoices)s): its payment is "
                        "registered on the invoice, in Invoicing, by a user with billing rights.",
                        plan=target.display_name,
                        invoices=target.invoice_names,
                    )
                )
            return super()._action_register_payment(plan=uninvoiced[:1])
        invoices = target.sudo().invoice_line_ids.move_id.filtered(
            lambda m: m.move_type == "out_invoice"
            and m.state == "posted"
            and m.payment_state not in ("paid", "in_payment", "reversed")
        )
        if not invoices:
            raise UserError(
                self.env._(
                    "Instalment %(plan)s is invoiced (%(invoices)s): post the invoice, then "
                    "register its payment on it.",
                    plan=target.display_name,
                    invoices=target.invoice_names,
                )
            )
        return invoices.with_env(self.env).action_register_payment()
