from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form

from .common import ContractCase


class TestContractLifecycle(ContractCase):
    @freeze_time("2026-05-10")
    def test_sign_sets_date_signed(self):
        contract = self._create_contract()
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_signed, date(2026, 5, 10))
        with self.assertRaisesRegex(UserError, "Only draft contracts can be signed"):
            contract.action_activate()

    def test_sign_keeps_given_date(self):
        contract = self._create_contract(date_signed=date(2026, 1, 15))
        contract.action_activate()
        self.assertEqual(contract.date_signed, date(2026, 1, 15))

    @freeze_time("2026-05-10")
    def test_terminate_wizard(self):
        contract = self._create_contract()
        with self.assertRaisesRegex(UserError, "Only an active contract can be terminated"):
            contract.action_terminate()
        contract.action_activate()
        action = contract.action_terminate()
        self.assertEqual(action["res_model"], "crm.contract.terminate")
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(wizard_form.date, date(2026, 5, 10))
        wizard_form.reason = "Customer closed its Lyon site"
        wizard_form.date = date(2026, 5, 31)
        wizard_form.save().action_terminate()
        self.assertEqual(contract.state, "terminated")
        self.assertEqual(contract.termination_reason, "Customer closed its Lyon site")
        self.assertEqual(contract.date_terminated, date(2026, 5, 31))

    def test_cancel_and_back_to_draft(self):
        contract = self._create_contract()
        with self.assertRaisesRegex(UserError, "Only cancelled contracts"):
            contract.action_draft()
        contract.action_activate()
        action = contract.action_cancel()
        self.assertEqual(action["res_model"], "crm.contract.cancel")
        self.env["crm.contract.cancel"].with_context(**action["context"]).create(
            {"reason": "Customer withdrew"}
        ).action_cancel_contract()
        self.assertEqual(contract.state, "cancelled")
        self.assertEqual(contract.cancel_reason, "Customer withdrew")
        contract.action_draft()
        self.assertEqual(contract.state, "draft")

    def test_expired_cannot_be_cancelled(self):
        contract = self._create_contract(state="expired")
        with self.assertRaisesRegex(UserError, "Only draft or active contracts can be cancelled"):
            contract.action_cancel()


class TestContractScheduledActions(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref("crm_contract.mail_activity_type_contract_expiry")
        cls.env["ir.config_parameter"].sudo().set_param("crm_contract.expiry_reminder_days", 30)

    def _reminders(self, contracts):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.contract"),
                ("res_id", "in", contracts.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_cron_expires_ended_contracts(self):
        ended = self._create_contract(date_start=date(2026, 1, 1), date_end=date(2026, 6, 30))
        ends_today = self._create_contract(date_start=date(2026, 1, 1), date_end=date(2026, 7, 1))
        draft_ended = self._create_contract(date_start=date(2026, 1, 1), date_end=date(2026, 6, 1))
        (ended | ends_today).action_activate()
        with freeze_time("2026-07-01"):
            self.env["crm.contract"]._cron_expire_contracts()
        self.assertEqual(ended.state, "expired")
        self.assertEqual(ends_today.state, "active")
        self.assertEqual(draft_ended.state, "draft")
        with freeze_time("2026-07-02"):
            self.env.ref("crm_contract.ir_cron_crm_contract_expire").method_direct_trigger()
        self.assertEqual(ends_today.state, "expired")

    def test_cron_expiry_reminder_once(self):
        soon = self._create_contract(
            date_start=date(2026, 1, 1), date_end=date(2026, 7, 20), user_id=self.user_own.id
        )
        later = self._create_contract(date_start=date(2026, 1, 1), date_end=date(2026, 9, 1))
        unassigned = self._create_contract(
            date_start=date(2026, 1, 1), date_end=date(2026, 7, 25), user_id=False
        )
        draft = self._create_contract(date_start=date(2026, 1, 1), date_end=date(2026, 7, 10))
        (soon | later | unassigned).action_activate()
        cron = self.env.ref("crm_contract.ir_cron_crm_contract_expiry_reminder")
        with freeze_time("2026-07-01"):
            cron.method_direct_trigger()
            cron.method_direct_trigger()  # a second run the same day creates nothing new
        reminders = self._reminders(soon | later | unassigned | draft)
        self.assertEqual(len(reminders), 2)
        soon_reminder = self._reminders(soon)
        self.assertEqual(soon_reminder.user_id, self.user_own)
        self.assertEqual(soon_reminder.date_deadline, date(2026, 7, 20))
        self.assertEqual(self._reminders(unassigned).user_id, self.env.ref("base.user_root"))
        self.assertFalse(self._reminders(later | draft))

        # done by the user: the next runs do not bring it back
        soon_reminder.action_feedback(feedback="Renewal offer sent")
        with freeze_time("2026-07-02"):
            cron.method_direct_trigger()
        self.assertFalse(self._reminders(soon))

        # a new end date gets a new reminder, once
        # (an active contract's end date changes through an amendment)
        self.env["crm.contract.amendment"].create(
            {"contract_id": soon.id, "reason": "Extended", "date_end": date(2026, 7, 28)}
        ).action_apply()
        with freeze_time("2026-07-03"):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        self.assertEqual(len(self._reminders(soon)), 1)
        self.assertEqual(self._reminders(soon).date_deadline, date(2026, 7, 28))

        # "later" enters the window as days pass
        with freeze_time("2026-08-05"):
            cron.method_direct_trigger()
        self.assertEqual(len(self._reminders(later)), 1)

    def test_reminder_days_from_settings(self):
        contract = self._create_contract(date_start=date(2026, 1, 1), date_end=date(2026, 8, 20))
        contract.action_activate()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.crm_contract_expiry_reminder_days, 30)
        settings.crm_contract_expiry_reminder_days = 60
        settings.execute()
        with freeze_time("2026-07-01"):
            self.env["crm.contract"]._cron_expiry_reminders()
        self.assertEqual(len(self._reminders(contract)), 1)

    def test_terminate_closes_reminder(self):
        contract = self._create_contract(date_start=date(2026, 1, 1), date_end=date(2026, 7, 20))
        contract.action_activate()
        with freeze_time("2026-07-01"):
            self.env["crm.contract"]._cron_expiry_reminders()
        self.assertTrue(self._reminders(contract))
        contract._terminate("Closed", date(2026, 7, 2))
        self.assertFalse(self._reminders(contract))
