"""The pure functions of the addon, fed plain values: no database, no recordset (as
account/tests/test_payment_term.py tests the computation of payment terms)."""

from odoo.addons.crm_contract.models.crm_contract_payment_plan import ageing_bucket
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
