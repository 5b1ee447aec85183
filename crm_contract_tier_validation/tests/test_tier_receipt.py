from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TierCase


@tagged("post_install", "-at_install")
class TestTierReceipt(TierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._tier("[('amount', '>', 5000)]", model=cls.model_receipt, name="Receipts above 5,000")
        cls.contract = cls._active_contract(amount=20000, user_id=cls.user_own.id)

    def _draft_receipt(self, amount):
        return self.Receipt.with_user(self.user_own).create(
            {"contract_id": self.contract.id, "amount": amount}
        )

    def test_receipt_above_threshold_needs_approval(self):
        receipt = self._draft_receipt(6000)
        self.assertTrue(receipt.need_validation)
        with self.assertRefused(UserError, "cannot be confirmed before it is approved"):
            receipt.action_confirm()
        receipt.request_validation()
        self.assertEqual(receipt.validation_status, "pending")
        with self.assertRefused(AccessError, "you are not a reviewer"):
            receipt.validate_tier()
        with self.assertRefused(UserError, "approval: Pending"):
            receipt.action_confirm()
        self.assertEqual(self.contract.amount_received, 0)
        receipt.with_user(self.reviewer).validate_tier()
        receipt.action_confirm()
        self.assertEqual(receipt.state, "confirmed")
        self.assertEqual(self.contract.amount_received, 6000)

    def test_receipt_below_threshold_confirms_directly(self):
        receipt = self._draft_receipt(5000)
        self.assertFalse(receipt.need_validation)
        receipt.action_confirm()
        self.assertEqual(receipt.state, "confirmed")
        self.assertEqual(self.contract.amount_received, 5000)

    def test_receipt_amount_change_restarts(self):
        receipt = self._draft_receipt(6000)
        receipt.request_validation()
        receipt.with_user(self.reviewer).validate_tier()
        receipt.write({"amount": 7000})
        self.assertEqual(receipt.validation_status, "pending")
        with self.assertRefused(UserError, "cannot be confirmed before it is approved"):
            receipt.action_confirm()
        receipt.write({"amount": 4000})
        self.assertFalse(receipt.review_ids)
        receipt.action_confirm()
        self.assertEqual(self.contract.amount_received, 4000)

    def test_receipt_rejected_with_reason(self):
        receipt = self._draft_receipt(6000)
        receipt.request_validation()
        self._reject(receipt, self.reviewer, "No bank statement attached")
        self.assertEqual(receipt.state, "draft")
        self.assertEqual(receipt.validation_status, "rejected")
        self.assertIn("No bank statement attached", receipt.message_ids[0].body)
        with self.assertRefused(UserError, "approval: Rejected"):
            receipt.action_confirm()

    def test_register_payment_dialog_refuses_big_receipt(self):
        action = self.contract.with_user(self.user_own).action_register_payment()
        receipt = self.Receipt.with_user(self.user_own).with_context(**action["context"])
        receipt = receipt.create({"amount": 8000})
        with self.assertRefused(UserError, "Save it as a draft"):
            receipt.action_confirm_close()
        self.assertEqual(receipt.state, "draft")
