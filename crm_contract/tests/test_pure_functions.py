"""The pure functions of the addon, fed plain values: no database, no recordset (as
account/tests/test_payment_term.py tests the computation of payment terms)."""

from datetime import date, datetime

from odoo.addons.crm_contract.models.crm_contract_import_knowledge import STATE_LABELS
from odoo.addons.crm_contract.models.crm_contract_payment_plan import (
    ageing_bucket,
    allocate_receipts,
)
from odoo.addons.crm_contract.tools.importer.values import (
    ImportValueError,
    date_order_of,
    name_key,
    parse_date,
    parse_datetime,
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


class TestImportDates(BaseCase):
    """The import's date parser (the wizard converts its date-times from the user's time
    zone afterwards)."""

    def test_formats(self):
        expected = date(2026, 3, 14)
        for text in (
            "2026-03-14",
            "2026/03/14",
            "2026/3/14",
            "2026年3月14日",
            "２０２６－０３－１４",  # full-width, as some Chinese exports write it
            " 2026-03-14 ",
        ):
            self.assertEqual(parse_date(text), expected, text)
        self.assertEqual(parse_date("14/03/2026"), expected)  # the day tells: > 12
        self.assertEqual(parse_date("03/14/2026"), expected)
        self.assertEqual(parse_date("14.03.2026"), expected)

    def test_times(self):
        self.assertEqual(parse_datetime("2026/6/19 13:29"), datetime(2026, 6, 19, 13, 29))
        self.assertEqual(parse_datetime("2026-06-19 13:29:05"), datetime(2026, 6, 19, 13, 29, 5))

    def test_day_and_month_both_twelve_or_less(self):
        self.assertEqual(parse_date("03/04/2026", "dmy"), date(2026, 4, 3))
        self.assertEqual(parse_date("03/04/2026", "mdy"), date(2026, 3, 4))
        self.assertEqual(parse_date("04/04/2026"), date(2026, 4, 4))  # either way
        with self.assertRaises(ImportValueError) as caught:
            parse_date("03/04/2026")
        self.assertEqual(caught.exception.code, "date_ambiguous")

    def test_column_tells_the_order(self):
        self.assertEqual(date_order_of(["03/04/2026", "25/04/2026"]), "dmy")
        self.assertEqual(date_order_of(["", "04/25/2026", "03/04/2026"]), "mdy")
        self.assertIsNone(date_order_of(["03/04/2026", "2026-05-01"]))

    def test_impossible_and_malformed(self):
        for text, code in (
            ("2026-02-31", "invalid_date"),
            ("2026-13-01", "invalid_date"),
            ("31/02/2026", "invalid_date"),
            ("next Tuesday", "not_a_date"),
            ("", "not_a_date"),
        ):
            with self.assertRaises(ImportValueError, msg=text) as caught:
                parse_date(text)
            self.assertEqual(caught.exception.code, code, text)


class TestImportStatuses(BaseCase):
    """Status words of other systems, as the import matches them (name_key: case, spacing,
    full-width forms ignored)."""

    def _state(self, word):
        table = {
            name_key(label): state for state, labels in STATE_LABELS.items() for label in labels
        }
        return table.get(name_key(word))

    def test_wukong_approval_statuses(self):
        for word, state in (
            ("审核通过", "active"),
            ("审核中", "draft"),
            ("待审核", "draft"),
            ("审核未通过", "draft"),
            ("拒绝", "draft"),
            ("已撤回", "draft"),
            ("未提交", "draft"),
            ("已作废", "cancelled"),
        ):
            self.assertEqual(self._state(word), state, word)

    def test_other_systems_and_spelling(self):
        self.assertEqual(self._state("Activated"), "active")  # Salesforce
        self.assertEqual(self._state("  ACTIVATED "), "active")
        self.assertEqual(self._state("执行中"), "active")
        self.assertEqual(self._state("已到期"), "expired")
        self.assertEqual(self._state("Canceled"), "cancelled")
        self.assertIsNone(self._state("pending signature of the moon"))

    def test_no_word_means_two_statuses(self):
        seen = {}
        for state, labels in STATE_LABELS.items():
            for label in labels:
                key = name_key(label)
                self.assertEqual(seen.setdefault(key, state), state, label)
