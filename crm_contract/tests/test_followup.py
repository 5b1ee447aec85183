from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import ContractCase


class FollowupCase(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.env.ref("crm_contract.crm_contract_followup_type_call")
        cls.visit = cls.env.ref("crm_contract.crm_contract_followup_type_visit")
        cls.activity_type = cls.env.ref("crm_contract.mail_activity_type_contract_followup")
        cls.contract = cls._create_contract(user_id=cls.user_own.id)

    def _next_activities(self, contract):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.contract"),
                ("res_id", "=", contract.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def _followup(self, user=None, **values):
        vals = {
            "contract_id": self.contract.id,
            "followup_type_id": self.call.id,
            "description": "<p>Discussed the delivery schedule</p>",
        }
        vals.update(values)
        Followup = self.env["crm.contract.followup"]
        if user:
            Followup = Followup.with_user(user)
        return Followup.create(vals)


class TestFollowup(FollowupCase):
    @freeze_time("2026-05-04 09:30:00")
    def test_defaults_and_customer(self):
        followup = self._followup(user=self.user_own)
        self.assertEqual(followup.user_id, self.user_own)
        self.assertEqual(followup.date, datetime(2026, 5, 4, 9, 30))
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.company_id, self.contract.company_id)
        self.assertIn("Call", followup.display_name)

    def test_next_contact_activity_lifecycle(self):
        followup = self._followup(
            user=self.user_own, next_date=date(2026, 6, 1), next_action="Send the renewal offer"
        )
        activity = self._next_activities(self.contract)
        self.assertEqual(len(activity), 1)
        self.assertEqual(followup.activity_id, activity)
        self.assertEqual(activity.date_deadline, date(2026, 6, 1))
        self.assertEqual(activity.summary, "Send the renewal offer")
        self.assertEqual(activity.user_id, self.user_own)

        # moving the date moves the same activity, never a second one
        followup.with_user(self.user_own).write({"next_date": date(2026, 6, 8)})
        followup.with_user(self.user_own).write({"next_action": "Call back"})
        self.assertEqual(self._next_activities(self.contract), activity)
        self.assertEqual(activity.date_deadline, date(2026, 6, 8))
        self.assertEqual(activity.summary, "Call back")

        # deleting the follow-up marks its activity done
        followup.with_user(self.user_own).unlink()
        self.assertFalse(self._next_activities(self.contract))
        done = self.env["mail.message"].search(
            [
                ("model", "=", "crm.contract"),
                ("res_id", "=", self.contract.id),
                ("mail_activity_type_id", "=", self.activity_type.id),
            ]
        )
        self.assertEqual(len(done), 1)

    def test_clearing_next_date_removes_activity(self):
        followup = self._followup(next_date=date(2026, 6, 1))
        self.assertTrue(self._next_activities(self.contract))
        followup.next_date = False
        self.assertFalse(self._next_activities(self.contract))
        self.assertFalse(followup.activity_id)

    def test_activity_done_then_date_changes(self):
        followup = self._followup(next_date=date(2026, 6, 1))
        followup.activity_id.action_feedback(feedback="Called")
        self.assertFalse(followup.activity_id)
        followup.next_date = date(2026, 7, 1)
        self.assertEqual(len(self._next_activities(self.contract)), 1)
        self.assertEqual(followup.activity_id.date_deadline, date(2026, 7, 1))

    def test_one_activity_per_followup(self):
        self._followup(next_date=date(2026, 6, 1))
        self._followup(next_date=date(2026, 6, 2))
        self.assertEqual(len(self._next_activities(self.contract)), 2)

    def test_last_followup_date_and_count(self):
        self.assertFalse(self.contract.last_followup_date)
        first = self._followup(date=datetime(2026, 3, 1, 10, 0))
        second = self._followup(date=datetime(2026, 4, 2, 15, 0))
        self.assertEqual(self.contract.last_followup_date, datetime(2026, 4, 2, 15, 0))
        self.assertEqual(self.contract.followup_count, 2)
        second.date = datetime(2026, 2, 1, 8, 0)
        self.assertEqual(self.contract.last_followup_date, datetime(2026, 3, 1, 10, 0))
        first.unlink()
        self.assertEqual(self.contract.last_followup_date, datetime(2026, 2, 1, 8, 0))
        self.assertEqual(self.contract.followup_ids, second)

    def test_posted_in_contract_chatter(self):
        self._followup(
            followup_type_id=self.visit.id,
            description="<p>Visited the Lyon warehouse</p>",
            next_date=date(2026, 6, 1),
        )
        bodies = " ".join(self.contract.message_ids.mapped("body"))
        self.assertIn("Follow-up (Visit)", bodies)
        self.assertIn("Visited the Lyon warehouse", bodies)
        self.assertIn("Next contact: 06/01/2026", bodies)

    def test_contacts_of_customer_only(self):
        followup = self._followup(contact_ids=[self.customer_contact.id])
        self.assertEqual(followup.contact_ids, self.customer_contact)
        with self.assertRaises(ValidationError) as error:
            followup.contact_ids = [(4, self.other_contact.id)]
        self.assertIn("Gustav Granite", str(error.exception))
        self.assertIn("not a contact of the customer Harbour Freight Ltd", str(error.exception))

    def test_add_followup_action_quick_form(self):
        action = self.contract.action_add_followup()
        self.assertEqual(action["target"], "new")
        view_id = action["views"][0][0]
        form = Form(
            self.env["crm.contract.followup"].with_context(**action["context"]), view=view_id
        )
        form.followup_type_id = self.call
        form.description = "Agreed on a second delivery"
        form.next_date = date(2026, 9, 1)
        followup = form.save()
        self.assertEqual(followup.contract_id, self.contract)
        self.assertEqual(self.contract.followup_count, 1)
        action = self.contract.action_view_followups()
        self.assertEqual(self.env["crm.contract.followup"].search(action["domain"]), followup)

    def test_details_required_and_labelled(self):
        """The follow-up text has a label in both forms, is required there, and an editor
        emptied by hand (an empty paragraph) is refused like no text at all."""
        for xmlid in (
            "crm_contract.crm_contract_followup_view_form",
            "crm_contract.crm_contract_followup_view_form_quick",
        ):
            with self.subTest(view=xmlid):
                arch = self.env["crm.contract.followup"].get_view(self.env.ref(xmlid).id)["arch"]
                self.assertIn('<label for="description"', arch)
        form = Form(
            self.env["crm.contract.followup"].with_context(default_contract_id=self.contract.id),
            view="crm_contract.crm_contract_followup_view_form_quick",
        )
        form.followup_type_id = self.call
        with self.assertRaisesRegex(AssertionError, "description"):
            form.save()
        for empty in ("<p><br></p>", "<p></p>", "<p> </p>"):
            with self.subTest(description=empty), self.assertRaises(ValidationError):
                self._followup(description=empty)
        followup = self._followup()
        with self.assertRaises(ValidationError):
            followup.description = "<p><br></p>"


class TestFollowupAccess(FollowupCase):
    def test_own_documents_user_cannot_see_colleague_followups(self):
        colleague_contract = self._create_contract(user_id=self.user_own_2.id)
        followup = self._followup(contract_id=colleague_contract.id, user=self.user_own_2)
        with self.assertRaises(AccessError):
            followup.with_user(self.user_own).read(["description"])
        Followup = self.env["crm.contract.followup"].with_user(self.user_own)
        self.assertFalse(Followup.search([("id", "=", followup.id)]))
        with self.assertRaises(AccessError):
            self._followup(contract_id=colleague_contract.id, user=self.user_own)

    def test_authors_edit_their_own_followups_only(self):
        shared = self._create_contract(user_id=False)
        mine = self._followup(contract_id=shared.id, user=self.user_own)
        theirs = self._followup(contract_id=shared.id, user=self.user_own_2)
        mine.with_user(self.user_own).write({"description": "<p>Updated</p>"})
        self.assertTrue(theirs.with_user(self.user_own).read(["description"]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_own).write({"description": "<p>Overwritten</p>"})
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_own).unlink()
        # all-documents users read every follow-up but still edit only theirs
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_all).write({"description": "<p>Overwritten</p>"})
        # administrators edit and delete any
        theirs.with_user(self.user_manager).write({"description": "<p>Fixed by admin</p>"})
        theirs.with_user(self.user_manager).unlink()
        mine.with_user(self.user_own).unlink()
        self.assertFalse((mine | theirs).exists())
