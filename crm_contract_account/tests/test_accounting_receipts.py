from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContractInvoicingCase


@tagged("post_install", "-at_install")
class TestReceiptsFollowAccounting(ContractInvoicingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract([(date(2026, 3, 31), 300.0), (date(2027, 6, 30), 700.0)])
        cls.first, cls.second = cls.contract.payment_plan_ids.sorted("installment")

    def _posted_invoice(self, plans):
        invoice = self._create_invoices(plans)
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        return invoice

    def _moveless_payment(self, invoices, amount, when):
        """A posted payment without journal entry matched to ``invoices``."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": amount,
                "date": when,
                "journal_id": self.bank_journal.id,
                "memo": ", ".join(invoices.mapped("name")),
                "invoice_ids": [Command.set(invoices.ids)],
            }
        )
        payment.outstanding_account_id = False
        payment.action_post()
        return payment

    def test_two_partial_payments(self):
        invoice = self._posted_invoice(self.first)
        self.assertMoney(self.contract, received=0.0, due=1000.0, overdue=300.0)
        payment = self._pay(invoice, 100.0, when=date(2026, 3, 10))
        receipt = self._confirmed(self.contract)
        self.assertRecordValues(
            receipt,
            [
                {
                    "amount": 100.0,
                    "date": date(2026, 3, 10),
                    "plan_id": self.first.id,
                    "invoice_id": invoice.id,
                    "account_payment_id": payment.id,
                    "state": "confirmed",
                    "from_accounting": True,
                }
            ],
        )
        self.assertIn(payment.name, receipt.reference)
        self.assertTrue(receipt.account_partial_id)
        self.assertEqual(self.first.state, "overdue")
        self.assertEqual(self.first.amount_residual, 200.0)
        self.assertMoney(self.contract, received=100.0, due=900.0, overdue=200.0)
        self._pay(invoice, 200.0, when=date(2026, 4, 2))
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(sorted(self._confirmed(self.contract).mapped("amount")), [100.0, 200.0])
        self.assertEqual(self.first.state, "paid")
        self.assertMoney(self.contract, received=300.0, due=700.0, overdue=0.0)
        # a receipt from accounting is not edited, cancelled nor deleted by hand
        with self.assertRefused(UserError, "follow accounting"):
            receipt.amount = 50.0
        with self.assertRefused(UserError, "follow accounting"):
            receipt.action_cancel()
        with self.assertRefused(UserError, "cannot be deleted"):
            receipt.unlink()

    def test_overpayment_counts_only_what_is_reconciled(self):
        invoice = self._posted_invoice(self.first)
        payment = self._pay(invoice, 500.0, when=date(2026, 3, 10))
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self._confirmed(self.contract).mapped("amount"), [300.0])
        self.assertEqual(self.second.amount_received, 0.0)
        outstanding = payment.move_id.line_ids.filtered(
            lambda line: line.account_id == self.receivable
        )
        self.assertAlmostEqual(outstanding.amount_residual, -200.0, 2)
        self.assertMoney(self.contract, received=300.0, due=700.0, overdue=0.0)

    def test_overpayment_then_pays_the_next_invoice(self):
        """What an overpayment leaves outstanding pays the next invoice: each invoice's
        instalment gets what was reconciled with it, nothing counted twice."""
        invoice_1 = self._posted_invoice(self.first)
        payment = self._pay(invoice_1, 500.0, when=date(2026, 3, 10))
        invoice_2 = self._posted_invoice(self.second)
        outstanding = payment.move_id.line_ids.filtered(
            lambda line: line.account_id == self.receivable
        )
        receivable = invoice_2.line_ids.filtered(lambda line: line.account_id == self.receivable)
        (outstanding | receivable).reconcile()
        self.assertAlmostEqual(invoice_2.amount_residual, 500.0, 2)
        self.assertEqual(
            sorted((r.plan_id.installment, r.amount) for r in self._confirmed(self.contract)),
            [(1, 300.0), (2, 200.0)],
        )
        self.assertEqual(len(self._confirmed(self.contract).account_payment_id), 1)
        self.assertMoney(self.contract, received=500.0, due=500.0)

    def test_paid_after_the_contract_is_terminated(self):
        """Money accounting received on an invoice counts even if the contract was terminated
        since."""
        invoice = self._posted_invoice(self.first)
        self.env["crm.contract.terminate"].create(
            {"contract_id": self.contract.id, "reason": "Customer left"}
        ).action_terminate()
        self.assertEqual(self.contract.state, "terminated")
        self._pay(invoice, 300.0, when=date(2026, 3, 10))
        self.assertRecordValues(
            self._confirmed(self.contract), [{"amount": 300.0, "plan_id": self.first.id}]
        )
        self.assertEqual(self.first.amount_received, 300.0)
        self.assertEqual(self.contract.amount_received, 300.0)

    def test_full_credit_note_gives_the_instalment_back(self):
        invoice = self._posted_invoice(self.first)
        self._pay(invoice, 120.0, when=date(2026, 3, 10))
        reversal = invoice._reverse_moves(cancel=False)
        self.assertEqual(reversal.contract_id, self.contract)
        self.assertEqual(reversal.invoice_line_ids.crm_contract_plan_id, self.first)
        # a draft credit note counts already
        self.assertEqual(self.first.amount_invoiced, 0.0)
        reversal.action_post()
        (reversal | invoice).line_ids.filtered(
            lambda line: line.account_id == self.receivable and not line.reconciled
        ).reconcile()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertRecordValues(
            self.first,
            [{"amount_invoiced": 0.0, "amount_to_invoice": 300.0, "invoice_status": "to invoice"}],
        )
        # a credit note is not a payment: only the 120 received count
        self.assertEqual(self._confirmed(self.contract).mapped("amount"), [120.0])
        self.assertEqual(self.first.amount_residual, 180.0)
        self.assertMoney(self.contract, received=120.0, due=880.0)
        # a second credit note would give back more than was invoiced
        with self.assertRefused(UserError, "more than its invoices bill"):
            invoice._reverse_moves(cancel=False).action_post()
        self.assertEqual(self.first.amount_invoiced, 0.0)
        # credited back: the instalment's amount changes again
        self.first.amount = 250.0
        self.assertEqual(self.first.amount_to_invoice, 250.0)

    def test_partial_credit_note(self):
        invoice = self._posted_invoice(self.first)
        refund = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "discount"})
        )
        reversal = self.env["account.move"].browse(refund.refund_moves()["res_id"])
        reversal.invoice_line_ids.price_unit = reversal.invoice_line_ids.price_unit / 3
        self.assertAlmostEqual(reversal.amount_total, 100.0, 2)
        reversal.action_post()
        self.assertAlmostEqual(self.first.amount_invoiced, 200.0, 2)
        self.assertEqual(self.first.invoice_status, "to invoice")
        self.assertAlmostEqual(self.first.amount_to_invoice, 100.0, 2)
        (reversal | invoice).line_ids.filtered(
            lambda line: line.account_id == self.receivable and not line.reconciled
        ).reconcile()
        self.assertAlmostEqual(invoice.amount_residual, 200.0, 2)
        self._pay(invoice, 200.0, when=date(2026, 3, 12))
        self.assertEqual(self._confirmed(self.contract).mapped("amount"), [200.0])
        self.assertMoney(self.contract, received=200.0, due=800.0)
        # what the credit note gave back is invoiced again
        again = self._create_invoices(self.first)
        self.assertAlmostEqual(again.amount_total, 100.0, 2)

    def test_payment_cancelled_after_reconciliation(self):
        invoice = self._posted_invoice(self.first)
        payment = self._pay(invoice, 300.0, when=date(2026, 3, 10))
        receipt = self._confirmed(self.contract)
        self.assertEqual(receipt.amount, 300.0)
        self.assertMoney(self.contract, received=300.0, due=700.0)
        payment.action_draft()
        payment.action_cancel()
        self.assertTrue(receipt.exists())
        self.assertEqual(receipt.state, "cancelled")
        self.assertEqual(receipt.invoice_id, invoice)
        self.assertFalse(self._confirmed(self.contract))
        self.assertEqual(self.first.amount_residual, 300.0)
        self.assertMoney(self.contract, received=0.0, due=1000.0)
        # paid again: a new receipt, the cancelled one stays
        self._pay(invoice, 300.0, when=date(2026, 3, 20))
        self.assertEqual(len(self.contract.payment_ids), 2)
        self.assertEqual(self._confirmed(self.contract).date, date(2026, 3, 20))
        self.assertMoney(self.contract, received=300.0, due=700.0)

    def test_invoice_reset_to_draft(self):
        invoice = self._posted_invoice(self.first)
        self._pay(invoice, 100.0, when=date(2026, 3, 10))
        self._pay(invoice, 50.0, when=date(2026, 3, 11))
        receipts = self._confirmed(self.contract)
        self.assertEqual(len(receipts), 2)
        invoice.button_draft()
        self.assertEqual(receipts.mapped("state"), ["cancelled", "cancelled"])
        self.assertMoney(self.contract, received=0.0, due=1000.0)
        invoice.action_post()
        # the payments are outstanding again: reconciling them brings new receipts
        outstanding = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("account_id", "=", self.receivable.id),
                ("reconciled", "=", False),
                ("balance", "<", 0),
            ]
        )
        (outstanding | invoice.line_ids.filtered("debit")).filtered(
            lambda line: line.account_id == self.receivable
        ).reconcile()
        self.assertEqual(sorted(self._confirmed(self.contract).mapped("amount")), [50.0, 100.0])
        self.assertEqual(len(self.contract.payment_ids), 4)
        self.assertMoney(self.contract, received=150.0, due=850.0)

    def test_one_payment_for_invoices_of_two_contracts(self):
        other = self._contract([(date(2026, 4, 30), 400.0)])
        invoices = self._posted_invoice(self.first) | self._posted_invoice(other.payment_plan_ids)
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"group_payment": True, "payment_date": date(2026, 3, 10)})
        )
        payment = wizard._create_payments()
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.amount, 700.0)
        self.assertEqual(self._confirmed(self.contract).mapped("amount"), [300.0])
        self.assertEqual(self._confirmed(other).mapped("amount"), [400.0])
        self.assertEqual(
            (self._confirmed(self.contract) | self._confirmed(other)).account_payment_id, payment
        )
        self.assertMoney(self.contract, received=300.0, due=700.0)
        self.assertMoney(other, received=400.0, due=0.0)
        payment.action_draft()
        self.assertFalse(self._confirmed(self.contract) | self._confirmed(other))
        self.assertMoney(other, received=0.0, due=400.0)

    def test_draft_invoice_deleted(self):
        invoice = self._create_invoices(self.first)
        action = self.contract.action_view_invoices()
        self.assertEqual(action["res_id"], invoice.id)
        self.assertEqual(action["context"]["default_contract_id"], self.contract.id)
        invoice.unlink()
        self.assertRecordValues(
            self.first,
            [{"amount_invoiced": 0.0, "amount_to_invoice": 300.0, "invoice_status": "to invoice"}],
        )
        self.assertEqual(self.contract.invoice_count, 0)
        invoices = self._create_invoices(self.contract)
        self.assertEqual(len(invoices), 2)
        action = self.contract.action_view_invoices()
        self.assertEqual(self.env["account.move"].search(action["domain"]), invoices)

    def test_one_payment_over_two_instalments_of_one_invoice(self):
        self.second.date_due = date(2026, 3, 31)
        invoice = self._posted_invoice(self.contract.payment_plan_ids)
        self.assertEqual(invoice.amount_total, 1000.0)
        payment = self._pay(invoice, 400.0, when=date(2026, 3, 10))
        # numbered as the money in accounting: the payment's number, then (2)
        self.assertEqual(
            [(r.plan_id, r.amount, r.number) for r in self._confirmed(self.contract).sorted("id")],
            [(self.first, 300.0, payment.name), (self.second, 100.0, f"{payment.name} (2)")],
        )
        self.assertMoney(self.contract, received=400.0, due=600.0)

    def test_unreconciled_then_reconciled_again(self):
        """The same payment un-reconciled, then reconciled again: the first receipt is
        cancelled and keeps its number, the new one takes the payment's number with (2)."""
        invoice = self._posted_invoice(self.first)
        payment = self._pay(invoice, 300.0, when=date(2026, 3, 10))
        first = self._confirmed(self.contract)
        self.assertEqual(first.number, payment.name)
        partial = first.account_partial_id
        credit_line = partial.credit_move_id
        invoice.js_remove_outstanding_partial(partial.id)
        self.assertEqual(first.state, "cancelled")
        self.assertMoney(self.contract, received=0.0, due=1000.0)
        invoice.js_assign_outstanding_line(credit_line.id)
        second = self._confirmed(self.contract)
        self.assertEqual(second.number, f"{payment.name} (2)")
        self.assertEqual((first.number, first.state), (payment.name, "cancelled"))
        self.assertMoney(self.contract, received=300.0, due=700.0)

    def test_payment_without_journal_entry(self):
        """A payment method without outstanding account: the payment has no journal entry and
        is matched to the invoice (matched_payment_ids); it counts once, also when the bank
        line is later reconciled with the invoice."""
        invoice = self._posted_invoice(self.first)
        # Community forces an outstanding account on the payments it creates; with
        # Accounting, a payment method line without one makes a payment without journal
        # entry, matched to its invoice: as it is here
        payment = self._moveless_payment(invoice, 300.0, date(2026, 3, 10))
        self.assertFalse(payment.move_id)
        self.assertEqual(payment.state, "in_process")
        self.assertEqual(invoice.matched_payment_ids, payment)
        self.assertEqual(invoice.payment_state, invoice._get_invoice_in_payment_state())
        receipt = self._confirmed(self.contract)
        self.assertRecordValues(
            receipt,
            [{"amount": 300.0, "account_payment_id": payment.id, "account_partial_id": False}],
        )
        self.assertMoney(self.contract, received=300.0, due=700.0)
        # the bank line comes and is reconciled with the invoice
        st_line = self._bank_line(invoice, 300.0, date(2026, 3, 12), "Harbour transfer")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(payment.state, "paid")
        confirmed = self._confirmed(self.contract)
        self.assertEqual(confirmed, receipt)
        self.assertTrue(receipt.account_partial_id)
        self.assertFalse(self.contract.payment_ids.filtered(lambda r: r.state == "cancelled"))
        self.assertMoney(self.contract, received=300.0, due=700.0)
        # cancelled in accounting: the receipt is cancelled, never deleted
        payment.action_cancel()
        st_line.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(receipt.state, "cancelled")
        self.assertMoney(self.contract, received=0.0, due=1000.0)

    def test_payment_without_journal_entry_for_two_invoices(self):
        """A payment without journal entry for two invoices pays them in the order of their
        due dates, each up to its total."""
        invoices = self._posted_invoice(self.first) | self._posted_invoice(self.second)
        payment = self._moveless_payment(invoices, 500.0, date(2026, 3, 10))
        self.assertEqual(invoices.matched_payment_ids, payment)
        self.assertEqual(
            sorted((r.plan_id.installment, r.amount) for r in self._confirmed(self.contract)),
            [(1, 300.0), (2, 200.0)],
        )
        self.assertEqual(self.contract.amount_received, 500.0)
        self.assertEqual(self.second.amount_residual, 500.0)
        self.assertMoney(self.contract, received=500.0, due=500.0)
        payment.action_cancel()
        self.assertFalse(self._confirmed(self.contract))
        self.assertEqual(self.contract.payment_ids.mapped("state"), ["cancelled", "cancelled"])
        self.assertMoney(self.contract, received=0.0, due=1000.0)

    def test_bank_line_without_payment(self):
        invoice = self._posted_invoice(self.first)
        self._bank_line(invoice, 180.0, date(2026, 3, 12), "Harbour transfer 42")
        self.assertRecordValues(
            self._confirmed(self.contract),
            [{"amount": 180.0, "reference": "Harbour transfer 42", "date": date(2026, 3, 12)}],
        )
        self.assertMoney(self.contract, received=180.0, due=820.0)

    def test_hand_typed_receipts(self):
        """A deposit before invoicing is typed by hand; once invoiced, an instalment's money
        comes from accounting only; Create Invoice bills what the deposit left."""
        deposit = self.Receipt.create(
            {
                "contract_id": self.contract.id,
                "plan_id": self.first.id,
                "amount": 100.0,
                "date": date(2026, 2, 1),
            }
        )
        deposit.action_confirm()
        self.assertEqual(self.first.amount_to_invoice, 200.0)
        invoice = self._posted_invoice(self.first)
        self.assertEqual(invoice.amount_total, 200.0)
        self.assertEqual(self.first.invoice_status, "invoiced")
        self.assertMoney(self.contract, received=100.0, due=900.0)
        with self.assertRefused(UserError, "is invoiced"):
            self.Receipt.create(
                {
                    "contract_id": self.contract.id,
                    "plan_id": self.first.id,
                    "amount": 50.0,
                    "date": date(2026, 3, 2),
                }
            )
        with self.assertRefused(UserError, "choose the instalment"):
            self.Receipt.create(
                {"contract_id": self.contract.id, "amount": 50.0, "date": date(2026, 3, 2)}
            )
        self._pay(invoice, 200.0, when=date(2026, 3, 10))
        self.assertEqual(self.first.state, "paid")
        self.assertMoney(self.contract, received=300.0, due=700.0)
        # the uninvoiced instalment still takes a deposit
        other = self.Receipt.create(
            {
                "contract_id": self.contract.id,
                "plan_id": self.second.id,
                "amount": 70.0,
                "date": date(2026, 3, 2),
            }
        )
        other.action_confirm()
        self.assertEqual(self.second.amount_to_invoice, 630.0)
        self.assertMoney(self.contract, received=370.0, due=630.0)

    def test_deposit_without_instalment(self):
        """A deposit typed by hand for no instalment, before any invoice, pays the
        instalments in due order: Create Invoice bills only what it left, and paying those
        invoices never takes the contract over its amount."""
        deposit = self.Receipt.create(
            {"contract_id": self.contract.id, "amount": 500.0, "date": date(2026, 2, 1)}
        )
        deposit.action_confirm()
        self.assertEqual((self.first | self.second).mapped("amount_to_invoice"), [0.0, 500.0])
        self.assertEqual(self.first.invoice_status, "no")
        invoice = self._posted_invoice(self.contract)
        self.assertEqual(invoice.amount_total, 500.0)
        self.assertEqual(invoice.crm_contract_plan_ids, self.second)
        self._pay(invoice, 500.0, when=date(2026, 3, 10))
        self.assertEqual(self.contract.payment_state, "paid")
        self.assertMoney(self.contract, received=1000.0, due=0.0)


@tagged("post_install", "-at_install")
class TestInvoicedInstalmentLocks(ContractInvoicingCase):
    def test_locks_and_register_payment(self):
        contract = self._contract([(date(2026, 3, 31), 300.0), (date(2026, 6, 30), 700.0)])
        first, second = contract.payment_plan_ids.sorted("installment")
        invoice = self._create_invoices(first)
        with self.assertRefused(UserError, "are invoiced"):
            first.amount = 200.0
        with self.assertRefused(UserError, "are invoiced"):
            first.date_due = date(2026, 4, 30)
        with self.assertRefused(UserError, "cannot be deleted"):
            first.unlink()
        # writing the same values is no change
        first.write({"amount": 300.0, "date_due": date(2026, 3, 31)})
        second.amount = 650.0
        # an invoice raised above its instalment is not posted
        line = invoice.invoice_line_ids
        invoice.write(
            {"invoice_line_ids": [Command.update(line.id, {"price_unit": line.price_unit * 2})]}
        )
        invoice.invoice_date = date(2026, 3, 1)
        with self.assertRefused(UserError, "never billed for more than its amount"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")
        invoice.write(
            {"invoice_line_ids": [Command.update(line.id, {"price_unit": line.price_unit / 2})]}
        )
        self.assertEqual(invoice.amount_total, 300.0)
        # a draft invoice: post it before registering its payment
        with self.assertRefused(UserError, "post the invoice"):
            first.action_register_payment()
        invoice.action_post()
        for action in (first.action_register_payment(), contract.action_register_payment()):
            self.assertEqual(action["res_model"], "account.payment.register")
            self.assertEqual(action["context"]["active_model"], "account.move.line")
            lines = self.env["account.move.line"].browse(action["context"]["active_ids"])
            self.assertEqual(lines.move_id, invoice)
            wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
            self.assertEqual(wizard.amount, 300.0)
        # an instalment without invoice keeps the contract's own receipt form
        action = second.action_register_payment()
        self.assertEqual(action["res_model"], "crm.contract.payment")
