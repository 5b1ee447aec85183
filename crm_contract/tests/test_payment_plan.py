"""Instalments: numbering, the plan generator, guards and derived state."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .common import PaymentCase


@freeze_time("2025-01-15")
class TestPaymentPlan(PaymentCase):
    def _wizard(self, contract, **values):
        return (
            self.env["crm.contract.payment.plan.wizard"]
            .with_context(default_contract_id=contract.id)
            .create({"contract_id": contract.id, **values})
        )

    def test_installment_numbering_1_to_11_without_repeat(self):
        contract = self._active_contract(amount=11000)
        # Two batches and single creates: numbers keep going from the highest one.
        self._plans(contract, *[(date(2025, m, 1), 1000) for m in range(1, 5)])
        for month in range(5, 10):
            self._plans(contract, (date(2025, month, 1), 1000))
        self._plans(contract, (date(2025, 10, 1), 1000), (date(2025, 11, 1), 1000))
        numbers = contract.payment_plan_ids.sorted("installment").mapped("installment")
        self.assertEqual(numbers, list(range(1, 12)))
        self.assertEqual(
            contract.payment_plan_ids.sorted("date_due")[-2:].mapped("installment"), [10, 11]
        )
        # A deleted number is not given again while a higher one exists.
        contract.payment_plan_ids.filtered(lambda p: p.installment == 5).unlink()
        # (an active contract's amount changes through an amendment)
        self.env["crm.contract.amendment"].create(
            {"contract_id": contract.id, "reason": "One more month", "amount_total": 12000}
        ).action_apply()
        new = self._plans(contract, (date(2025, 12, 1), 1000))
        self.assertEqual(new.installment, 12)
        self.assertIn("Instalment 12", new.display_name)

    def test_numbering_is_per_contract(self):
        first = self._active_contract()
        second = self._active_contract()
        plans = self.Plan.create(
            [
                {"contract_id": first.id, "date_due": date(2025, 2, 1), "amount": 100},
                {"contract_id": second.id, "date_due": date(2025, 2, 1), "amount": 100},
                {"contract_id": first.id, "date_due": date(2025, 3, 1), "amount": 100},
            ]
        )
        self.assertEqual(plans.mapped("installment"), [1, 1, 2])

    def test_generator_equal_split_rounding_remainder_on_last(self):
        contract = self._active_contract(amount=1000)
        wizard = self._wizard(contract, count=3, date_first=date(2025, 1, 31))
        self.assertEqual(wizard.amount, 1000)
        plans = wizard.action_generate()
        self.assertEqual(plans.mapped("amount"), [333.33, 333.33, 333.34])
        self.assertEqual(sum(plans.mapped("amount")), 1000)
        # Monthly from the 31st: the end of shorter months, then back to the 31st.
        self.assertEqual(
            plans.mapped("date_due"), [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]
        )
        self.assertEqual(contract.amount_planned, 1000)
        # Nothing is left to split, so a second run refuses.
        wizard = self._wizard(contract, count=2, amount=10, date_first=date(2025, 6, 1))
        with self.assertRefused(UserError, "more than the contract amount"):
            wizard.action_generate()

    def test_generator_periods(self):
        contract = self._active_contract(amount=1200)
        cases = {
            ("quarter", 0): [date(2025, 1, 15), date(2025, 4, 15), date(2025, 7, 15)],
            ("year", 0): [date(2025, 1, 15), date(2026, 1, 15), date(2027, 1, 15)],
            ("days", 10): [date(2025, 1, 15), date(2025, 1, 25), date(2025, 2, 4)],
        }
        for (period, days), expected in cases.items():
            wizard = self._wizard(
                contract,
                count=3,
                amount=300,
                period=period,
                interval_days=days or 30,
                date_first=date(2025, 1, 15),
            )
            self.assertEqual(wizard.line_ids.mapped("date_due"), expected, period)
            plans = wizard.action_generate()
            self.assertEqual(plans.mapped("amount"), [100, 100, 100])
        self.assertEqual(contract.payment_plan_ids.mapped("installment"), list(range(1, 10)))

    def test_generator_percentages(self):
        contract = self._active_contract(amount=1000.01)
        wizard = self._wizard(contract, count=3, split_mode="percent", date_first=date(2025, 2, 1))
        for line, percent in zip(wizard.line_ids, (30, 30, 40), strict=True):
            line.percent = percent
        plans = wizard.action_generate()
        self.assertEqual(plans.mapped("amount"), [300.0, 300.0, 400.01])
        self.assertAlmostEqual(sum(plans.mapped("amount")), 1000.01)

    def test_generator_percentages_over_100_refused(self):
        contract = self._active_contract(amount=1000)
        wizard = self._wizard(contract, count=2, split_mode="percent", date_first=date(2025, 2, 1))
        wizard.line_ids[0].percent = 60
        wizard.line_ids[1].percent = 50
        with self.assertRefused(UserError, "add up to 110"):
            wizard.action_generate()
        self.assertFalse(contract.payment_plan_ids)

    def test_generator_custom_amounts(self):
        contract = self._active_contract(amount=1000)
        wizard = self._wizard(contract, count=2, split_mode="custom", date_first=date(2025, 2, 1))
        wizard.line_ids[0].amount = 250
        wizard.line_ids[1].amount = 700
        plans = wizard.action_generate()
        self.assertEqual(plans.mapped("amount"), [250, 700])
        self.assertEqual(contract.amount_planned, 950)

    def test_generator_custom_amounts_exceeding_refused(self):
        contract = self._active_contract(amount=1000)
        wizard = self._wizard(contract, count=2, split_mode="custom", date_first=date(2025, 2, 1))
        wizard.line_ids[0].amount = 600
        wizard.line_ids[1].amount = 600
        with self.assertRefused(UserError, "more than the amount to split"):
            wizard.action_generate()
        self.assertFalse(contract.payment_plan_ids)

    def test_generator_form(self):
        contract = self._active_contract(amount=900)
        action = contract.action_generate_payment_plan()
        with Form(self.env[action["res_model"]].with_context(**action["context"])) as wizard_form:
            wizard_form.count = 4
            self.assertEqual(len(wizard_form.line_ids), 4)
            wizard_form.count = 3
            wizard_form.date_first = date(2025, 3, 1)
        wizard = wizard_form.save()
        wizard.action_generate_close()
        self.assertEqual(contract.payment_plan_ids.mapped("amount"), [300, 300, 300])
        self.assertEqual(contract.payment_plan_ids[0].date_due, date(2025, 3, 1))

    def test_generator_first_due_date_is_contract_start(self):
        """The first due date defaults to the contract's start date, past or future; today
        when the contract has none."""
        for start in (date(2024, 10, 1), date(2025, 3, 1)):
            with self.subTest(start=start):
                contract = self._active_contract(amount=900, date_start=start)
                action = contract.action_generate_payment_plan()
                with Form(self.env[action["res_model"]].with_context(**action["context"])) as form:
                    self.assertEqual(form.date_first, start)
        contract = self._create_contract(amount_total=900)
        self.assertFalse(contract.date_start)
        wizard = self._wizard(contract)
        self.assertEqual(wizard.date_first, date(2025, 1, 15))

    def test_instalments_never_exceed_contract_amount(self):
        contract = self._active_contract(amount=1000)
        self._plans(contract, (date(2025, 2, 1), 600))
        with self.assertRefused(ValidationError, "more than the contract amount"):
            self._plans(contract, (date(2025, 3, 1), 500))
        plan = contract.payment_plan_ids
        with self.assertRefused(ValidationError, "more than the contract amount"):
            plan.amount = 1000.01
        # An amendment never lowers the amount below the instalments...
        amendment = self.env["crm.contract.amendment"].create(
            {"contract_id": contract.id, "reason": "Smaller order", "amount_total": 500}
        )
        with self.assertRefused(UserError, "more than the new amount"):
            amendment.action_apply()
        # ... nor does a draft contract's amount go below them.
        draft = self._create_contract(amount_total=1000)
        self._plans(draft, (date(2025, 2, 1), 600))
        with self.assertRefused(ValidationError, "more than the contract amount"):
            draft.amount_total = 500

    def test_form_shows_instalments_below_contract_amount(self):
        contract = self._active_contract(amount=1000)
        with Form(contract) as contract_form:
            with contract_form.payment_plan_ids.new() as line:
                line.date_due = date(2025, 2, 1)
                line.amount = 400
            # The form compares planned and contract amounts to show its warning.
            self.assertEqual(contract_form.amount_planned, 400)
        self.assertEqual(contract.amount_planned, 400)
        self.assertEqual(contract.payment_plan_ids.installment, 1)

    def test_due_date_outside_period_flagged(self):
        contract = self._active_contract(date_start=date(2025, 1, 1), date_end=date(2025, 6, 30))
        inside, before, after = self._plans(
            contract,
            (date(2025, 3, 1), 100),
            (date(2024, 12, 31), 100),
            (date(2025, 7, 1), 100),
        )
        self.assertFalse(inside.date_out_of_period)
        self.assertTrue(before.date_out_of_period)
        self.assertTrue(after.date_out_of_period)
        self.env["crm.contract.amendment"].create(
            {"contract_id": contract.id, "reason": "Extended", "date_end": date(2025, 7, 31)}
        ).action_apply()
        self.assertFalse(after.date_out_of_period)

    def test_instalment_with_receipts_cannot_be_deleted(self):
        contract = self._active_contract(amount=1000)
        paid, linked_draft, free = self._plans(
            contract,
            (date(2025, 2, 1), 300),
            (date(2025, 3, 1), 300),
            (date(2025, 4, 1), 300),
        )
        self._receipt(contract, 200)
        self._receipt(contract, 50, plan=linked_draft, confirm=False)
        with self.assertRefused(UserError, "confirmed receipts cannot be deleted"):
            paid.unlink()
        free.unlink()
        linked_draft.unlink()  # a draft receipt does not keep it
        self.assertEqual(contract.payment_plan_ids, paid)

    def test_terminating_contract_cancels_open_instalments(self):
        """A contract with confirmed receipts is terminated (it cannot be cancelled): what is
        still open on its instalments is closed, as a cancellation does."""
        contract = self._active_contract(amount=1000)
        paid, partial, pending = self._plans(
            contract,
            (date(2025, 2, 1), 300),
            (date(2025, 3, 1), 300),
            (date(2025, 4, 1), 400),
        )
        self._receipt(contract, 400)
        self.assertAllocation(
            paid | partial | pending, [300, 100, 0], ["paid", "partial", "pending"]
        )
        with self.assertRaisesRegex(UserError, "confirmed receipts cannot be cancelled"):
            contract.action_cancel()
        contract._terminate("Customer went bankrupt", date(2025, 3, 15))
        self.assertEqual(
            (paid | partial | pending).mapped("state"), ["paid", "cancelled", "cancelled"]
        )
        self.assertEqual(contract.payment_state, "closed")
        self.assertEqual(contract.amount_due, 0)
        self.assertEqual((paid | partial | pending).mapped("amount_residual"), [0, 0, 0])
        self.assertEqual(contract.amount_overdue, 0)
        self.assertFalse(contract.next_due_date)
