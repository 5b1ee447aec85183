"""The approval as seen by the least privileged users, including the calls a JSON-RPC client
can make directly: an own-documents user requests validation of their contract but never
approves it, neither through the buttons nor by writing the reviews or the status."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TierCase


@tagged("post_install", "-at_install")
class TestTierAccess(TierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier = cls._tier("[('amount_total', '>=', 100000)]")
        cls.contract = cls._create_contract(amount_total=150000, user_id=cls.user_own.id)
        cls.as_own = cls.contract.with_user(cls.user_own)

    def test_own_user_requests_but_cannot_approve(self):
        self.as_own.request_validation()
        self.assertEqual(self.contract.validation_status, "pending")
        self.assertFalse(self.as_own.can_review)
        with self.assertRefused(AccessError, "you are not a reviewer"):
            self.as_own.validate_tier()
        with self.assertRefused(AccessError, "you are not a reviewer"):
            self.as_own.reject_tier()
        self.assertEqual(self.contract.review_ids.status, "pending")
        # a user with all documents is no reviewer either
        with self.assertRefused(AccessError, "you are not a reviewer"):
            self.contract.with_user(self.user_all).validate_tier()
        self.assertEqual(self.contract.validation_status, "pending")

    def test_rpc_writes_of_reviews_refused(self):
        self.as_own.request_validation()
        review = self.contract.review_ids
        with self.assertRefused(UserError, "given by the approval reviews"):
            self.as_own.write({"review_ids": [Command.update(review.id, {"status": "approved"})]})
        with self.assertRefused(UserError, "given by the approval reviews"):
            self.as_own.write({"validation_status": "validated"})
        with self.assertRefused(UserError, "given by the approval reviews"):
            self.as_own.with_context(skip_validation_check=True).write(
                {"review_ids": [Command.clear()]}
            )
        Review = self.env["tier.review"].with_user(self.user_own)
        with self.assertRefused(AccessError, "change only through their buttons"):
            review.with_user(self.user_own).write({"status": "approved"})
        with self.assertRefused(AccessError, "change only through their buttons"):
            review.with_user(self.user_own).unlink()
        with self.assertRefused(AccessError, "change only through their buttons"):
            Review.create(
                {
                    "model": "crm.contract",
                    "res_id": self.contract.id,
                    "definition_id": self.tier.id,
                    "status": "approved",
                }
            )
        # a review of another model cannot be turned into one of a contract either
        with self.assertRefused(AccessError, "change only through their buttons"):
            Review.create({"model": "res.partner", "res_id": 1}).write({"model": "crm.contract"})
        self.assertEqual(review.status, "pending")
        with self.assertRefused(UserError, "cannot be signed before it is approved"):
            self.as_own.write({"state": "active"})
        for context in (
            {"skip_validation_check": True},
            {"crm_contract_import": True},
            {"import_file": True},
        ):
            with self.assertRefused(UserError, "cannot be signed before it is approved"):
                self.as_own.with_context(**context).action_activate()
        self.assertEqual(self.contract.state, "draft")

    def test_comment_dialog_cannot_decide_for_others(self):
        self.as_own.request_validation()
        review = self.contract.review_ids
        Wizard = self.env["comment.wizard"].with_user(self.user_own)
        for decision in ("validate", "reject"):
            wizard = Wizard.create(
                {
                    "res_model": "crm.contract",
                    "res_id": self.contract.id,
                    "review_ids": [Command.set(review.ids)],
                    "validate_reject": decision,
                    "comment": "approved by myself",
                }
            )
            with self.assertRefused(AccessError, "you are not a reviewer"):
                wizard.add_comment()
        # nor may a reviewer slip another record's reviews into the dialog
        other = self._create_contract(amount_total=120000, user_id=self.user_own.id)
        other.with_user(self.user_own).request_validation()
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.reviewer)
            .create(
                {
                    "res_model": "crm.contract",
                    "res_id": self.contract.id,
                    "review_ids": [Command.set((review | other.review_ids).ids)],
                    "validate_reject": "validate",
                    "comment": "both at once",
                }
            )
        )
        with self.assertRefused(AccessError, "only decide the reviews awaiting your approval"):
            wizard.add_comment()
        # pointed at a record of a model without these guards, the reviews stay untouched
        wizard = Wizard.create(
            {
                "res_model": "res.partner",
                "res_id": self.customer.id,
                "review_ids": [Command.set(review.ids)],
                "validate_reject": "validate",
                "comment": "sneaky",
            }
        )
        with self.assertRaises(AccessError):
            wizard.add_comment()
        self.assertEqual(review.status, "pending")
        self.assertFalse(review.comment)

    def test_request_only_on_own_editable_contracts(self):
        other = self._create_contract(amount_total=150000, user_id=self.user_own_2.id)
        with self.assertRaises(AccessError):
            other.with_user(self.user_own).request_validation()
        self.assertFalse(other.review_ids)
        with self.assertRaises(AccessError):
            self.as_own.with_user(self.user_own_2).restart_validation()

    def test_restart_only_by_editors(self):
        self.as_own.request_validation()
        self.contract.with_user(self.reviewer).validate_tier()
        with self.assertRaises(AccessError):
            self.contract.with_user(self.user_own_2).restart_validation()
        self.assertEqual(self.contract.validation_status, "validated")
        self.as_own.restart_validation()
        self.assertFalse(self.contract.review_ids)
        self.assertTrue(self.contract.need_validation)

    def test_reviewer_approves_then_salesperson_signs(self):
        self.as_own.request_validation()
        self.assertTrue(self.contract.with_user(self.reviewer).can_review)
        self.contract.with_user(self.reviewer).validate_tier()
        self.as_own.action_activate()
        self.assertEqual(self.contract.state, "active")

    def test_contract_administrators_manage_contract_tiers_only(self):
        Definition = self.env["tier.definition"].with_user(self.user_manager)
        tier = Definition.create(
            {
                "name": "Receipts above 5,000",
                "model_id": self.model_receipt.id,
                "review_type": "individual",
                "reviewer_id": self.user_manager.id,
                "definition_domain": "[('amount', '>', 5000)]",
            }
        )
        tier.sequence = 40
        partner_model = self.env.ref("base.model_res_partner")
        with self.assertRaises(AccessError):
            Definition.create({"name": "Partners", "model_id": partner_model.id})
        with self.assertRaises(AccessError):
            self.tier.with_user(self.user_own).write({"definition_domain": "[]"})
