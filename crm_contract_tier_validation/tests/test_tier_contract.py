from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TierCase


@tagged("post_install", "-at_install")
class TestTierContract(TierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big_tier = cls._tier("[('amount_total', '>=', 100000)]")
        cls.framework = cls.env["crm.contract.type"].create({"name": "Framework (test)"})
        cls.type_tier = cls._tier(
            f"[('type_id', '=', {cls.framework.id})]",
            name="Framework agreements",
            review_type="individual",
            reviewer_group_id=False,
            reviewer_id=cls.user_manager.id,
        )

    def _own_contract(self, amount, **values):
        return self._create_contract(amount_total=amount, user_id=self.user_own.id, **values)

    def test_tier_matching_by_amount_and_type(self):
        small = self._own_contract(99999.99)
        big = self._own_contract(100000)
        framework = self._own_contract(500, type_id=self.framework.id)
        both = self._own_contract(250000, type_id=self.framework.id)
        self.assertFalse(small.need_validation)
        self.assertTrue(big.need_validation)
        self.assertTrue(framework.need_validation)
        self.assertTrue(both.need_validation)
        (big | framework | both).with_user(self.user_own).request_validation()
        self.assertEqual(big.review_ids.definition_id, self.big_tier)
        self.assertEqual(framework.review_ids.definition_id, self.type_tier)
        self.assertEqual(both.review_ids.definition_id, self.big_tier | self.type_tier)
        self.assertEqual(big.review_ids.reviewer_ids, self.reviewer)
        self.assertEqual(framework.review_ids.reviewer_ids, self.user_manager)
        self.assertEqual(both.validation_status, "pending")
        # a contract no tier applies to is signed straight away
        small.with_user(self.user_own).action_activate()
        self.assertEqual(small.state, "active")

    def test_request_validation_button_says_what_it_did(self):
        contract = self._own_contract(150000)
        action = contract.with_user(self.user_own).action_request_validation()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(self.reviewer.name, action["params"]["message"])
        # back to the form, which reloads with the new approval status
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})
        self.assertEqual(contract.validation_status, "pending")
        # nothing applies: it says so
        small = self._own_contract(500)
        action = small.with_user(self.user_own).action_request_validation()
        self.assertEqual(action["params"]["type"], "info")
        self.assertFalse(small.review_ids)

    def test_restart_validation_is_secondary_and_confirmed(self):
        for xmlid in (
            "crm_contract.crm_contract_view_form",
            "crm_contract.crm_contract_payment_view_form",
            "crm_contract.crm_contract_amendment_view_form",
        ):
            view = self.env.ref(xmlid)
            arch = etree.fromstring(self.env[view.model].get_view(view.id)["arch"])
            with self.subTest(view=xmlid):
                (restart,) = arch.xpath("//header/button[@name='restart_validation']")
                self.assertIn("btn-secondary", restart.get("class", ""))
                self.assertNotIn("btn-primary", restart.get("class", ""))
                self.assertTrue(restart.get("confirm"))
                # after every other button of the header, never first
                self.assertFalse(restart.xpath("following-sibling::button"))
                self.assertTrue(arch.xpath("//header/button[@name='action_request_validation']"))

    def test_inactive_or_other_company_tier_does_not_apply(self):
        self.big_tier.active = False
        other = self.env["res.company"].create({"name": "Other Co (test)"})
        self.type_tier.company_id = other
        contract = self._own_contract(300000, type_id=self.framework.id)
        self.assertFalse(contract.need_validation)
        contract.with_user(self.user_own).action_activate()
        self.assertEqual(contract.state, "active")

    @freeze_time("2026-03-02")
    def test_signing_refused_until_validated(self):
        contract = self._own_contract(150000)
        as_own = contract.with_user(self.user_own)
        with self.assertRefused(UserError, "cannot be signed before it is approved"):
            as_own.action_activate()
        as_own.request_validation()
        self.assertEqual(contract.validation_status, "pending")
        with self.assertRefused(UserError, "approval: Pending"):
            as_own.action_activate()
        with self.assertRefused(UserError, "cannot be signed before it is approved"):
            as_own.write({"state": "active"})
        with self.assertRefused(UserError, "cannot be signed before it is approved"):
            contract.write({"state": "active"})  # not even the superuser skips it
        self.assertEqual(contract.state, "draft")
        contract.with_user(self.reviewer).validate_tier()
        self.assertEqual(contract.validation_status, "validated")
        as_own.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertEqual(str(contract.date_signed), "2026-03-02")
        # signed: the reviews stay as the record of who approved
        self.assertEqual(contract.review_ids.done_by, self.reviewer)

    def test_created_active_refused_when_a_tier_applies(self):
        with self.assertRefused(UserError, "needs approval: create it as a draft"):
            self._create_contract(amount_total=200000, state="active", user_id=self.user_own.id)
        small = self._create_contract(amount_total=2000, state="active")
        self.assertEqual(small.state, "active")

    def test_restart_after_amount_change(self):
        contract = self._own_contract(150000)
        as_own = contract.with_user(self.user_own)
        as_own.request_validation()
        contract.with_user(self.reviewer).validate_tier()
        self.assertEqual(contract.validation_status, "validated")
        first_review = contract.review_ids
        # a change the approval is not about keeps it
        as_own.write({"name": "Renamed supply agreement"})
        self.assertEqual(contract.review_ids, first_review)
        self.assertEqual(contract.validation_status, "validated")
        # a new amount starts it again, requested from the same tiers
        as_own.write({"amount_total": 180000})
        self.assertFalse(first_review.exists())
        self.assertEqual(contract.review_ids.definition_id, self.big_tier)
        self.assertEqual(contract.validation_status, "pending")
        self.assertTrue(
            any(
                "The approval starts again: Amount changed" in body
                for body in contract.message_ids.mapped("body")
            )
        )
        with self.assertRefused(UserError, "cannot be signed before it is approved"):
            as_own.action_activate()
        # signing in the same write as a change is refused too
        contract.with_user(self.reviewer).validate_tier()
        with self.assertRefused(UserError, "cannot be signed before it is approved"):
            as_own.write({"amount_total": 190000, "state": "active"})
        # below every threshold: no approval is needed anymore
        as_own.write({"amount_total": 5000})
        self.assertFalse(contract.review_ids)
        self.assertFalse(contract.need_validation)
        as_own.action_activate()
        self.assertEqual(contract.state, "active")

    def test_restart_on_customer_dates_type_and_terms(self):
        self.type_tier.active = False
        contract = self._own_contract(150000)
        contract.with_user(self.user_own).request_validation()
        for vals in (
            {"partner_id": self.other_customer.id},
            {"date_start": "2026-01-01", "date_end": "2026-12-31"},
            {"type_id": self.framework.id},
            {"description": "<p>Prices firm for two years.</p>"},
        ):
            contract.with_user(self.reviewer).validate_tier()
            self.assertEqual(contract.validation_status, "validated")
            contract.with_user(self.user_own).write(vals)
            self.assertEqual(contract.validation_status, "pending", vals)

    def test_reject_with_comment_back_to_draft(self):
        contract = self._own_contract(150000)
        contract.with_user(self.user_own).request_validation()
        self._reject(contract, self.reviewer, "Discount too high for a five-year term")
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.validation_status, "rejected")
        self.assertEqual(contract.review_ids.comment, "Discount too high for a five-year term")
        self.assertEqual(contract.review_ids.done_by, self.reviewer)
        self.assertIn(
            "Approval rejected by Rita Reviewer: Discount too high for a five-year term",
            contract.message_ids[0].body,
        )
        with self.assertRefused(UserError, "approval: Rejected"):
            contract.with_user(self.user_own).action_activate()
        # asked again: a new round of reviews
        contract.with_user(self.user_own).request_validation()
        self.assertEqual(contract.validation_status, "pending")
        self.assertEqual(contract.review_ids.status, "pending")

    def test_reject_without_reason_refused(self):
        contract = self._own_contract(150000)
        contract.with_user(self.user_own).request_validation()
        action = contract.with_user(self.reviewer).reject_tier()
        wizard = (
            self.env["comment.wizard"].with_user(self.reviewer).with_context(**action["context"])
        )
        with self.assertRaisesRegex(AssertionError, "comment"):  # the reason is required
            with Form(wizard):
                pass
        self.assertEqual(contract.validation_status, "pending")

    def test_reviewers_get_an_activity(self):
        second = self._tier(
            "[('amount_total', '>=', 100000)]",
            name="Director",
            review_type="individual",
            reviewer_group_id=False,
            reviewer_id=self.user_manager.id,
            approve_sequence=True,
            sequence=5,
        )
        self.big_tier.approve_sequence = True
        self.big_tier.sequence = 10
        contract = self._own_contract(150000)
        contract.with_user(self.user_own).request_validation()
        activity_type = self.env.ref("crm_contract_tier_validation.mail_activity_type_approval")
        approvals = contract.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        # approved by sequence: the first tier (highest sequence first) waits for its reviewer
        first = contract.review_ids.filtered(lambda r: r.status == "pending")
        self.assertEqual(len(first), 1)
        self.assertEqual(approvals.user_id, first.reviewer_ids)
        self.assertIn(contract.display_name, approvals.summary)
        first_user = first.reviewer_ids
        contract.with_user(first_user).validate_tier()
        approvals = contract.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        second_review = contract.review_ids.filtered(lambda r: r.status == "pending")
        self.assertEqual(
            second_review.definition_id, (self.big_tier | second) - first.definition_id
        )
        self.assertEqual(approvals.user_id, second_review.reviewer_ids)
        # the first reviewer's activity was marked done
        self.assertTrue(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "crm.contract"),
                    ("res_id", "=", contract.id),
                    ("mail_activity_type_id", "=", activity_type.id),
                ]
            )
        )
        contract.with_user(second_review.reviewer_ids).validate_tier()
        self.assertEqual(contract.validation_status, "validated")
        self.assertFalse(
            contract.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        )

    def test_cancel_drops_the_reviews_and_activities(self):
        contract = self._own_contract(150000)
        contract.with_user(self.user_own).request_validation()
        self.assertTrue(contract.activity_ids)
        contract.with_user(self.user_own)._cancel("Customer withdrew")
        self.assertEqual(contract.state, "cancelled")
        self.assertFalse(contract.review_ids)
        self.assertFalse(contract.activity_ids)

    def test_team_leader_reviews_through_a_field(self):
        self.big_tier.active = False
        leader = self.user_all
        team = self.env["crm.team"].create({"name": "North (test)", "user_id": leader.id})
        field = self.env["ir.model.fields"]._get("crm.contract", "team_leader_id")
        self.assertIn(field, self._tier("[]").valid_reviewer_field_ids)
        self._tier(
            "[('amount_total', '>=', 50000)]",
            name="Team leader",
            review_type="field",
            reviewer_group_id=False,
            reviewer_field_id=field.id,
        )
        contract = self._own_contract(60000, team_id=team.id, type_id=self.contract_type.id)
        contract.with_user(self.user_own).request_validation()
        review = contract.review_ids.filtered(lambda r: r.definition_id.review_type == "field")
        self.assertEqual(review.reviewer_ids, leader)
        contract.with_user(leader).validate_tier()
        self.assertEqual(review.status, "approved")

    def _filter_domain(self, name, user):
        arch = etree.fromstring(
            self.env["crm.contract"]
            .with_user(user)
            .get_views([(False, "search")])["views"]["search"]["arch"]
        )
        [node] = arch.xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"), {"uid": user.id})

    def test_filters_needs_my_review_and_validated(self):
        waiting = self._own_contract(150000, name="Waiting one")
        done = self._own_contract(160000, name="Done one")
        (waiting | done).with_user(self.user_own).request_validation()
        done.with_user(self.reviewer).validate_tier()
        ours = waiting | done
        Contract = self.env["crm.contract"]
        for user, name, expected in (
            (self.reviewer, "needs_review", waiting),
            (self.reviewer, "tier_validated", done),
            (self.user_own, "needs_review", Contract),
            (self.user_own, "tier_validated", done),
        ):
            domain = self._filter_domain(name, user)
            found = Contract.with_user(user).search(domain) & ours
            self.assertEqual(found, expected, (user.login, name))
