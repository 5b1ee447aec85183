"""Receivables Ageing: what the instalments of each signed contract still owe, summed by
ageing bucket on the contract (the report reads a row per contract), kept right by every
change of an instalment or receipt and by the daily job as days pass."""

from datetime import date

from freezegun import freeze_time

from odoo.tools.safe_eval import safe_eval

from ..models.crm_contract_collection import AGEING_FIELDS
from .common import PaymentCase

AGEING = (*AGEING_FIELDS.values(), "amount_receivable")


class TestReceivablesAgeing(PaymentCase):
    def assertAgeing(self, contract, *amounts):
        self.assertEqual([contract[fname] for fname in AGEING], list(amounts))

    @freeze_time("2025-03-10")
    def test_buckets_sum_what_each_instalment_still_owes(self):
        contract = self._active_contract(amount=2100, date_start=date(2024, 1, 1))
        self._plans(
            contract,
            (date(2025, 3, 10), 100),  # due today: not late
            (date(2025, 2, 8), 200),  # 30 days late
            (date(2025, 2, 7), 300),  # 31 days
            (date(2024, 12, 10), 400),  # 90 days
            (date(2024, 12, 9), 500),  # 91 days
            (date(2025, 6, 1), 600),  # not due
        )
        self.assertAgeing(contract, 700, 200, 300, 400, 500, 2100)
        # A receipt pays the oldest instalments first: 91 days late, then 90 days in part.
        self._receipt(contract, 650, when=date(2025, 3, 10))
        self.assertAgeing(contract, 700, 200, 300, 250, 0, 1450)
        # Stored: the database answers the report's search and grouping.
        self.env.invalidate_all()
        groups = self.env["crm.contract"]._read_group(
            [("id", "=", contract.id), ("amount_receivable", ">", 0)],
            [],
            ["amount_late_61_90:sum", "amount_receivable:sum"],
        )
        self.assertEqual(groups, [(250, 1450)])

    @freeze_time("2025-03-10")
    def test_only_signed_contracts_owe(self):
        draft = self._create_contract(amount_total=500, date_start=date(2025, 1, 1))
        self._plans(draft, (date(2025, 1, 15), 500))
        self.assertAgeing(draft, 0, 0, 0, 0, 0, 0)
        draft.action_activate()
        self.assertAgeing(draft, 0, 0, 500, 0, 0, 500)
        # Terminating closes what is still open: nothing more is owed.
        draft._terminate("The customer closed the site.", date(2025, 3, 10))
        self.assertAgeing(draft, 0, 0, 0, 0, 0, 0)

    def test_daily_job_moves_amounts_between_buckets(self):
        with freeze_time("2025-03-10"):
            contract = self._active_contract(amount=1000)
            self._plans(contract, (date(2025, 3, 10), 400), (date(2025, 5, 1), 600))
            self.assertAgeing(contract, 1000, 0, 0, 0, 0, 1000)
        with freeze_time("2025-03-11"):
            self.Plan._cron_payment_plans()
            self.assertAgeing(contract, 600, 400, 0, 0, 0, 1000)
        with freeze_time("2025-06-15"):
            self.Plan._cron_payment_plans()
            self.env.invalidate_all()
            # 96 and 45 days late, read back from the database
            self.assertAgeing(contract, 0, 0, 600, 0, 400, 1000)
            self.assertEqual(
                self.env["crm.contract"].search(
                    [("id", "=", contract.id), ("amount_late_90_plus", "=", 400)]
                ),
                contract,
            )

    @freeze_time("2025-03-10")
    def test_report_rows_follow_the_readers_rights(self):
        own = self._active_contract(amount=300, user_id=self.user_own.id)
        other = self._active_contract(amount=700, user_id=self.user_own_2.id)
        self._plans(own, (date(2025, 3, 1), 300))
        self._plans(other, (date(2025, 3, 1), 700))
        action = self.env.ref("crm_contract.crm_contract_action_ageing")
        domain = [*safe_eval(action.domain), ("id", "in", (own | other).ids)]
        Contract = self.env["crm.contract"]

        def by_user(user):
            return dict(
                Contract.with_user(user)._read_group(domain, ["user_id"], ["amount_late_1_30:sum"])
            )

        self.assertEqual(by_user(self.user_own), {self.user_own: 300})
        self.assertEqual(by_user(self.user_all), {self.user_own: 300, self.user_own_2: 700})
