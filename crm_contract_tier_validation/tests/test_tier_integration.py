"""The approval meets crm_contract's other features: amendments wait for their tiers before
they apply, the customer signs online only an approved contract, background imports exempt
their Active rows as the request's imports do, and automatic renewals carry on the terms
approved before."""

from datetime import date

from freezegun import freeze_time

from odoo.addons.crm_contract.tests.common import csv_bytes
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TierCase, TierImportCase

NOTE = "Contracts imported as Active are not held back by approval tiers"


@tagged("post_install", "-at_install")
class TestTierAmendment(TierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._active_contract(amount=1000.0, user_id=cls.user_own.id)
        cls._tier(
            "[('amount_total', '>=', 5000)]",
            model=cls.env.ref("crm_contract.model_crm_contract_amendment"),
            name="Big amendments",
        )

    def _amend(self, amount):
        return (
            self.env["crm.contract.amendment"]
            .with_user(self.user_own)
            .create(
                {
                    "contract_id": self.contract.id,
                    "reason": "Scope extended",
                    "amount_total": amount,
                    "date_effective": date(2025, 6, 1),
                }
            )
        )

    def test_amendment_applies_once_approved(self):
        amendment = self._amend(6000.0)
        self.assertTrue(amendment.need_validation)
        with self.assertRaisesRegex(UserError, "cannot be applied before it is approved"):
            amendment.with_user(self.user_own).action_apply()
        self.assertEqual((amendment.state, self.contract.amount_total), ("draft", 1000.0))
        amendment.with_user(self.user_own).request_validation()
        # the requester is no reviewer
        with self.assertRaises(UserError):
            amendment.with_user(self.user_own).validate_tier()
        amendment.with_user(self.reviewer).validate_tier()
        self.assertEqual(amendment.validation_status, "validated")
        amendment.with_user(self.user_own).action_apply()
        self.assertEqual((amendment.state, self.contract.amount_total), ("applied", 6000.0))

    def test_amendment_change_restarts_approval(self):
        amendment = self._amend(6000.0)
        amendment.with_user(self.user_own).request_validation()
        amendment.with_user(self.reviewer).validate_tier()
        amendment.with_user(self.user_own).amount_total = 7000.0
        self.assertEqual(amendment.validation_status, "pending")
        with self.assertRaisesRegex(UserError, "cannot be applied before it is approved"):
            amendment.with_user(self.user_own).action_apply()
        self.assertEqual(self.contract.amount_total, 1000.0)

    def test_small_amendment_needs_no_approval(self):
        amendment = self._amend(2000.0)
        self.assertFalse(amendment.need_validation)
        amendment.with_user(self.user_own).action_apply()
        self.assertEqual(self.contract.amount_total, 2000.0)


@tagged("post_install", "-at_install")
class TestAmendmentMeetsContractTiers(TierCase):
    """An amendment that changes the amount or the end date goes through the tiers a
    contract of the new values would meet, with no tier of amendments configured."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._active_contract(amount=1000.0, user_id=cls.user_own.id)
        cls.big = cls._tier("[('amount_total', '>=', 100000)]", name="Contracts of 100,000+")
        # a tier whose reviewers are named by a field of the contract: on the amendment,
        # the field of its contract
        cls.team = cls.env["crm.team"].create({"name": "Tier team", "user_id": cls.reviewer.id})
        cls.long = cls._tier(
            "[('date_end', '>=', '2030-01-01')]",
            name="Contracts ending after 2029",
            review_type="field",
            reviewer_group_id=False,
            reviewer_field_id=cls.env.ref(
                "crm_contract_tier_validation.field_crm_contract__team_leader_id"
            ).id,
        )
        cls.contract.team_id = cls.team

    def _amend(self, **values):
        return (
            self.env["crm.contract.amendment"]
            .with_user(self.user_own)
            .create(
                dict(
                    {
                        "contract_id": self.contract.id,
                        "reason": "Scope extended",
                        "date_effective": date(2025, 6, 1),
                    },
                    **values,
                )
            )
        )

    def test_amount_to_millions_waits_for_the_contract_tier(self):
        amendment = self._amend(amount_total=2_000_000.0)
        self.assertTrue(amendment.need_validation)
        with self.assertRaisesRegex(UserError, "cannot be applied before it is approved"):
            amendment.with_user(self.user_own).action_apply()
        self.assertEqual(self.contract.amount_total, 1000.0)
        amendment.with_user(self.user_own).request_validation()
        self.assertEqual(amendment.review_ids.definition_id, self.big)
        self.assertEqual(amendment.review_ids.reviewer_ids, self.reviewer)
        with self.assertRaisesRegex(UserError, "cannot be applied before it is approved"):
            amendment.with_user(self.user_own).action_apply()
        amendment.with_user(self.reviewer).validate_tier()
        amendment.with_user(self.user_own).action_apply()
        self.assertEqual((amendment.state, self.contract.amount_total), ("applied", 2_000_000.0))

    def test_end_date_tier_reviewed_by_the_contracts_field(self):
        amendment = self._amend(date_end=date(2031, 12, 31))
        self.assertTrue(amendment.need_validation)
        amendment.with_user(self.user_own).request_validation()
        self.assertEqual(amendment.review_ids.definition_id, self.long)
        self.assertEqual(amendment.review_ids.reviewer_ids, self.reviewer, "the team leader")
        amendment.with_user(self.reviewer).validate_tier()
        amendment.with_user(self.user_own).action_apply()
        self.assertEqual(self.contract.date_end, date(2031, 12, 31))

    def test_small_change_and_terms_only_need_no_approval(self):
        small = self._amend(amount_total=5000.0)
        self.assertFalse(small.need_validation)
        terms = self._amend(description="<p>New terms</p>")
        self.assertFalse(terms.need_validation)
        small.with_user(self.user_own).action_apply()
        self.assertEqual(self.contract.amount_total, 5000.0)

    def test_raising_the_amount_later_restarts_with_the_contract_tier(self):
        amendment = self._amend(amount_total=5000.0)
        self.assertFalse(amendment.need_validation)
        amendment.with_user(self.user_own).amount_total = 150_000.0
        amendment.invalidate_recordset(["need_validation"])  # as the form reads it again
        self.assertTrue(amendment.need_validation)
        with self.assertRaisesRegex(UserError, "cannot be applied before it is approved"):
            amendment.with_user(self.user_own).action_apply()


@tagged("post_install", "-at_install")
class TestTierPortalAndRenewal(TierCase):
    def test_online_signing_only_once_approved(self):
        self._tier("[('amount_total', '>=', 100000)]")
        contract = self._create_contract(amount_total=250000.0, user_id=self.user_own.id)
        small = self._create_contract(amount_total=1000.0, user_id=self.user_own.id)
        self.assertTrue(small._has_to_be_signed())
        self.assertFalse(contract._has_to_be_signed())
        contract.with_user(self.user_own).request_validation()
        self.assertFalse(contract._has_to_be_signed())
        contract.with_user(self.reviewer).validate_tier()
        self.assertTrue(contract._has_to_be_signed())

    def test_automatic_renewal_keeps_the_approved_terms(self):
        contract = self._active_contract(
            amount=250000.0,
            user_id=self.user_own.id,
            auto_renew=True,
            renewal_term_months=12,
            notice_days=30,
        )
        manual = self._active_contract(amount=300000.0, user_id=self.user_own.id)
        self._tier("[('amount_total', '>=', 100000)]")
        with freeze_time(contract.date_end):
            self.env["crm.contract"]._cron_auto_renew()
        renewal = contract.renewal_ids
        self.assertEqual(len(renewal), 1)
        self.assertEqual(renewal.state, "active")
        # a renewal made by hand goes through the approval as any contract
        draft = manual._renew()
        with self.assertRaisesRegex(UserError, "cannot be signed before it is approved"):
            draft.action_activate()


@tagged("post_install", "-at_install")
class TestTierBackgroundImport(TierImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"]
        params.set_param("crm_contract.import_background_rows", 2)
        params.set_param("crm_contract.import_chunk_rows", 2)
        Job = cls.env["crm.contract.import.job"]
        Job.search([("state", "in", ("queued", "running"))]).write({"state": "failed"})

    def test_background_import_of_active_contracts(self):
        header = ["Contract Number", "Contract Name", "Customer", "Amount", "Status"]
        rows = [header] + [
            [f"TBG-{i}", f"Signed elsewhere {i}", "Harbour Freight Ltd", "250000", "Active"]
            for i in range(1, 6)
        ]
        wizard = self._wizard(csv_bytes(rows), user=self.user_manager)
        action = wizard.action_import()
        self.assertEqual(action["res_model"], "crm.contract.import.job")
        job = self.env["crm.contract.import.job"].browse(action["res_id"])
        calls = 0
        while self.env["crm.contract.import.job"]._cron_process_imports():
            calls += 1
            self.assertLess(calls, 20, "the job never ends")
        self.assertEqual(job.state, "done", job.result_summary)
        contracts = self._contracts([f"TBG-{i}" for i in range(1, 6)])
        self.assertEqual(len(contracts), 5)
        self.assertEqual(set(contracts.mapped("state")), {"active"})
        self.assertFalse(contracts.review_ids)
        self.assertIn(NOTE, job.result_summary)
