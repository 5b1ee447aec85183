"""The approval fields of a form (need_validation, can_review, next_review) are computed for
every record prefetched with the one shown. They read the reviews and the tier definitions
only for the records that may need them, once for all of them, and give what
base_tier_validation's computation, record by record, gives."""

from odoo.addons.base_tier_validation.models.tier_validation import TierValidation
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
        self.assertLessEqual(count_10, 3, "the reviews, the tiers' search and their read")
        self.assertEqual(set(drafts.mapped("need_validation")), {True})
