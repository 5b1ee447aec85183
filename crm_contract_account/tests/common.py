"""Shared set-up of the invoicing bridge's tests: a company with a chart of accounts (Odoo's
``AccountTestInvoicingCommon``), taxes of 15% and 13% (price excluded) and 15% (price
included), products, active contracts with instalments, Create Invoice, payments registered
through accounting's payment register, and a check that a contract's money figures agree
with the open amounts of its invoices. Base classes only, no test methods."""

from datetime import date

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_contract.tests.common import RefusalAssertions


class ContractInvoicingCase(RefusalAssertions, AccountTestInvoicingCommon):
    @classmethod
    def get_default_groups(cls):
        # the accountant the tests run as also manages contracts
        return super().get_default_groups() | cls.env.ref("crm_contract.crm_contract_group_manager")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "tier.definition" in cls.env:
            cls.env["tier.definition"].search([]).write({"active": False})
        cls.company = cls.company_data["company"]
        cls.currency = cls.company.currency_id
        cls.Plan = cls.env["crm.contract.payment.plan"]
        cls.Receipt = cls.env["crm.contract.payment"]
        cls.contract_type = cls.env["crm.contract.type"].create({"name": "Invoiced Supply"})
        cls.customer = cls.partner_a
        cls.tax_15 = cls.env["account.tax"].create(
            {"name": "Sales 15%", "amount": 15.0, "company_id": cls.company.id}
        )
        cls.tax_13 = cls.env["account.tax"].create(
            {"name": "Sales 13%", "amount": 13.0, "company_id": cls.company.id}
        )
        cls.tax_15_incl = cls.env["account.tax"].create(
            {
                "name": "Sales 15% included",
                "amount": 15.0,
                "price_include_override": "tax_included",
                "company_id": cls.company.id,
            }
        )
        cls.product_crane = cls._product("Harbour crane service", cls.tax_15)
        cls.product_training = cls._product("Operator training", cls.tax_15)
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.receivable = cls.company_data["default_account_receivable"]

    @classmethod
    def _product(cls, name, taxes=None, company=None):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "list_price": 100.0,
                "taxes_id": [Command.set(taxes.ids if taxes else [])],
                "company_id": company.id if company else False,
            }
        )

    @classmethod
    def _contract(cls, plans, amount=None, lines=None, company=None, **values):
        """An active contract of ``company`` (the test company) with instalments from
        (due date, amount) pairs; its amount is the instalments' total unless given (or
        taken from ``lines``, product lines' values)."""
        company = company or cls.company
        vals = {
            "name": "Supply agreement",
            "partner_id": cls.customer.id,
            "type_id": cls.contract_type.id,
            "company_id": company.id,
            "user_id": cls.env.user.id,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31),
        }
        if lines:
            vals["line_ids"] = [Command.create(line) for line in lines]
        else:
            vals["amount_total"] = amount if amount is not None else sum(a for _d, a in plans)
        vals.update(values)
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        contract = env["crm.contract"].with_company(company).create(vals)
        contract.action_activate()
        env["crm.contract.payment.plan"].create(
            [{"contract_id": contract.id, "date_due": d, "amount": a} for d, a in plans]
        )
        return contract

    def _create_invoices(self, plans):
        """Create Invoice on ``plans``: the invoices it made (from the action it returns)."""
        action = plans.action_create_invoices()
        Move = self.env["account.move"]
        if action.get("res_id"):
            return Move.browse(action["res_id"])
        return Move.search(action["domain"], order="id")

    def _pay(self, invoice, amount, when=None, currency=None, method_line=None, memo=None):
        """A payment of ``amount`` registered on ``invoice`` by accounting's payment
        register (the rest left open, an overpayment left outstanding), as the user of
        ``invoice``'s environment."""
        vals = {"amount": amount, "payment_date": when or invoice.invoice_date_due}
        if currency:
            vals["currency_id"] = currency.id
        if method_line:
            vals["journal_id"] = method_line.journal_id.id
            vals["payment_method_line_id"] = method_line.id
        if memo:
            vals["communication"] = memo
        wizard = (
            invoice.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(vals)
        )
        if self.env["account.payment.register"]._fields.get("payment_difference_handling"):
            wizard.payment_difference_handling = "open"
        return wizard._create_payments()

    def _bank_line(self, invoice, amount, when, reference):
        """A bank statement line of ``amount`` reconciled with ``invoice`` (its suspense line
        put on the receivable, as the reconciliation of a bank line does)."""
        st_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": when,
                "amount": amount,
                "partner_id": invoice.partner_id.id,
                "payment_ref": reference,
            }
        )
        _liquidity, suspense, _other = st_line._seek_for_lines()
        suspense.account_id = self.receivable
        receivable = invoice.line_ids.filtered(lambda line: line.account_id == self.receivable)
        (suspense | receivable).reconcile()
        return st_line

    @staticmethod
    def _confirmed(contract):
        return contract.payment_ids.filtered(lambda r: r.state == "confirmed")

    def assertMoney(self, contract, received, due, overdue=None):
        contract.invalidate_recordset()
        self.assertAlmostEqual(contract.amount_received, received, places=2)
        self.assertAlmostEqual(contract.amount_due, due, places=2)
        if overdue is not None:
            self.assertAlmostEqual(contract.amount_overdue, overdue, places=2)
        self.assertAgreesWithAccounting(contract)

    @staticmethod
    def _moveless_share(payment, invoice):
        """What a payment without journal entry pays of ``invoice``: its invoices are paid
        in order of due date, each up to its total."""
        left = payment.currency_id._convert(
            payment.amount, invoice.currency_id, invoice.company_id, payment.date
        )
        for other in payment.invoice_ids.sorted(lambda m: (m.invoice_date_due, m.id)):
            share = min(left, other.amount_total)
            if other == invoice:
                return share
            left -= share
        return 0.0

    def assertAgreesWithAccounting(self, contract):
        """The contract's received, owed, overdue and ageing figures agree with accounting:
        what its confirmed receipts add up to; what its instalments still owe equals the
        open amounts of its posted invoices and credit notes (payments without journal
        entry deducted), plus what is not invoiced yet and not received by hand."""
        self.env.flush_all()
        self.env.invalidate_all()
        contract = contract.sudo()
        currency = contract.currency_id
        confirmed = self._confirmed(contract)
        self.assertAlmostEqual(contract.amount_received, sum(confirmed.mapped("amount")), 2)
        self.assertAlmostEqual(
            contract.amount_due, contract.amount_total - contract.amount_received, 2
        )
        moves = contract.invoice_ids.filtered(lambda m: m.state == "posted")
        open_amount = 0.0
        for move in moves:
            sign = -1 if move.move_type == "out_refund" else 1
            residual = move.amount_residual
            if move.move_type == "out_invoice":
                # paid by payments without a journal entry, not reconciled (yet)
                term_lines = move.line_ids.filtered(
                    lambda line: line.display_type == "payment_term"
                )
                settled = sum(term_lines.matched_credit_ids.mapped("debit_amount_currency"))
                moveless = move.matched_payment_ids.filtered(
                    lambda p: not p.move_id and p.state in ("in_process", "paid")
                )
                moveless_amount = sum(self._moveless_share(p, move) for p in moveless)
                residual -= max(
                    min(moveless_amount, move.amount_total - settled) if moveless else 0.0, 0.0
                )
            if move.currency_id != currency:
                residual = move.currency_id._convert(
                    residual, currency, move.company_id, move.invoice_date or move.date
                )
            open_amount += sign * residual
        not_invoiced = 0.0
        for plan in contract.payment_plan_ids:
            posted = plan.invoice_line_ids.filtered(
                lambda line: line.parent_state == "posted" and line.display_type == "product"
            )
            billed = sum(
                (-1 if line.move_id.move_type == "out_refund" else 1) * line.price_total
                for line in posted
            )
            not_invoiced += plan.amount - billed
        # received by hand (deposits before invoicing), with or without instalment
        not_invoiced -= sum(confirmed.filtered(lambda r: not r.invoice_id).mapped("amount"))
        owed = sum(contract.payment_plan_ids.mapped("amount_residual"))
        self.assertAlmostEqual(owed, currency.round(open_amount + not_invoiced), 2)
        self.assertAlmostEqual(contract.amount_receivable, owed, 2)
        buckets = (
            contract.amount_not_due
            + contract.amount_late_1_30
            + contract.amount_late_31_60
            + contract.amount_late_61_90
            + contract.amount_late_90_plus
        )
        self.assertAlmostEqual(buckets, owed, 2)
        today = fields.Date.context_today(contract)
        overdue = sum(p.amount_residual for p in contract.payment_plan_ids if p.date_due < today)
        self.assertAlmostEqual(contract.amount_overdue, overdue, 2)
