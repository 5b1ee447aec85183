"""The pure functions of the addon, fed plain values: no database, no recordset (as
account/tests/test_payment_term.py tests the computation of payment terms)."""

from datetime import date

from odoo.addons.crm_contract.models.crm_contract_payment_plan import (
    ageing_bucket,
    allocate_receipts,
)
from odoo.addons.crm_contract.wizards.crm_contract_payment_plan_wizard import split_amount
from odoo.tests import BaseCase


class TestSplitAmount(BaseCase):
    def test_equal_parts_remainder_on_the_last(self):
        self.assertEqual(split_amount(100.0, [1, 1, 1]), [33.33, 33.33, 33.34])
        self.assertEqual(split_amount(0.05, [1, 1]), [0.03, 0.02])

    def test_parts_add_up_exactly(self):
        for amount in (0.01, 1.0, 999.99, 1234567.89):
            for count in (1, 2, 3, 7, 12, 120):
                parts = split_amount(amount, [1] * count)
                self.assertAlmostEqual(sum(parts), amount, places=6, msg=(amount, count))
                self.assertEqual(len(parts), count)

    def test_percentages(self):
        self.assertEqual(split_amount(1000.0, [30, 30, 40]), [300.0, 300.0, 400.0])
        self.assertEqual(split_amount(100.0, [33.3, 33.3, 33.4]), [33.3, 33.3, 33.4])

    def test_currency_rounding(self):
        # a currency without decimals (yen, won): whole units, remainder on the last part
        self.assertEqual(split_amount(1000.0, [1, 1, 1], rounding=1.0), [333.0, 333.0, 334.0])

    def test_nothing_to_split(self):
        self.assertEqual(split_amount(100.0, []), [])
        self.assertEqual(split_amount(100.0, [0, 0]), [])


class TestAgeingBucket(BaseCase):
    def test_bounds_of_each_bucket(self):
        cases = {
            -5: "not_due",
            0: "not_due",
            1: "1_30",
            30: "1_30",
            31: "31_60",
            60: "31_60",
            61: "61_90",
            90: "61_90",
            91: "90_plus",
            4000: "90_plus",
        }
        for days, bucket in cases.items():
            self.assertEqual(ageing_bucket(days), bucket, days)


JAN, FEB, MAR = date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)


class TestAllocateReceipts(BaseCase):
    """Instalments are (due date, number, amount); receipts (date, amount, instalment index
    or None). The result is what each instalment received, in the order given."""

    def test_unlinked_receipts_pay_in_due_date_order(self):
        plans = [(MAR, 3, 100.0), (JAN, 1, 100.0), (FEB, 2, 100.0)]
        self.assertEqual(allocate_receipts(plans, [(JAN, 150.0, None)]), [0.0, 100.0, 50.0])

    def test_linked_receipt_pays_its_instalment_first(self):
        plans = [(JAN, 1, 100.0), (FEB, 2, 100.0), (MAR, 3, 100.0)]
        # 80 for the March instalment: March first, although January is due earlier
        self.assertEqual(allocate_receipts(plans, [(JAN, 80.0, 2)]), [0.0, 0.0, 80.0])

    def test_what_a_linked_receipt_does_not_need_pays_the_others(self):
        plans = [(JAN, 1, 100.0), (FEB, 2, 100.0), (MAR, 3, 100.0)]
        self.assertEqual(allocate_receipts(plans, [(JAN, 250.0, 1)]), [100.0, 100.0, 50.0])

    def test_receipts_count_in_date_order(self):
        plans = [(JAN, 1, 100.0), (FEB, 2, 100.0)]
        # the later receipt is linked to January, already paid by the earlier one: it
        # flows on to February
        receipts = [(FEB, 100.0, 0), (JAN, 100.0, None)]
        self.assertEqual(allocate_receipts(plans, receipts), [100.0, 100.0])

    def test_same_due_date_by_number(self):
        plans = [(JAN, 2, 100.0), (JAN, 1, 100.0)]
        self.assertEqual(allocate_receipts(plans, [(JAN, 100.0, None)]), [0.0, 100.0])

    def test_overpayment_stays_unallocated(self):
        plans = [(JAN, 1, 100.0)]
        self.assertEqual(allocate_receipts(plans, [(JAN, 130.0, None)]), [100.0])

    def test_rounding_of_the_currency(self):
        plans = [(JAN, 1, 10.0), (FEB, 2, 10.0), (MAR, 3, 10.0)]
        receipts = [(JAN, 10.0 / 3, None)] * 3
        self.assertEqual(allocate_receipts(plans, receipts), [10.0, 0.0, 0.0])
        self.assertEqual(allocate_receipts(plans, [(JAN, 7.0, None)], rounding=1.0), [7.0, 0, 0])

    def test_nothing(self):
        self.assertEqual(allocate_receipts([], [(JAN, 50.0, None)]), [])
        self.assertEqual(allocate_receipts([(JAN, 1, 100.0)], []), [0.0])
