"""The monthly money summary (crm.contract.money.month) against a direct sum of the
contracts, instalments and receipts after each way they change; company-currency amounts at
the rates of the signing and receipt dates; Planned vs Received read from the summary gives
what it gives from the rows."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user

from .common import ImportCase, PaymentCase, csv_bytes, money_direct, money_summary

TEAM = "base.group_user,crm_contract.crm_contract_group_team"
OWN = "base.group_user,crm_contract.crm_contract_group_user"


class RolledBack(Exception):
    """Raised to roll a savepoint back."""


class MoneyCase(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Summary Team"})
        cls.other_team = cls.env["crm.team"].create({"name": "Summary Other Team"})

    def assertSummaryRight(self):
        self.assertEqual(money_summary(self.env), money_direct(self.env))

    def _contract_key(self, contract, day):
        return (
            day.replace(day=1),
            contract.company_id.id,
            contract.team_id.id,
            contract.user_id.id,
        )


class TestMoneySummary(MoneyCase):
    def test_contract_with_instalments_and_receipts(self):
        contract = self._create_contract(
            amount_total=3000.0,
            user_id=self.user_own.id,
            team_id=self.team.id,
            date_start=date(2025, 1, 1),
            date_end=date(2025, 12, 31),
        )
        plans = self._plans(contract, (date(2025, 2, 10), 1000.0), (date(2025, 3, 10), 2000.0))
        # a draft contract's instalments are planned; it is not signed yet
        self.assertSummaryRight()
        key = self._contract_key(contract, date(2025, 2, 1))
        self.assertEqual(money_summary(self.env)[key], (0.0, 0, 1000.0, 1, 0.0, 0))
        contract.write({"date_signed": date(2025, 2, 3)})
        contract.action_activate()
        self.assertSummaryRight()
        self.assertEqual(money_summary(self.env)[key], (3000.0, 1, 1000.0, 1, 0.0, 0))
        self._receipt(contract, 400.0, plan=plans[0], when=date(2025, 2, 20))
        self.assertSummaryRight()
        self.assertEqual(money_summary(self.env)[key], (3000.0, 1, 1000.0, 1, 400.0, 1))

    def test_receipts_confirmed_cancelled_draft_deleted(self):
        contract = self._active_contract(3000.0, user_id=self.user_own.id)
        self._plans(contract, (date(2025, 4, 1), 3000.0))
        first = self._receipt(contract, 500.0, when=date(2025, 4, 2))
        second = self._receipt(contract, 700.0, when=date(2025, 5, 2), confirm=False)
        self.assertSummaryRight()
        second.action_confirm()
        self.assertSummaryRight()
        first.action_cancel()
        self.assertSummaryRight()
        first.action_draft()
        self.assertSummaryRight()
        first.unlink()
        self.assertSummaryRight()
        key = self._contract_key(contract, date(2025, 5, 1))
        self.assertEqual(money_summary(self.env)[key][4:], (700.0, 1))
        self.assertNotIn(
            self._contract_key(contract, date(2025, 4, 2)),
            {k for k, v in money_summary(self.env).items() if v[4]},
        )

    def test_instalment_changed_and_deleted(self):
        contract = self._active_contract(3000.0, user_id=self.user_own.id)
        plans = self._plans(contract, (date(2025, 4, 1), 1000.0), (date(2025, 6, 1), 2000.0))
        self.assertSummaryRight()
        plans[0].amount = 600.0
        self.assertSummaryRight()
        plans[1].date_due = date(2025, 8, 15)
        self.assertSummaryRight()
        plans[0].unlink()
        self.assertSummaryRight()
        summary = money_summary(self.env)
        self.assertNotIn(self._contract_key(contract, date(2025, 4, 1)), summary)
        self.assertEqual(summary[self._contract_key(contract, date(2025, 8, 1))][2:4], (2000.0, 1))

    def test_person_team_company_changed(self):
        contract = self._active_contract(2000.0, user_id=self.user_own.id, team_id=self.team.id)
        self._plans(contract, (date(2025, 3, 1), 2000.0))
        self._receipt(contract, 300.0, when=date(2025, 3, 5))
        self.assertSummaryRight()
        contract.user_id = self.user_own_2
        self.assertSummaryRight()
        contract.team_id = self.other_team
        self.assertSummaryRight()
        contract.write({"user_id": False, "team_id": False})
        self.assertSummaryRight()
        draft = self._create_contract(amount_total=800.0, user_id=self.user_own.id)
        self._plans(draft, (date(2025, 9, 1), 800.0))
        company_b = self.env["res.company"].create({"name": "Summary Company B"})
        (self.env.user | self.user_own).company_ids |= company_b
        draft.with_context(allowed_company_ids=[self.company.id, company_b.id]).write(
            {"company_id": company_b.id}
        )
        self.assertEqual(draft.company_id, company_b)
        self.assertSummaryRight()
        self.assertIn(
            (date(2025, 9, 1), company_b.id, draft.team_id.id, self.user_own.id),
            money_summary(self.env),
        )

    def test_signed_terminated_cancelled_expired(self):
        signed = self._create_contract(
            amount_total=1500.0,
            date_start=date(2025, 1, 1),
            date_end=date(2025, 12, 31),
            date_signed=date(2025, 1, 20),
        )
        self._plans(signed, (date(2025, 2, 1), 1500.0))
        self.assertSummaryRight()
        signed.action_activate()
        self.assertSummaryRight()
        signed._terminate("Customer closed", date(2025, 6, 30))
        self.assertEqual(signed.state, "terminated")
        self.assertSummaryRight()
        key = self._contract_key(signed, date(2025, 1, 20))
        self.assertEqual(money_summary(self.env)[key][:2], (1500.0, 1))

        cancelled = self._active_contract(900.0, date_signed=date(2025, 1, 5))
        self._plans(cancelled, (date(2025, 7, 1), 900.0))
        self.assertSummaryRight()
        cancelled._cancel("Signed by mistake")
        self.assertEqual(cancelled.state, "cancelled")
        self.assertSummaryRight()
        self.assertNotIn(self._contract_key(cancelled, date(2025, 7, 1)), money_summary(self.env))

        ending = self._active_contract(
            700.0, date_start=date(2024, 1, 1), date_end=date.today() - timedelta(days=1)
        )
        self.assertSummaryRight()
        self.env["crm.contract"]._cron_expire_contracts()
        self.assertEqual(ending.state, "expired")
        self.assertSummaryRight()

    def test_draft_contract_deleted(self):
        draft = self._create_contract(amount_total=1200.0, user_id=self.user_own.id)
        self._plans(draft, (date(2025, 10, 1), 1200.0))
        self.assertSummaryRight()
        draft.unlink()
        self.assertSummaryRight()
        self.assertNotIn(
            (date(2025, 10, 1), self.company.id, False, self.user_own.id), money_summary(self.env)
        )

    def test_many_contracts_in_one_create(self):
        contracts = self.env["crm.contract"].create(
            [
                {
                    "name": f"Bulk {n}",
                    "partner_id": self.customer.id,
                    "amount_total": 100.0 * n,
                    "user_id": (self.user_own, self.user_own_2)[n % 2].id,
                    "team_id": self.team.id,
                    "date_start": date(2025, 1, 1),
                    "date_end": date(2025, 12, 31),
                    "date_signed": date(2025, 1 + n % 12, 1),
                    "payment_plan_ids": [
                        Command.create({"date_due": date(2025, 1 + n % 12, 15), "amount": 50.0 * n})
                    ],
                }
                for n in range(1, 41)
            ]
        )
        self.assertSummaryRight()
        contracts.action_activate()
        self.assertSummaryRight()

    def test_changed_twice_with_a_read_between(self):
        contract = self._active_contract(1000.0, user_id=self.user_own.id)
        plan = self._plans(contract, (date(2025, 5, 1), 1000.0))
        key = self._contract_key(contract, date(2025, 5, 1))
        plan.amount = 800.0
        self.assertEqual(money_summary(self.env)[key][2], 800.0)
        plan.amount = 500.0
        contract.invalidate_recordset()
        self.assertEqual(money_summary(self.env)[key][2], 500.0)
        plan.amount = 400.0
        # read through the contract's own figure before the summary
        self.assertEqual(contract.money_month_data["months"]["2025-05-01"][2], 400.0)
        plan.amount = 300.0
        self.assertSummaryRight()
        self.assertEqual(money_summary(self.env)[key][2], 300.0)

    def test_savepoint_rolled_back(self):
        contract = self._active_contract(1000.0, user_id=self.user_own.id)
        plan = self._plans(contract, (date(2025, 5, 1), 1000.0))
        before = money_summary(self.env)
        with self.assertRaises(RolledBack), self.env.cr.savepoint():
            plan.amount = 600.0
            self._receipt(contract, 200.0, when=date(2025, 5, 3))
            self.assertNotEqual(money_summary(self.env), before)
            raise RolledBack
        self.assertEqual(money_summary(self.env), before)
        self.assertSummaryRight()
        plan.amount = 700.0
        self.assertSummaryRight()

    def test_compaction_keeps_the_sums(self):
        contract = self._active_contract(1000.0, user_id=self.user_own.id, team_id=self.team.id)
        plan = self._plans(contract, (date(2025, 5, 1), 1000.0))
        for amount in (900.0, 800.0, 700.0):
            plan.amount = amount
            money_summary(self.env)
        contract.user_id = self.user_own_2
        before = money_summary(self.env)
        Summary = self.env["crm.contract.money.month"].sudo()
        self.env.flush_all()
        self.assertGreater(Summary.search_count([]), len(before))
        Summary._cron_compact()
        self.assertEqual(money_summary(self.env), before)
        self.assertSummaryRight()
        rows = Summary.search([])
        keys = [(r.date, r.company_id, r.team_id, r.user_id) for r in rows]
        self.assertEqual(len(keys), len(set(keys)), "one row per month and scope")
        # a scope that adds up to nothing is dropped
        self.assertFalse(
            Summary.search([("user_id", "=", self.user_own.id), ("team_id", "=", self.team.id)])
        )
        # the summary stays right after the compaction
        plan.amount = 650.0
        self.assertSummaryRight()


class TestMoneySummaryImport(ImportCase):
    def test_imported_contracts(self):
        data = csv_bytes(
            [
                ["Contract Name", "Customer", "Owner", "Status", "Signed On", "Amount"],
                [
                    "Imported one",
                    "Harbour Freight Ltd",
                    "mitchell_import",
                    "执行中",
                    "2025-03-04",
                    "1200",
                ],
                [
                    "Imported two",
                    "Harbour Freight Ltd",
                    "mitchell_import",
                    "执行中",
                    "2025-04-05",
                    "800",
                ],
            ]
        )
        wizard = self._wizard(data)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 2, self._messages(wizard))
        summary = money_summary(self.env)
        self.assertEqual(summary, money_direct(self.env))
        imported = self.env["crm.contract"].search([("name", "like", "Imported ")])
        self.assertEqual(set(imported.mapped("state")), {"active"})
        march = (date(2025, 3, 1), self.env.company.id, imported[0].team_id.id, self.owner.id)
        self.assertEqual(summary[march][:2], (1200.0, 1))

    def test_background_import(self):
        params = self.env["ir.config_parameter"]
        params.set_param("crm_contract.import_background_rows", 2)
        params.set_param("crm_contract.import_chunk_rows", 2)
        Job = self.env["crm.contract.import.job"]
        Job.search([("state", "in", ("queued", "running"))]).write({"state": "failed"})
        rows = [["Contract Name", "Customer", "Status", "Signed On", "Amount"]] + [
            [f"Queued {n}", "Harbour Freight Ltd", "执行中", f"2025-0{n}-01", str(100 * n)]
            for n in range(1, 6)
        ]
        wizard = self._wizard(csv_bytes(rows), user=self.user_manager)
        action = wizard.action_import()
        self.assertEqual(action["res_model"], "crm.contract.import.job")
        calls = 0
        while Job._cron_process_imports():
            calls += 1
            self.assertLess(calls, 20)
        self.assertEqual(self.env["crm.contract"].search_count([("name", "like", "Queued ")]), 5)
        self.assertEqual(money_summary(self.env), money_direct(self.env))


class TestCurrencies(MoneyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_currency = cls.company.currency_id
        cls.foreign = (
            cls.env.ref("base.EUR")
            if company_currency != cls.env.ref("base.EUR")
            else cls.env.ref("base.USD")
        )
        cls.foreign.active = True
        Rate = cls.env["res.currency.rate"]
        Rate.search([("currency_id", "in", (cls.foreign | company_currency).ids)]).unlink()
        Rate.create(
            [
                {"currency_id": cls.foreign.id, "name": date(2025, 1, 1), "rate": 2.0},
                {"currency_id": cls.foreign.id, "name": date(2025, 6, 1), "rate": 4.0},
            ]
        )

    def test_company_currency_amounts(self):
        contract = self._create_contract(
            amount_total=1000.0,
            currency_id=self.foreign.id,
            user_id=self.user_own.id,
            date_start=date(2025, 1, 1),
            date_end=date(2025, 12, 31),
            date_signed=date(2025, 3, 1),
        )
        contract.action_activate()
        plans = self._plans(contract, (date(2025, 4, 1), 400.0), (date(2025, 8, 1), 600.0))
        early = self._receipt(contract, 300.0, when=date(2025, 2, 1))
        late = self._receipt(contract, 300.0, when=date(2025, 7, 1))
        self.assertEqual(contract.currency_rate, 2.0)
        self.assertEqual(contract.amount_total_company, 500.0)
        self.assertEqual(plans.mapped("amount_company"), [200.0, 300.0])
        self.assertEqual((early.amount_company, late.amount_company), (150.0, 75.0))
        self.assertSummaryRight()
        summary = money_summary(self.env)
        self.assertEqual(summary[self._contract_key(contract, date(2025, 3, 1))][:2], (500.0, 1))
        self.assertEqual(summary[self._contract_key(contract, date(2025, 2, 1))][4], 150.0)
        self.assertEqual(summary[self._contract_key(contract, date(2025, 7, 1))][4], 75.0)
        # Planned vs Received, in the company's currency, from the summary and the rows
        Report = self.env["crm.contract.payment.report"]
        domain = [("user_id", "=", self.user_own.id), ("date", ">=", "2025-01-01")]
        for extra in ([], [("contract_id", "!=", False)]):
            groups = Report.read_group(domain + extra, ["amount:sum"], ["kind"], lazy=False)
            self.assertEqual(
                {g["kind"]: g["amount"] for g in groups}, {"planned": 500.0, "received": 225.0}
            )
        # the achievement report too
        Achievement = self.env["crm.contract.target.report"]
        groups = Achievement.read_group(
            [("level", "=", "user"), ("user_id", "=", self.user_own.id)],
            ["actual:sum"],
            ["kind"],
            lazy=False,
        )
        self.assertEqual(
            {g["kind"]: g["actual"] for g in groups},
            {"signed_amount": 500.0, "received_amount": 225.0, "contract_count": 1.0},
        )
        # a draft contract is at today's rate until signed, then at its signing date's
        draft = self._create_contract(amount_total=800.0, currency_id=self.foreign.id)
        self.assertEqual(draft.amount_total_company, 200.0)  # today: the rate of June 2025
        draft.date_signed = date(2025, 1, 10)
        draft.action_activate()
        self.assertEqual(draft.amount_total_company, 400.0)
        self.assertSummaryRight()


class TestPlannedVsReceived(MoneyCase):
    """The report's groups read from the summary (users of all documents) are the groups
    read from the rows: the extra leaf ('contract_id', '!=', False) selects the same rows
    but sends the request to the rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_team = new_test_user(cls.env, login="summary_team", groups=TEAM)
        cls.team.user_id = cls.user_team
        for n, (user, team) in enumerate(
            [
                (cls.user_own, cls.team),
                (cls.user_own_2, cls.other_team),
                (cls.user_all, cls.team),
                (cls.user_own, cls.other_team),
            ]
        ):
            contract = cls._active_contract(
                5000.0 + n, user_id=user.id, team_id=team.id, date_signed=date(2025, 1 + n, 3)
            )
            plans = cls._plans(
                contract,
                (date(2025, 1 + n, 10), 1000.0 + n),
                (date(2025, 5 + n, 20), 2000.0),
                (date(2025, 11, 30), 2000.0 - 1),
            )
            cls._receipt(contract, 300.0 + n, plan=plans[0], when=date(2025, 2 + n, 1))
            cls._receipt(contract, 150.0, plan=plans[1], when=date(2025, 9, 30))
        cls.year = [("date", ">=", "2025-01-01"), ("date", "<=", "2025-12-31")]

    def _groups(self, report, domain, groupby):
        groups = report.read_group(domain, ["amount:sum"], groupby, lazy=False)
        return [
            {
                key: round(value, 2) if key == "amount" else value
                for key, value in group.items()
                if not key.startswith("__") or key == "__count"
            }
            for group in groups
        ]

    def assertSameGroups(self, report, domain, groupby):
        fast = self._groups(report, domain, groupby)
        detail = self._groups(report, domain + [("contract_id", "!=", False)], groupby)
        self.assertEqual(fast, detail, f"{domain} {groupby}")
        return fast

    def test_fast_path_reads_the_summary(self):
        """Test of the test: a row added to the summary alone shows on the fast path only."""
        Report = self.env["crm.contract.payment.report"]
        before = self._groups(Report, self.year, ["kind"])
        self.env["crm.contract.money.month"].sudo().create(
            {
                "date": date(2025, 3, 1),
                "company_id": self.company.id,
                "amount_planned": 1.0,
                "planned_count": 1,
            }
        )
        after = self._groups(Report, self.year, ["kind"])
        self.assertNotEqual(before, after)
        detail = self._groups(Report, self.year + [("contract_id", "!=", False)], ["kind"])
        self.assertEqual(detail, before)

    def test_as_the_report_opens(self):
        for report in (
            self.env["crm.contract.payment.report"],
            self.env["crm.contract.payment.report"].with_user(self.user_all),
        ):
            for groupby in ([], ["date:month"], ["kind"], ["date:month", "kind"]):
                groups = self.assertSameGroups(report, self.year, groupby)
                self.assertTrue(groups)
            # the graph: by month, the kind as the second grouping
            self.assertSameGroups(report, [], ["date:month", "kind"])

    def test_other_groupings_and_filters(self):
        report = self.env["crm.contract.payment.report"].with_user(self.user_all)
        for groupby in (
            ["date:quarter"],
            ["date:year"],
            ["user_id"],
            ["team_id"],
            ["team_id", "user_id", "kind"],
            ["date:quarter", "kind"],
            ["kind", "date:month"],
            ["partner_id"],
        ):
            self.assertSameGroups(report, self.year, groupby)
        for domain in (
            [("kind", "=", "received")],
            [("kind", "in", ["planned"])],
            [("kind", "!=", "planned")],
            [("user_id", "=", self.user_own.id)],
            [("team_id", "in", self.team.ids)],
            [("date", ">=", "2025-03-01"), ("date", "<", "2025-07-01")],
            ["|", ("user_id", "=", self.user_own.id), ("kind", "=", "received")],
        ):
            self.assertSameGroups(report, self.year + domain, ["date:month", "kind"])

    def test_dates_off_month_bounds_fall_back(self):
        report = self.env["crm.contract.payment.report"].with_user(self.user_all)
        for domain, keep in (
            ([("date", ">=", "2025-02-15")], lambda d: d >= date(2025, 2, 15)),
            ([("date", "<=", "2025-09-29")], lambda d: d <= date(2025, 9, 29)),
            ([("date", ">", "2025-05-01")], lambda d: d > date(2025, 5, 1)),
            ([("date", "<", "2025-11-30")], lambda d: d < date(2025, 11, 30)),
            ([("date", "=", "2025-11-30")], lambda d: d == date(2025, 11, 30)),
        ):
            groups = self._groups(report, domain, ["kind"])
            expected = self._direct(keep)
            self.assertEqual({g["kind"]: (g["amount"], g["__count"]) for g in groups}, expected)

    def _direct(self, keep):
        sums = {}
        plans = self.env["crm.contract.payment.plan"].search(
            [("contract_id.state", "!=", "cancelled")]
        )
        receipts = self.env["crm.contract.payment"].search([("state", "=", "confirmed")])
        for kind, records, fname in (
            ("planned", plans, "date_due"),
            ("received", receipts, "date"),
        ):
            chosen = records.filtered(lambda r, f=fname: r[f] and keep(r[f]))
            if chosen:
                sums[kind] = (round(sum(chosen.mapped("amount_company")), 2), len(chosen))
        return sums

    def test_own_and_team_users_read_their_rows(self):
        for user, contracts_domain in (
            (self.user_own, [("user_id", "=", self.user_own.id)]),
            (
                self.user_team,
                ["|", ("user_id", "=", self.user_team.id), ("team_id", "=", self.team.id)],
            ),
        ):
            report = self.env["crm.contract.payment.report"].with_user(user)
            contracts = self.env["crm.contract"].with_user(user).search([])
            self.assertEqual(
                contracts, self.env["crm.contract"].search(contracts_domain) | contracts
            )
            groups = self._groups(report, self.year, ["kind"])
            plans = contracts.payment_plan_ids.filtered(
                lambda p: p.date_due.year == 2025 and p.contract_id.state != "cancelled"
            )
            receipts = contracts.payment_ids.filtered(
                lambda r: r.state == "confirmed" and r.date.year == 2025
            )
            expected = {
                kind: (round(sum(records.mapped("amount_company")), 2), len(records))
                for kind, records in (("planned", plans), ("received", receipts))
                if records
            }
            self.assertEqual({g["kind"]: (g["amount"], g["__count"]) for g in groups}, expected)
            # fewer than everything
            everything = self._groups(self.env["crm.contract.payment.report"], self.year, [])
            self.assertLess(sum(g["__count"] for g in groups), everything[0]["__count"])

    def test_other_company_left_out(self):
        company_b = self.env["res.company"].create({"name": "Summary Company B"})
        self.env.user.company_ids |= company_b
        contract = (
            self.env["crm.contract"]
            .with_company(company_b)
            .create(
                {
                    "name": "Company B contract",
                    "partner_id": self.customer.id,
                    "company_id": company_b.id,
                    "amount_total": 4000.0,
                    "date_start": date(2025, 1, 1),
                    "date_end": date(2025, 12, 31),
                }
            )
        )
        self.env["crm.contract.payment.plan"].with_company(company_b).create(
            {"contract_id": contract.id, "date_due": date(2025, 6, 1), "amount": 4000.0}
        )
        self.assertSummaryRight()
        report = self.env["crm.contract.payment.report"].with_user(self.user_all)
        self.assertNotIn(company_b, self.user_all.company_ids)
        for groupby in (["kind"], ["date:month", "kind"], ["company_id"]):
            groups = self.assertSameGroups(report, self.year, groupby)
            self.assertNotIn(4000.0, [g["amount"] for g in groups])
        everything = self._groups(
            self.env["crm.contract.payment.report"], self.year, ["company_id"]
        )
        self.assertIn(company_b.id, [g["company_id"][0] for g in everything])
