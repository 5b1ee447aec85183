"""Receipts: how they pay instalments, guards, numbering and the contract totals."""

from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import PaymentCase


@freeze_time("2025-01-15")
class TestPaymentReceipt(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._active_contract(amount=1000)
        cls.p1, cls.p2, cls.p3 = cls._plans(
            cls.contract,
            (date(2025, 4, 1), 400),
            (date(2025, 2, 1), 300),  # due first although numbered 2
            (date(2025, 6, 1), 300),
        )

    def test_unlinked_receipt_pays_in_due_date_order(self):
        self._receipt(self.contract, 500)
        # p2 is due first, then p1, then p3.
        self.assertAllocation(
            self.p2 | self.p1 | self.p3, [300, 200, 0], ["paid", "partial", "pending"]
        )

    def test_linked_receipt_pays_its_instalment_first_rest_in_order(self):
        self._receipt(self.contract, 350, plan=self.p3)
        # 300 on p3, the 50 left over on the first due: p2.
        self.assertAllocation(
            self.p2 | self.p1 | self.p3, [50, 0, 300], ["partial", "pending", "paid"]
        )
        self._receipt(self.contract, 100)
        self.assertAllocation(
            self.p2 | self.p1 | self.p3, [150, 0, 300], ["partial", "pending", "paid"]
        )
        self._receipt(self.contract, 500, plan=self.p1)
        self.assertAllocation(
            self.p2 | self.p1 | self.p3, [250, 400, 300], ["partial", "paid", "paid"]
        )

    def test_allocation_follows_due_date_changes(self):
        self._receipt(self.contract, 300)
        self.assertEqual(self.p2.state, "paid")
        self.p3.date_due = date(2025, 1, 20)
        self.assertAllocation(
            self.p3 | self.p2 | self.p1, [300, 0, 0], ["paid", "pending", "pending"]
        )

    def test_draft_and_cancelled_receipts_do_not_count(self):
        draft = self._receipt(self.contract, 300, confirm=False)
        self.assertEqual(self.contract.amount_received, 0)
        self.assertEqual(self.p2.amount_received, 0)
        # the Receipts tab sums what each receipt counts for: nothing while a draft
        self.assertEqual(draft.amount_counted, 0)
        draft.action_confirm()
        self.assertEqual(self.p2.amount_received, 300)
        self.assertEqual(draft.amount_counted, 300)
        draft.action_cancel()
        self.assertEqual(self.p2.amount_received, 0)
        self.assertEqual(draft.amount_counted, 0)
        self.assertEqual(self.p2.state, "pending")

    def test_over_collection_refused(self):
        self._receipt(self.contract, 900)
        with self.assertRefused(ValidationError, "Over-collection is refused"):
            self._receipt(self.contract, 100.01)
        # A draft entered while the amount was still due cannot be confirmed once paid.
        extra = self._receipt(self.contract, 1, confirm=False)
        self._receipt(self.contract, 100)
        self.assertEqual(self.contract.payment_state, "paid")
        with self.assertRefused(ValidationError, "Over-collection"):
            extra.action_confirm()
        # A draft above what is still due is refused when saved: nothing stays behind.
        with self.assertRefused(ValidationError, "more than what is still due"):
            self._receipt(self.contract, 1, confirm=False)
        # Nor may the contract amount go below what was received.
        (self.p1 | self.p2 | self.p3).amount = 1
        # (through an amendment, the only way to change an active contract's amount)
        amendment = self.env["crm.contract.amendment"].create(
            {"contract_id": self.contract.id, "reason": "Discount", "amount_total": 999}
        )
        with self.assertRefused(UserError, "less than what was already received"):
            amendment.action_apply()

    def test_receipts_refused_on_draft_cancelled_terminated_contracts(self):
        draft = self._create_contract(amount_total=500)
        with self.assertRefused(UserError, "refused on draft, cancelled or terminated"):
            self._receipt(draft, 100, confirm=False)
        with self.assertRefused(UserError, "only on active or expired"):
            draft.action_register_payment()
        cancelled = self._create_contract(amount_total=500)
        cancelled._cancel("Never signed")
        with self.assertRefused(UserError, "refused on draft, cancelled or terminated"):
            self._receipt(cancelled, 100)
        terminated = self._active_contract(amount=500)
        terminated._terminate("Customer left", date(2025, 1, 10))
        with self.assertRefused(UserError, "refused on draft, cancelled or terminated"):
            self._receipt(terminated, 100)
        # A draft receipt whose contract gets cancelled meanwhile cannot be confirmed.
        active = self._active_contract(amount=500)
        receipt = self._receipt(active, 100, confirm=False)
        active._cancel("Signed twice")
        with self.assertRefused(ValidationError, "received only on active or expired"):
            receipt.action_confirm()

    def test_totals_after_create_write_cancel_unlink(self):
        contract = self.contract
        self.assertEqual(contract.amount_planned, 1000)
        self.assertEqual(contract.amount_received, 0)
        self.assertEqual(contract.amount_due, 1000)
        self.assertEqual(contract.payment_state, "on_track")
        self.assertEqual(contract.next_due_date, date(2025, 2, 1))
        receipt = self._receipt(contract, 400, confirm=False)  # create (draft)
        self.assertEqual(contract.amount_received, 0)
        receipt.action_confirm()  # write
        self.assertEqual(contract.amount_received, 400)
        self.assertEqual(contract.amount_due, 600)
        self.assertEqual(contract.payment_progress, 40)
        self.assertEqual(contract.next_due_date, date(2025, 4, 1))
        second = self._receipt(contract, 600)  # create confirmed
        self.assertEqual(contract.amount_received, 1000)
        self.assertEqual(contract.payment_state, "paid")
        self.assertFalse(contract.next_due_date)
        second.action_cancel()  # cancel
        self.assertEqual(contract.amount_received, 400)
        self.assertEqual(contract.payment_state, "on_track")
        second.unlink()  # unlink
        receipt.action_cancel()
        receipt.unlink()
        self.assertEqual(contract.amount_received, 0)
        self.assertEqual(contract.payment_progress, 0)
        self.assertEqual(contract.payment_count, 0)
        self.p3.unlink()  # instalment unlink
        self.assertEqual(contract.amount_planned, 700)
        self.p1.amount = 100  # instalment write
        self.assertEqual(contract.amount_planned, 400)
        (self.p1 | self.p2).unlink()
        self.assertEqual(contract.payment_state, "not_planned")

    def test_confirmed_receipt_cannot_be_changed_or_deleted(self):
        receipt = self._receipt(self.contract, 100)
        with self.assertRefused(UserError, "cannot be changed"):
            receipt.amount = 200
        with self.assertRefused(UserError, "cancel it first"):
            receipt.unlink()
        receipt.reference = "Bank ref 42"  # details stay editable
        with self.assertRefused(UserError, "Only draft receipts can be confirmed"):
            receipt.action_confirm()

    def test_receipt_for_instalment_of_another_contract_refused(self):
        other = self._active_contract(amount=100)
        with self.assertRefused(ValidationError, "belongs to another contract"):
            self._receipt(other, 10, plan=self.p1, confirm=False)

    def test_numbers_from_sequence_unique_per_company(self):
        first = self._receipt(self.contract, 10, confirm=False)
        second = self._receipt(self.contract, 10, confirm=False)
        self.assertTrue(first.number.startswith("RC/2025/"))
        self.assertNotEqual(first.number, second.number)
        with self.assertRaisesRegex(UserError, "given by the receipt sequence"):
            second.number = first.number
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.Receipt.create(
                {"contract_id": self.contract.id, "amount": 1, "number": first.number}
            )
        other_company = self.env["res.company"].create({"name": "Other Receipts Co"})
        contract = self._active_contract(amount=100, company_id=other_company.id, user_id=False)
        receipt = self.Receipt.with_company(other_company).create(
            {"contract_id": contract.id, "amount": 10, "number": first.number}
        )
        self.assertEqual(receipt.number, first.number)

    def test_register_payment_from_contract_and_instalment(self):
        action = self.contract.action_register_payment()
        self.assertEqual(action["res_model"], "crm.contract.payment")
        self.assertEqual(action["target"], "new")
        ctx = action["context"]
        self.assertEqual(ctx["default_contract_id"], self.contract.id)
        self.assertEqual(ctx["default_plan_id"], self.p2.id)  # due first
        self.assertEqual(ctx["default_amount"], 300)
        self.p3.payment_method_id = self.method_cash
        ctx = self.p3.action_register_payment()["context"]
        self.assertEqual(ctx["default_plan_id"], self.p3.id)
        self.assertEqual(ctx["default_amount"], 300)
        self.assertEqual(ctx["default_payment_method_id"], self.method_cash.id)
        receipt = self.Receipt.with_context(**ctx).create({})
        self.assertEqual(receipt.amount, 300)
        receipt.action_confirm_close()
        self.assertEqual(self.p3.state, "paid")
        self.assertEqual(self.contract.amount_received, 300)

    def test_payment_methods_seeded(self):
        names = self.env["crm.contract.payment.method"].search([]).mapped("name")
        for name in ("Bank Transfer", "Cash", "Cheque", "Card", "Online Payment", "Other"):
            self.assertIn(name, names)
