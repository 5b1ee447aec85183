"""Overdue detection with frozen time, and the daily scheduled action."""

from datetime import date

from freezegun import freeze_time

from .common import PaymentCase


class TestPaymentOverdue(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._active_contract(amount=1000, user_id=cls.user_own.id)
        cls.due_type = cls.env.ref("crm_contract.mail_activity_type_payment_due")
        cls.overdue_type = cls.env.ref("crm_contract.mail_activity_type_payment_overdue")

    def _activities(self, activity_type):
        return self.contract.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    @freeze_time("2025-03-10")
    def test_yesterdays_unpaid_instalment_is_overdue_and_a_receipt_clears_it(self):
        plan, later = self._plans(self.contract, (date(2025, 3, 9), 400), (date(2025, 4, 9), 600))
        self.assertEqual(plan.state, "overdue")
        self.assertEqual(plan.days_overdue, 1)
        self.assertEqual(plan.ageing_bucket, "1_30")
        self.assertEqual(later.state, "pending")
        self.assertEqual(later.ageing_bucket, "not_due")
        self.assertEqual(self.contract.amount_overdue, 400)
        self.assertEqual(self.contract.payment_state, "overdue")
        self.assertEqual(
            self.Plan.search([("state", "=", "overdue"), ("contract_id", "=", self.contract.id)]),
            plan,
        )
        receipt = self._receipt(self.contract, 400, when=date(2025, 3, 10))
        self.assertEqual(plan.state, "paid")
        self.assertEqual(plan.days_overdue, 0)
        self.assertFalse(plan.ageing_bucket)
        self.assertEqual(self.contract.amount_overdue, 0)
        self.assertEqual(self.contract.payment_state, "on_track")
        self.contract.invalidate_recordset()
        self.assertEqual(self.Plan.search([("id", "=", plan.id)]).state, "paid")
        # Cancelling the receipt makes it overdue again.
        receipt.sudo().action_cancel()
        self.assertEqual(plan.state, "overdue")

    @freeze_time("2025-03-10")
    def test_moving_the_due_date_clears_overdue(self):
        plan = self._plans(self.contract, (date(2025, 3, 9), 400))
        self.assertEqual(plan.state, "overdue")
        plan.date_due = date(2025, 3, 20)
        self.assertEqual(plan.state, "pending")
        self.assertEqual(plan.days_overdue, 0)
        self.assertEqual(self.contract.amount_overdue, 0)

    @freeze_time("2025-03-10")
    def test_partial_payment_gives_partial(self):
        plan = self._plans(self.contract, (date(2025, 3, 20), 400))
        self._receipt(self.contract, 150)
        self.assertEqual(plan.state, "partial")
        self.assertEqual(plan.amount_residual, 250)
        self.assertEqual(self.contract.payment_progress, 15)

    @freeze_time("2025-03-10")
    def test_ageing_buckets(self):
        self.contract.date_start = date(2024, 1, 1)
        plans = self._plans(
            self.contract,
            (date(2025, 3, 10), 100),  # due today: not late
            (date(2025, 2, 8), 100),  # 30 days
            (date(2025, 2, 7), 100),  # 31 days
            (date(2025, 1, 9), 100),  # 60 days
            (date(2024, 12, 10), 100),  # 90 days
            (date(2024, 12, 9), 100),  # 91 days
        )
        self.assertEqual(plans.mapped("days_overdue"), [0, 30, 31, 60, 90, 91])
        self.assertEqual(
            plans.mapped("ageing_bucket"),
            ["not_due", "1_30", "31_60", "31_60", "61_90", "90_plus"],
        )

    def test_scheduled_action_keeps_states_right_as_days_pass(self):
        with freeze_time("2025-03-10"):
            plan = self._plans(self.contract, (date(2025, 3, 10), 400))
            self.assertEqual(plan.state, "pending")
        with freeze_time("2025-03-11"):
            self.Plan._cron_payment_plans()
            self.assertEqual(plan.state, "overdue")
            self.assertEqual(plan.days_overdue, 1)
            self.assertEqual(self.contract.amount_overdue, 400)
            self.assertEqual(self.contract.payment_state, "overdue")
        with freeze_time("2025-04-15"):
            self.Plan._cron_payment_plans()
            self.assertEqual(plan.days_overdue, 36)
            self.assertEqual(plan.ageing_bucket, "31_60")
            # Stored: the database has it, not just the cache.
            self.env.invalidate_all()
            self.assertEqual(
                self.Plan.search([("ageing_bucket", "=", "31_60")]).filtered(
                    lambda p: p.contract_id == self.contract
                ),
                plan,
            )

    def test_scheduled_action_reminders_idempotent(self):
        with freeze_time("2025-03-01"):
            soon, later = self._plans(
                self.contract, (date(2025, 3, 5), 400), (date(2025, 5, 1), 600)
            )
            soon.remind_days = 7
            self.Plan._cron_payment_plans()
            due = self._activities(self.due_type)
            self.assertEqual(len(due), 1)
            self.assertEqual(due.user_id, self.user_own)
            self.assertEqual(due.date_deadline, date(2025, 3, 5))
            self.assertIn("Instalment 1", due.summary)
            # Twice the same day: nothing new.
            self.Plan._cron_payment_plans()
            self.assertEqual(len(self._activities(self.due_type)), 1)
            self.assertFalse(self._activities(self.overdue_type))
        with freeze_time("2025-03-06"):
            self.Plan._cron_payment_plans()
            self.Plan._cron_payment_plans()
            overdue = self._activities(self.overdue_type)
            self.assertEqual(len(overdue), 1)
            self.assertEqual(overdue.user_id, self.user_own)
            self.assertEqual(len(self._activities(self.due_type)), 1)
        with freeze_time("2025-03-07"):
            self.Plan._cron_payment_plans()
            self.assertEqual(len(self._activities(self.overdue_type)), 1)
            # A new due date gets its own reminders.
            soon.date_due = date(2025, 3, 8)
            self.Plan._cron_payment_plans()
            self.Plan._cron_payment_plans()
            self.assertEqual(len(self._activities(self.due_type)), 2)
        self.assertEqual(len(self._activities(self.overdue_type)), 1)
        self.assertEqual(later.due_reminded_date, False)

    def test_no_reminders_for_paid_or_cancelled(self):
        with freeze_time("2025-03-01"):
            paid, cancelled_contract_plan = self._plans(
                self.contract, (date(2025, 3, 3), 400), (date(2025, 2, 1), 100)
            )
            self._receipt(self.contract, 500)
            self.Plan._cron_payment_plans()
            self.assertFalse(self._activities(self.due_type) | self._activities(self.overdue_type))
