"""The breaches found by an adversarial RPC test, each refused, as the own-documents
user, the all-documents user, a user of a second company and a portal user (``with_user``,
real access checks)."""

import base64
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user
from odoo.tools import mute_logger

from .common import PaymentCase, csv_bytes


class HardeningCase(PaymentCase):
    """Base class only: each test class below freezes the date itself (freeze_time on a base
    class would run the subclasses' setUpClass on the base class)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Second Company B"})
        cls.user_b = new_test_user(
            cls.env,
            login="contract_company_b",
            name="Bruno Second",
            groups="base.group_user,crm_contract.crm_contract_group_user_all",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.portal = new_test_user(
            cls.env, login="contract_portal", name="Paula Portal", groups="base.group_portal"
        )
        cls.own = cls._active_contract(name="Olivia's", user_id=cls.user_own.id)
        cls.colleague = cls._active_contract(name="Oscar's", user_id=cls.user_own_2.id)
        cls.own_plans = cls._plans(cls.own, (date(2025, 2, 1), 400), (date(2025, 3, 1), 600))
        cls.colleague_plans = cls._plans(cls.colleague, (date(2025, 2, 1), 500))
        cls.own_receipt = cls._receipt(cls.own, 100)
        cls.colleague_receipt = cls._receipt(cls.colleague, 100)


@freeze_time("2025-01-15")
class TestComputedFiguresProtected(HardeningCase):
    CONTRACT_FIGURES = {
        "amount_planned": 1,
        "amount_received": 1000,
        "amount_due": 0,
        "amount_overdue": 0,
        "payment_progress": 100,
        "payment_state": "paid",
        "next_due_date": "2025-01-01",
        "last_followup_date": "2025-01-01 10:00:00",
        "amount_receivable": 0,
        "amount_not_due": 0,
        "amount_late_1_30": 0,
        "amount_late_31_60": 0,
        "amount_late_61_90": 0,
        "amount_late_90_plus": 5,
    }
    PLAN_FIGURES = {
        "amount_received": 400,
        "amount_residual": 0,
        "state": "paid",
        "days_overdue": 0,
        "ageing_bucket": "not_due",
        "currency_id": False,
        "company_id": False,
        "partner_id": False,
        "user_id": False,
        "installment": 7,
    }
    RECEIPT_FIGURES = {
        "currency_id": False,
        "company_id": False,
        "partner_id": False,
        "contract_user_id": False,
    }

    def test_contract_figures_cannot_be_written(self):
        for user in (self.user_own, self.user_all, self.user_manager):
            contract = self.own.with_user(user)
            for fname, value in self.CONTRACT_FIGURES.items():
                with self.assertRefused(UserError, "computed by the addon, cannot be set directly"):
                    contract.write({fname: value})
        self.assertEqual(self.own.amount_received, 100)
        self.assertEqual(self.own.payment_state, "on_track")
        with self.assertRefused(UserError, "computed by the addon, cannot be set directly"):
            self.env["crm.contract"].with_user(self.user_own).create(
                {"name": "Forged", "partner_id": self.customer.id, "payment_state": "paid"}
            )

    def test_instalment_figures_cannot_be_written(self):
        plan = self.own_plans[0].with_user(self.user_own)
        for fname, value in self.PLAN_FIGURES.items():
            with self.assertRefused(UserError, "computed by the addon, cannot be set directly"):
                plan.write({fname: value})
        with self.assertRefused(UserError, "computed by the addon, cannot be set directly"):
            self.Plan.with_user(self.user_own).create(
                {
                    "contract_id": self.own.id,
                    "date_due": date(2025, 5, 1),
                    "amount": 1,
                    "state": "paid",
                }
            )
        self.assertEqual(plan.state, "partial")
        self.assertEqual(plan.amount_residual, 300)
        # The daily job still runs: the instalment's currency cannot be blanked.
        self.Plan._cron_payment_plans()

    def test_receipt_related_fields_cannot_be_written(self):
        receipt = self._receipt(self.own, 10, confirm=False).with_user(self.user_own)
        for fname, value in self.RECEIPT_FIGURES.items():
            with self.assertRefused(UserError, "computed by the addon, cannot be set directly"):
                receipt.write({fname: value})

    def test_form_still_saves(self):
        """The web client's form (readonly figures not sent) saves normally."""
        with Form(self.own.with_user(self.user_own)) as form:
            form.name = "Olivia's renamed"
        self.assertEqual(self.own.name, "Olivia's renamed")


@freeze_time("2025-01-15")
class TestWizardOwnership(HardeningCase):
    def _import(self, user):
        data = csv_bytes([["Contract Number", "Contract Name", "Customer"], ["", "", "Nobody"]])
        wizard = (
            self.env["crm.contract.import"]
            .with_user(user)
            .create({"file": base64.b64encode(data), "filename": "mine.csv"})
        )
        wizard.action_load()
        wizard.action_test()
        return wizard

    def test_import_uploads_are_private(self):
        wizard = self._import(self.user_own)
        self.assertTrue(wizard.error_line_ids)
        self.assertTrue(wizard.error_file)
        for user in (self.user_own_2, self.user_all, self.user_b):
            Import = self.env["crm.contract.import"].with_user(user)
            self.assertFalse(Import.search_read([("id", "=", wizard.id)], ["file"]))
            with self.assertRaises(AccessError):
                wizard.with_user(user).read(["file", "error_file"])
            with self.assertRaises(AccessError):
                wizard.with_user(user).write({"filename": "stolen.csv"})
            # the problems are the import record's (a test run's, here)
            Error = self.env["crm.contract.import.job.error"].with_user(user)
            self.assertFalse(Error.search([("job_id", "=", wizard.last_job_id.id)]))
            Column = self.env["crm.contract.import.column"].with_user(user)
            self.assertFalse(Column.search([("import_id", "=", wizard.id)]))
        # its owner still works with it
        self.assertTrue(wizard.with_user(self.user_own).read(["file"]))

    def test_terminate_wizard_needs_access_to_contract(self):
        Terminate = self.env["crm.contract.terminate"]
        for user in (self.user_own, self.user_b, self.portal):
            with self.assertRaises(AccessError):
                Terminate.with_user(user).create({"contract_id": self.colleague.id, "reason": "x"})
        wizard = Terminate.with_user(self.user_own).create(
            {"contract_id": self.own.id, "reason": "Mine"}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_all).read(["reason"])
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_own_2).write({"reason": "Theirs"})

    def test_plan_wizard_needs_access_to_contract(self):
        Wizard = self.env["crm.contract.payment.plan.wizard"]
        big = self._active_contract(amount=5000, name="Big", user_id=self.user_own_2.id)
        for user in (self.user_own, self.user_b, self.portal):
            with self.assertRaises(AccessError):
                Wizard.with_user(user).create({"contract_id": big.id, "count": 2})
        wizard = Wizard.with_user(self.user_own_2).create({"contract_id": big.id, "count": 2})
        self.assertEqual(wizard.amount, 5000)
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_all).read(["amount"])
        Line = self.env["crm.contract.payment.plan.wizard.line"].with_user(self.user_all)
        self.assertFalse(Line.search([("wizard_id", "=", wizard.id)]))

    def test_cancel_wizard_needs_access_and_reason(self):
        draft = self._create_contract(user_id=self.user_own_2.id)
        Cancel = self.env["crm.contract.cancel"]
        with self.assertRaises(AccessError):
            Cancel.with_user(self.user_own).create(
                {"contract_ids": [draft.id], "reason": "Not mine"}
            )
        action = draft.with_user(self.user_own_2).action_cancel()
        view = self.env["ir.ui.view"].browse(
            self.env["crm.contract.cancel"].get_view(view_type="form")["id"]
        )
        self.assertIn('string="Cancel Contract"', view.arch_db)
        self.assertIn('string="Discard"', view.arch_db)
        Cancel.with_user(self.user_own_2).with_context(**action["context"]).create(
            {"reason": "Duplicate"}
        ).action_cancel_contract()
        self.assertEqual(draft.state, "cancelled")
        self.assertEqual(draft.payment_state, "closed")


@freeze_time("2025-01-15")
class TestReceiptsFrozen(HardeningCase):
    def test_confirmed_receipt_fields_frozen(self):
        receipt = self.own_receipt.with_user(self.user_manager)
        other = self.env["res.users"].browse(self.user_own_2.id)
        for vals in (
            {"number": "RC/FORGED"},
            {"amount": 5},
            {"date": "2025-01-02"},
            {"contract_id": self.colleague.id},
            {"plan_id": self.own_plans[1].id},
            {"user_id": other.id},
            {"currency_id": self.env.ref("base.EUR").id},
            {"partner_id": self.other_customer.id},
            {"contract_user_id": other.id},
        ):
            with self.assertRaises(UserError):
                receipt.write(vals)
        self.assertEqual(self.own_receipt.amount, 100)

    def test_receipt_status_only_through_actions(self):
        draft = self._receipt(self.own, 10, confirm=False)
        for user in (self.user_own, self.user_manager):
            with self.assertRefused(UserError, "only through its buttons"):
                draft.with_user(user).write({"state": "confirmed"})
            with self.assertRefused(UserError, "only through its buttons"):
                self.own_receipt.with_user(user).write({"state": "draft"})
        with self.assertRefused(UserError, "created as a draft"):
            self.Receipt.with_user(self.user_own).create(
                {"contract_id": self.own.id, "amount": 10, "state": "confirmed"}
            )
        draft.with_user(self.user_own).action_confirm()
        self.assertEqual(draft.state, "confirmed")
        with self.assertRaises(AccessError):
            draft.with_user(self.user_own).action_cancel()
        draft.with_user(self.user_manager).action_cancel()
        self.assertEqual(draft.state, "cancelled")

    def test_draft_receipt_cannot_move_to_unreadable_contract(self):
        draft = self._receipt(self.own, 10, confirm=False).with_user(self.user_own)
        with self.assertRaises(AccessError):
            draft.write({"contract_id": self.colleague.id, "plan_id": self.colleague_plans.id})
        with self.assertRaises(AccessError):
            draft.write({"plan_id": self.colleague_plans.id})
        with self.assertRaises(AccessError):
            self.Receipt.with_user(self.user_b).create({"contract_id": self.own.id, "amount": 1})
        self.assertEqual(draft.contract_id, self.own)


@freeze_time("2025-01-15")
class TestContractLifecycleGuards(HardeningCase):
    def test_currency_fixed_once_instalments_exist(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        with self.assertRefused(UserError, "currency of a contract with instalments"):
            self.own.with_user(self.user_own).write({"currency_id": eur.id})
        fresh = self._create_contract()
        fresh.write({"currency_id": eur.id})
        self.assertEqual(fresh.currency_id, eur)

    def test_status_written_follows_lifecycle(self):
        contract = self.own.with_user(self.user_own)
        with self.assertRefused(UserError, "cannot go from Active to Draft"):
            contract.write({"state": "draft"})
        with self.assertRefused(UserError, "use the Terminate button"):
            contract.write({"state": "terminated"})
        with self.assertRefused(UserError, "use the Cancel button"):
            contract.write({"state": "cancelled"})
        draft = self._create_contract(user_id=self.user_own.id).with_user(self.user_own)
        draft._cancel("Mistake")
        with self.assertRefused(UserError, "cannot go from Cancelled to Active"):
            draft.write({"state": "active"})
        with self.assertRefused(UserError, "needs a termination reason"):
            self.env["crm.contract"].create(
                {"name": "X", "partner_id": self.customer.id, "state": "terminated"}
            )

    def test_contract_with_confirmed_receipts_not_cancelled_nor_deleted(self):
        with self.assertRefused(UserError, "confirmed receipts cannot be cancelled"):
            self.own.with_user(self.user_own).action_cancel()
        with self.assertRefused(UserError, "confirmed receipts cannot be cancelled"):
            self.own._cancel("Try")
        self.own.with_user(self.user_own).action_terminate()
        self.env["crm.contract.terminate"].with_user(self.user_own).create(
            {"contract_id": self.own.id, "reason": "Customer left"}
        ).action_terminate()
        self.assertEqual(self.own.state, "terminated")
        with self.assertRefused(UserError, "cannot be deleted"):
            self.own.with_user(self.user_manager).unlink()
        # terminating closed the open instalments: nothing overdue nor due any more
        self.assertEqual(self.own_plans.mapped("state"), ["cancelled", "cancelled"])
        self.assertEqual(self.own.payment_state, "closed")
        self.assertEqual(self.own.amount_due, 0)

    def test_draft_contract_nothing_overdue(self):
        draft = self._create_contract(amount_total=300)
        plan = self._plans(draft, (date(2024, 6, 1), 300))
        self.assertEqual(plan.state, "pending")
        self.assertEqual(draft.payment_state, "on_track")
        self.Plan._cron_payment_plans()
        self.assertEqual(plan.state, "pending")
        draft.action_activate()
        self.assertEqual(plan.state, "overdue")
        self.assertEqual(draft.payment_state, "overdue")

    def test_generate_on_fully_planned_contract_refused(self):
        contract = self._active_contract(amount=500)
        self._plans(contract, (date(2025, 2, 1), 500))
        with self.assertRefused(UserError, "is fully planned"):
            contract.action_generate_payment_plan()


@freeze_time("2025-01-15")
class TestBounds(HardeningCase):
    def test_generator_count_bounded(self):
        Wizard = self.env["crm.contract.payment.plan.wizard"].with_user(self.user_own)
        contract = self._active_contract(amount=500, user_id=self.user_own.id)
        with self.assertRefused(UserError, "between 1 and 120"):
            Wizard.create({"contract_id": contract.id, "count": 100000})
        wizard = Wizard.create({"contract_id": contract.id, "count": 120})
        self.assertEqual(len(wizard.line_ids), 120)

    def test_texts_amounts_dates_bounded(self):
        Contract = self.env["crm.contract"].with_user(self.user_own)
        base = {"partner_id": self.customer.id}
        with self.assertRefused(UserError, "too long"):
            Contract.create(dict(base, name="x" * 10_000_000))
        with self.assertRefused(UserError, "too long"):
            self.own.with_user(self.user_own).write({"name": "x" * 1025})
        with self.assertRefused(UserError, "10^13"):
            Contract.create(dict(base, name="Huge", amount_total=1e20))
        for fname in ("date_start", "date_end", "date_signed"):
            with self.assertRefused(UserError, "between 1900-01-01 and 2200-12-31"):
                Contract.create(dict(base, name="Far", **{fname: "9999-11-01"}))
        with self.assertRefused(UserError, "not a valid date"):
            Contract.create(dict(base, name="Bad", date_end="10000-01-01"))
        Plan = self.Plan.with_user(self.user_own)
        with self.assertRefused(UserError, "between 1900-01-01 and 2200-12-31"):
            Plan.create({"contract_id": self.own.id, "date_due": "9999-11-01", "amount": 1})
        with self.assertRefused(UserError, "between 0 and 3650"):
            self.own_plans[0].with_user(self.user_own).write({"remind_days": 2**31})
        with self.assertRefused(UserError, "10^13"):
            self.own_plans[0].with_user(self.user_own).write({"amount": 1e20})
        with self.assertRefused(UserError, "between 1900-01-01 and 2200-12-31"):
            self.env["crm.contract.followup"].with_user(self.user_own).create(
                {"contract_id": self.own.id, "description": "x", "next_date": "2201-01-01"}
            )

    def test_settings_bounded(self):
        Settings = self.env["res.config.settings"]
        with self.assertRefused(ValidationError, "between 0 and 3650"):
            Settings.create({"crm_contract_expiry_reminder_days": 3_000_000})
        with self.assertRefused(ValidationError, "between 0 and 3650"):
            Settings.create({"crm_contract_payment_remind_days": -1})
        # a value stored before (or by hand) does not crash the expiry job
        self.env["ir.config_parameter"].set_param("crm_contract.expiry_reminder_days", 3_000_000)
        self.env["crm.contract"]._cron_expiry_reminders()

    def test_duplicate_number_named(self):
        self._create_contract(number="DUP-1")
        with self.assertRefused(ValidationError, "DUP-1 is already used"):
            self._create_contract(number="DUP-1")
        other = self._create_contract(number="DUP-2")
        with self.assertRefused(ValidationError, "DUP-1 is already used"):
            other.write({"number": "DUP-1"})


@freeze_time("2025-01-15")
class TestInternalUsers(HardeningCase):
    def test_portal_user_refused_in_charge_or_signer(self):
        # a draft: the signers of a signed contract are sealed (refused before this check)
        draft = self._create_contract(name="Olivia's draft", user_id=self.user_own.id)
        for fname in ("user_id", "company_signer_id"):
            with self.assertRefused(ValidationError, "must be an internal user"):
                self._create_contract(**{fname: self.portal.id})
            with self.assertRefused(ValidationError, "must be an internal user"):
                draft.write({fname: self.portal.id})
        with self.assertRefused(ValidationError, "must be an internal user"):
            self.own.write({"user_id": self.portal.id})


@freeze_time("2025-01-15")
class TestFollowupPolicy(HardeningCase):
    def test_followups_in_own_name_only(self):
        Followup = self.env["crm.contract.followup"]
        for user in (self.user_own, self.user_all):
            with self.assertRefused(AccessError, "only in your own name"):
                Followup.with_user(user).create(
                    {
                        "contract_id": self.own.id,
                        "description": "x",
                        "user_id": self.user_own_2.id,
                    }
                )
        mine = Followup.with_user(self.user_own).create(
            {"contract_id": self.own.id, "description": "Mine"}
        )
        self.assertTrue(mine.can_edit)
        self.assertFalse(mine.with_user(self.user_all).can_edit)
        self.assertTrue(mine.with_user(self.user_manager).can_edit)
        with self.assertRefused(AccessError, "only in your own name"):
            mine.with_user(self.user_own).write({"user_id": self.user_all.id})
        mine.with_user(self.user_manager).write({"user_id": self.user_all.id})
        self.assertEqual(mine.user_id, self.user_all)

    def test_next_contact_never_fails_for_its_author(self):
        Followup = self.env["crm.contract.followup"]
        own_followup = Followup.with_user(self.user_own).create(
            {"contract_id": self.own.id, "description": "Call", "next_date": date(2025, 2, 1)}
        )
        self.assertEqual(own_followup.activity_id.user_id, self.user_own)
        all_followup = Followup.with_user(self.user_all).create(
            {"contract_id": self.colleague.id, "description": "Call", "next_date": date(2025, 2, 1)}
        )
        self.assertEqual(all_followup.activity_id.user_id, self.user_all)
        # an administrator records a follow-up for a colleague who cannot read the contract
        for_colleague = Followup.with_user(self.user_manager).create(
            {
                "contract_id": self.colleague.id,
                "description": "Visit",
                "next_date": date(2025, 2, 1),
                "user_id": self.user_own.id,
            }
        )
        self.assertEqual(for_colleague.activity_id.user_id, self.user_own)

    def test_plain_text_stays_text(self):
        followup = (
            self.env["crm.contract.followup"]
            .with_user(self.user_own)
            .create(
                {
                    "contract_id": self.own.id,
                    "description": "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
                    "next_date": date(2025, 2, 1),
                    "next_action": "<b>call</b>",
                }
            )
        )
        note = str(followup.activity_id.note)
        self.assertNotIn("<img", note)
        self.assertIn("&lt;img", note)
        body = str(self.own.message_ids[:1].body)
        self.assertNotIn("<img", body)
        self.assertNotIn("<b>call</b>", body)


@freeze_time("2025-01-15")
class TestScheduledJobs(HardeningCase):
    def test_expiry_job_skips_a_failing_contract(self):
        first = self._active_contract(name="First", date_end=date(2025, 1, 10))
        second = self._active_contract(name="Second", date_end=date(2025, 1, 11))
        Contract = type(self.env["crm.contract"])
        original = Contract.write

        def failing_write(records, vals):
            if first in records and vals.get("state") == "expired":
                raise RuntimeError("boom")
            return original(records, vals)

        progress = []
        with (
            patch.object(Contract, "write", failing_write),
            patch.object(
                type(self.env["ir.cron"]),
                "_notify_progress",
                lambda cron, done, remaining, deactivate=False: progress.append((done, remaining)),
            ),
            mute_logger("odoo.addons.crm_contract.models.crm_contract"),
        ):
            self.env["crm.contract"]._cron_expire_contracts()
        self.assertEqual(first.state, "active")
        self.assertEqual(second.state, "expired")
        self.assertIn("boom", first.message_ids[:1].body)
        self.assertEqual(progress[0][0], 0)
        self.assertEqual(progress[-1][1], 0)

    def test_reminders_in_recipient_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user_own.lang = "fr_FR"
        contract = self._active_contract(
            name="French", user_id=self.user_own.id, date_end=date(2025, 1, 30)
        )
        self.env["crm.contract"]._cron_expiry_reminders()
        activity = contract.activity_ids[:1]
        self.assertIn("30/01/2025", activity.summary)


@freeze_time("2025-01-15")
class TestAuditTrail(HardeningCase):
    def test_receipt_and_instalment_chatter(self):
        receipt = self._receipt(self.own, 50, confirm=False)
        self.env.cr.flush()  # ends the creation's tracking
        receipt.with_user(self.user_own).action_confirm()
        self.env.flush_all()
        self.env.cr.flush()  # tracking values are written when the cursor flushes
        receipt.invalidate_recordset(["message_ids"])
        tracked = receipt.message_ids.sudo().tracking_value_ids
        self.assertIn("state", tracked.field_id.mapped("name"))
        self.assertEqual(receipt.message_ids[:1].author_id, self.user_own.partner_id)
        roomy = self._active_contract(amount=100, user_id=self.user_own.id)
        plans = self._plans(roomy, (date(2025, 6, 1), 10), (date(2025, 7, 1), 10))
        self.env.cr.flush()
        self.assertFalse(plans.message_ids)  # no message per instalment created in a batch
        plans[0].with_user(self.user_own).write({"amount": 20})
        self.env.flush_all()
        self.env.cr.flush()
        plans.invalidate_recordset(["message_ids"])
        self.assertIn(
            "amount", plans[0].message_ids.sudo().tracking_value_ids.field_id.mapped("name")
        )


@freeze_time("2025-01-15")
class TestPaymentJobFailure(HardeningCase):
    def test_payment_job_skips_a_failing_instalment(self):
        contract = self._active_contract(amount=200, name="Reminded", user_id=self.user_own.id)
        good, bad = self._plans(contract, (date(2025, 1, 20), 100), (date(2025, 1, 21), 100))
        Plan = type(self.Plan)
        original = Plan._schedule_reminders

        def failing(records, *args, **kwargs):
            if bad in records:
                raise RuntimeError("reminder boom")
            return original(records, *args, **kwargs)

        with (
            patch.object(Plan, "_schedule_reminders", failing),
            mute_logger("odoo.addons.crm_contract.models.crm_contract"),
        ):
            self.Plan._cron_payment_plans()
        self.assertEqual(good.due_reminded_date, date(2025, 1, 20))
        self.assertFalse(bad.due_reminded_date)
        self.assertIn("reminder boom", contract.message_ids[:1].body)


@freeze_time("2025-01-15")
class TestOutsiders(HardeningCase):
    def test_portal_user_reaches_nothing(self):
        for model, record in (
            ("crm.contract", self.own),
            ("crm.contract.payment.plan", self.own_plans[0]),
            ("crm.contract.payment", self.own_receipt),
        ):
            with self.assertRaises(AccessError):
                record.with_user(self.portal).read(["display_name"])
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.portal).search([])
        with self.assertRaises(AccessError):
            self.env["crm.contract.import"].with_user(self.portal).create(
                {"file": base64.b64encode(b"a,b\n1,2\n"), "filename": "x.csv"}
            )

    def test_second_company_user_cannot_forge_nor_read(self):
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_b).read(["amount_received"])
        with self.assertRaises(UserError):  # AccessError is a UserError too
            self.own.with_user(self.user_b).write({"amount_received": 1000})
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.user_b).create(
                {"contract_id": self.own.id, "date_due": date(2025, 5, 1), "amount": 1}
            )
        with self.assertRaises(AccessError) as caught:
            self.env["crm.contract.terminate"].with_user(self.user_b).create(
                {"contract_id": self.own.id, "reason": "x"}
            )
        self.assertNotIn(self.own.name, str(caught.exception))
        self.assertNotIn(self.own.number, str(caught.exception))
        self.assertEqual(self.own.amount_received, 100)
