"""The approval fields of a form (need_validation, can_review, next_review) are computed for
every record prefetched with the one shown. They read the reviews and the tier definitions
only for the records that may need them, once for all of them, and give what
base_tier_validation's computation, record by record, gives. The tier definitions' ids are
cached per model and company; writes of records without reviews search no tier configuration."""

from unittest.mock import patch

from odoo import Command
from odoo.addons.base_tier_validation.models.tier_validation import TierValidation
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TierCase

APPROVAL_FIELDS = ["need_validation", "can_review", "next_review"]


@tagged("post_install", "-at_install")
class TestTierFormQueries(TierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # two tiers decided in turn: the group first, then the contract administrator
        cls._tier("[('amount_total', '>=', 100000)]", sequence=10, approve_sequence=True)
        cls._tier(
            "[('amount_total', '>=', 200000)]",
            name="Very big contracts",
            sequence=20,
            approve_sequence=True,
            review_type="individual",
            reviewer_group_id=False,
            reviewer_id=cls.user_manager.id,
        )

    def _own_contracts(self, amounts):
        return self.env["crm.contract"].create(
            [
                {
                    "name": f"Approval fields {n}",
                    "partner_id": self.customer.id,
                    "type_id": self.contract_type.id,
                    "user_id": self.user_own.id,
                    "amount_total": amount,
                }
                for n, amount in enumerate(amounts)
            ]
        )

    def _contracts_of_every_status(self):
        # the group decides on "first"; on "two_tiers" the administrator first (base orders
        # the reviews from the tier of the highest sequence), then the group, whose turn it
        # is on "second"
        signed, no_tier, not_requested, first, two_tiers, second, rejected, validated = (
            self._own_contracts([1000, 2000, 150000, 150000, 250000, 250000, 150000, 150000])
        )
        signed.action_activate()
        requested = first | two_tiers | second | rejected | validated
        requested.with_user(self.user_own).request_validation()
        second.with_user(self.user_manager).validate_tier()
        validated.with_user(self.reviewer).validate_tier()
        self._reject(rejected, self.reviewer, "Too long")
        contracts = signed | no_tier | not_requested | requested
        statuses = contracts.mapped("validation_status")
        self.assertEqual(
            statuses, ["no", "no", "no", "pending", "pending", "pending", "rejected", "validated"]
        )
        return contracts

    def test_same_values_as_base(self):
        contracts = self._contracts_of_every_status()
        for user in (self.user_own, self.reviewer, self.user_manager):
            records = contracts.with_user(user)
            for fname in ("need_validation", "can_review"):
                records.invalidate_recordset([fname])
                field = records._fields[fname]
                with self.env.protecting([field], records):
                    getattr(TierValidation, f"_compute_{fname}")(records)
                    expected = records.mapped(fname)
                records.invalidate_recordset([fname])
                self.assertEqual(records.mapped(fname), expected, f"{fname} as {user.login}")
        self.assertEqual(
            contracts.mapped("need_validation"),
            [False, False, True, False, False, False, False, False],
        )
        self.assertEqual(
            contracts.with_user(self.reviewer).mapped("can_review"),
            [False, False, False, True, False, True, False, False],
        )
        self.assertEqual(
            contracts.with_user(self.user_manager).mapped("can_review"),
            [False, False, False, False, True, False, False, False],
        )
        next_reviews = contracts.mapped("next_review")
        self.assertEqual(next_reviews[:3] + next_reviews[6:], [False] * 5)
        self.assertEqual(next_reviews[3], "Next approval: Big contracts")
        self.assertEqual(next_reviews[4], "Next approval: Very big contracts")
        self.assertEqual(next_reviews[5], "Next approval: Big contracts")

    def _approval_queries(self, contracts):
        """Queries of the approval fields of ``contracts`` whose rows are read (as the form's
        read has), as their person in charge."""
        self.env.invalidate_all()
        records = contracts.with_user(self.user_own)
        records.mapped("state")  # their rows
        before = self.cr.sql_log_count
        for fname in APPROVAL_FIELDS:
            records.mapped(fname)
        return self.cr.sql_log_count - before

    def test_signed_contracts_read_no_review_nor_tier(self):
        signed = self._own_contracts([1000] * 10)
        signed.action_activate()
        self.assertEqual(self._approval_queries(signed[:2]), 0)
        self.assertEqual(self._approval_queries(signed), 0)

    def test_drafts_read_reviews_and_tiers_once(self):
        drafts = self._own_contracts([150000] * 10)
        self._approval_queries(drafts[:2])  # warms the caches
        count_2 = self._approval_queries(drafts[:2])
        count_10 = self._approval_queries(drafts)
        self.assertEqual(count_10, count_2, "the approval fields of 10 drafts ran more queries")
        # the reviews and the tiers' read (their ids cached), and the contracts' team members:
        # the access check evaluates the record rules on the records in Python
        # (filtered_domain), and the team members' rule reads them, once for the batch
        self.assertLessEqual(count_10, 3, "the reviews, the tiers' read and the team members")
        self.assertEqual(set(drafts.mapped("need_validation")), {True})

    def test_cached_tiers_follow_their_changes(self):
        draft = self._own_contracts([150000])
        self.assertTrue(draft.need_validation)
        tiers = self.env["tier.definition"].search([("model", "=", "crm.contract")])
        tiers.write({"active": False})
        draft.invalidate_recordset(["need_validation"])  # as a new request would
        self.assertFalse(draft.need_validation)
        draft.with_user(self.user_own).action_activate()  # nothing holds it back now
        self.assertEqual(draft.state, "active")

        draft = self._own_contracts([150000])
        self.assertFalse(draft.need_validation)
        new_tier = self._tier("[('amount_total', '>=', 100000)]", name="New tier")
        draft.invalidate_recordset(["need_validation"])
        self.assertTrue(draft.need_validation)
        new_tier.company_id = self.env["res.company"].create({"name": "Elsewhere (test)"})
        draft.invalidate_recordset(["need_validation"])
        self.assertFalse(draft.need_validation)
        new_tier.company_id = False
        draft.invalidate_recordset(["need_validation"])
        self.assertTrue(draft.need_validation)
        with self.assertRefused(UserError, "cannot be signed before it is approved"):
            draft.with_user(self.user_own).action_activate()
        new_tier.unlink()
        draft.invalidate_recordset(["need_validation"])
        self.assertFalse(draft.need_validation)

    def test_writes_without_reviews_search_no_tier_configuration(self):
        """Signing contracts no tier holds back, and writing records without reviews, search
        neither the tier definitions (their ids are cached) nor the validation exceptions
        (they concern records under or after validation only)."""
        contracts = self._own_contracts([1000] * 3)
        contracts[0].action_activate()  # fills the cache
        searched = []

        def spy(model_class):
            original = model_class._search

            def _search(records, *args, **kwargs):
                searched.append(records._name)
                return original(records, *args, **kwargs)

            return patch.object(model_class, "_search", _search)

        with (
            spy(type(self.env["tier.definition"])),
            spy(type(self.env["tier.validation.exception"])),
        ):
            contracts[1:].with_user(self.user_own).action_activate()
            contracts.with_user(self.user_own).write({"name": "Renamed"})
        self.assertEqual(contracts.mapped("state"), ["active"] * 3)
        self.assertEqual(searched, [])

    def test_validation_exceptions_still_apply_after_validation(self):
        contract = self._own_contracts([150000])
        contract.with_user(self.user_own).request_validation()
        contract.with_user(self.reviewer).validate_tier()
        contract.with_user(self.user_own).action_activate()
        self.assertEqual(contract.validation_status, "validated")
        name_field = self.env["ir.model.fields"]._get_ids("crm.contract")["name"]
        self.env["tier.validation.exception"].create(
            {
                "name": "Only the name after approval",
                "model_id": self.model_contract.id,
                "field_ids": [Command.set([name_field])],
                "allowed_to_write_under_validation": False,
                "allowed_to_write_after_validation": True,
                "company_id": False,
            }
        )
        contract.write({"name": "Renamed after approval"})
        with self.assertRaisesRegex(ValidationError, "not allowed to write those fields after"):
            contract.write({"description": "<p>Other terms</p>"})
