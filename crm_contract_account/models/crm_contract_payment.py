"""Receipts that follow accounting: created confirmed when a contract invoice is paid,
cancelled when that payment no longer pays it; typed by hand only on instalments without an
invoice."""

from odoo import api, fields, models
from odoo.addons.crm_contract.models.crm_contract_payment import STATE_CHANGE
from odoo.addons.crm_contract.tools.guards import (
    check_protected_fields,
    internal_context,
    is_internal,
)
from odoo.exceptions import UserError

# Set from accounting only.
ACCOUNTING_FIELDS = ("invoice_id", "account_partial_id", "account_payment_id")
FROM_ACCOUNTING = "crm_contract_account_receipt"


class CrmContractPayment(models.Model):
    _inherit = "crm.contract.payment"

    invoice_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The invoice whose payment this receipt records (set by accounting).",
    )
    account_partial_id = fields.Many2one(
        "account.partial.reconcile",
        string="Reconciliation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    account_payment_id = fields.Many2one(
        "account.payment",
        string="Payment",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    from_accounting = fields.Boolean(
        compute="_compute_from_accounting",
        help="Recorded from a reconciliation in Invoicing: it follows accounting.",
    )

    @api.depends("invoice_id")
    def _compute_from_accounting(self):
        for receipt in self:
            receipt.from_accounting = bool(receipt.invoice_id)

    def _crm_contract_key(self):
        self.ensure_one()
        receipt = self.sudo()
        return (receipt.account_partial_id.id, receipt.account_payment_id.id, receipt.plan_id.id)

    def _check_vals(self, vals):
        if not is_internal(self, FROM_ACCOUNTING):
            check_protected_fields(self, vals, ACCOUNTING_FIELDS)
        return super()._check_vals(vals)

    @api.model_create_multi
    def create(self, vals_list):
        receipts = super().create(vals_list)
        if not is_internal(self, FROM_ACCOUNTING):
            receipts._check_not_invoiced()
        return receipts

    def write(self, vals):
        if not is_internal(self, FROM_ACCOUNTING):
            from_accounting = self.filtered("invoice_id")
            if from_accounting and set(vals) - {"note"}:
                raise UserError(
                    self.env._(
                        "Receipts %(receipts)s follow accounting: they change when their "
                        "invoice's payment changes in Invoicing.",
                        receipts=", ".join(from_accounting.mapped("display_name")),
                    )
                )
        res = super().write(vals)
        if not is_internal(self, FROM_ACCOUNTING) and {"plan_id", "amount", "contract_id"} & set(
            vals
        ):
            self._check_not_invoiced()
        return res

    def _check_not_invoiced(self):
        """A receipt typed by hand goes only onto an instalment without an invoice (a deposit
        before invoicing): an invoiced instalment's money comes from accounting."""
        for receipt in self.filtered(lambda r: not r.invoice_id and r.state != "cancelled"):
            plan = receipt.plan_id
            contract = receipt.contract_id
            invoiced = contract.payment_plan_ids.filtered(lambda p: p._is_invoiced())
            if plan in invoiced:
                raise UserError(
                    self.env._(
                        "Instalment %(plan)s is invoiced (%(invoices)s): register its payment on "
                        "the invoice, in Invoicing. A receipt is typed by hand only for an "
                        "instalment without an invoice.",
                        plan=plan.display_name,
                        invoices=plan.invoice_names,
                    )
                )
            if invoiced and not plan:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has invoiced instalments: choose the instalment "
                        "without an invoice this receipt is for.",
                        contract=contract.display_name,
                    )
                )
            if (
                invoiced
                and plan.currency_id.compare_amounts(
                    receipt.amount,
                    plan.amount_residual
                    + (receipt.amount if receipt.state == "confirmed" else 0.0),
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Receipt of %(amount)s: instalment %(plan)s still owes %(owed)s, and "
                        "the contract's other instalments are invoiced.",
                        amount=plan.currency_id.format(receipt.amount),
                        plan=plan.display_name,
                        owed=plan.currency_id.format(plan.amount_residual),
                    )
                )

    @api.constrains("state", "amount", "contract_id")
    def _check_confirmed_receipts(self):
        # money accounting has received counts whatever became of the contract since its
        # invoice (terminated, expired); over-collection is still refused
        from_accounting = self.filtered("invoice_id")
        res = super(CrmContractPayment, self - from_accounting)._check_confirmed_receipts()
        from_accounting.contract_id._check_payment_received_total()
        return res

    def _on_closed_contracts(self):
        # what accounting received on an invoice is recorded whatever became of the contract
        return super()._on_closed_contracts().filtered(lambda r: not r.invoice_id)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_from_accounting(self):
        if self.filtered("invoice_id"):
            raise UserError(
                self.env._("Receipts recorded from accounting are cancelled, never deleted.")
            )

    def action_cancel(self):
        from_accounting = self.filtered("invoice_id")
        if from_accounting and not is_internal(self, FROM_ACCOUNTING):
            raise UserError(
                self.env._(
                    "Receipts %(receipts)s follow accounting: un-reconcile or cancel the "
                    "payment of invoice %(invoices)s instead.",
                    receipts=", ".join(from_accounting.mapped("display_name")),
                    invoices=", ".join(from_accounting.invoice_id.mapped("name")),
                )
            )
        return super().action_cancel()

    def action_draft(self):
        if self.filtered("invoice_id"):
            raise UserError(
                self.env._("Receipts recorded from accounting are not set back to draft.")
            )
        return super().action_draft()

    @api.model
    def _crm_contract_create_from_accounting(self, vals_list, taken):
        """Confirmed receipts from accounting, numbered as the money in accounting: the
        payment's or the bank entry's number (PBNK1/2026/00001), followed by (2), (3)... when
        that number is ``taken`` ({(company id, number)}) in the contract's company (a
        payment for several instalments, or counted again after it was un-reconciled)."""
        for vals in vals_list:
            company = vals.pop("company_id")
            base = vals.get("number")
            if not base:
                continue
            number, suffix = base, 1
            while (company, number) in taken:
                suffix += 1
                number = f"{base} ({suffix})"
            taken.add((company, number))
            vals["number"] = number
        receipts = internal_context(internal_context(self.sudo(), FROM_ACCOUNTING), STATE_CHANGE)
        return receipts.create(vals_list)

    def _crm_contract_cancel_from_accounting(self):
        if self:
            internal_context(self.sudo(), FROM_ACCOUNTING).action_cancel()
