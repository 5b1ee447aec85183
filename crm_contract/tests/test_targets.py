"""Sales targets and the achievement report: a manager sets a year of monthly targets for a
team of five, and the report's target, actual and completion per month and quarter agree
with a direct sum of the signed contracts and confirmed receipts, for the manager and within
the rules of a salesperson and of a team leader."""

from collections import defaultdict
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import PaymentCase

OWN = "base.group_user,crm_contract.crm_contract_group_user"
TEAM = "base.group_user,crm_contract.crm_contract_group_team"
YEAR = 2025
SIGNED_STATES = ("active", "expired", "terminated")


def quarter_of(day):
    return (day.month - 1) // 3 + 1


class TargetCase(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Target = cls.env["crm.contract.target"]
        cls.Report = cls.env["crm.contract.target.report"]
        cls.leader = new_test_user(cls.env, login="target_leader", name="Tara Leader", groups=TEAM)
        cls.sellers = cls.env["res.users"]
        for n in range(1, 6):
            cls.sellers |= new_test_user(
                cls.env, login=f"target_seller_{n}", name=f"Seller {n}", groups=OWN
            )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Target Team",
                "user_id": cls.leader.id,
                "crm_team_member_ids": [Command.create({"user_id": u.id}) for u in cls.sellers],
            }
        )
        cls.outsider = new_test_user(cls.env, login="target_outsider", name="Otto Out", groups=OWN)
        # what the five sell: a contract a seller and a quarter, receipts on some
        for index, seller in enumerate(cls.sellers):
            for month in (1, 4, 7, 10):
                contract = cls._active_contract(
                    1000.0 * (index + 1) + month,
                    user_id=seller.id,
                    team_id=cls.team.id,
                    date_signed=date(YEAR, month + index % 3, 5),
                )
                cls._receipt(contract, 100.0 * (index + 1), when=date(YEAR, month + 1, 10))
        outside = cls._active_contract(777.0, user_id=cls.outsider.id, date_signed=date(YEAR, 2, 2))
        cls._receipt(outside, 77.0, when=date(YEAR, 3, 3))
        # one cancelled and one draft contract: never counted
        cls._active_contract(
            5000.0, user_id=cls.sellers[0].id, team_id=cls.team.id, date_signed=date(YEAR, 3, 1)
        )._cancel("Signed twice")
        cls._create_contract(
            amount_total=9000.0, user_id=cls.sellers[0].id, date_signed=date(YEAR, 3, 1)
        )

    @classmethod
    def _year_targets(cls, kind="signed_amount", total=120000.0):
        return cls.Target.create(
            [
                {
                    "year": YEAR,
                    "kind": kind,
                    "scope": "user",
                    "user_id": seller.id,
                    "team_id": cls.team.id,
                    "target_year": total,
                }
                for seller in cls.sellers
            ]
        )

    def _direct(self, kind, key, domain=()):
        """{key(day, contract): actual} from the contracts and receipts of YEAR."""
        sums = defaultdict(float)
        contracts = self.env["crm.contract"].search(
            [("state", "in", SIGNED_STATES), ("date_signed", ">=", date(YEAR, 1, 1))]
            + [("date_signed", "<=", date(YEAR, 12, 31)), *domain]
        )
        if kind == "received_amount":
            receipts = self.env["crm.contract.payment"].search(
                [("state", "=", "confirmed"), ("date", ">=", date(YEAR, 1, 1))]
                + [("date", "<=", date(YEAR, 12, 31))]
                + [(f"contract_id.{f}", o, v) for f, o, v in domain]
            )
            for receipt in receipts:
                sums[key(receipt.date, receipt.contract_id)] += receipt.amount_company
        else:
            for contract in contracts:
                value = contract.amount_total_company if kind == "signed_amount" else 1
                sums[key(contract.date_signed, contract)] += value
        return {k: round(v, 2) for k, v in sums.items() if round(v, 2)}

    def _groups(self, report, domain, groupby):
        return report.read_group(
            [("date", ">=", f"{YEAR}-01-01"), ("date", "<=", f"{YEAR}-12-31"), *domain],
            ["target:sum", "actual:sum", "completion"],
            groupby,
            lazy=False,
        )


class TestTargets(TargetCase):
    def test_year_spread_over_the_months(self):
        targets = self._year_targets(total=100000.0)
        for target in targets:
            months = [target[f"target_{m:02d}"] for m in range(1, 13)]
            self.assertEqual(months[:11], [8333.33] * 11)
            self.assertAlmostEqual(months[11], 8333.37, places=2)
            self.assertAlmostEqual(target.target_year, 100000.0, places=2)
            self.assertAlmostEqual(target.target_q1, 24999.99, places=2)
            self.assertAlmostEqual(target.target_q4, 25000.03, places=2)
        count = self.Target.create(
            {"year": YEAR, "kind": "contract_count", "scope": "team", "team_id": self.team.id}
        )
        count.target_year = 50
        self.assertEqual([count[f"target_{m:02d}"] for m in range(1, 13)], [4.0] * 11 + [6.0])
        # typed on a row whose months are set, the year changes no month
        targets[0].target_03 = 9000.0
        self.assertAlmostEqual(targets[0].target_q1, 8333.33 * 2 + 9000.0, places=2)
        self.assertAlmostEqual(targets[0].target_year, 100000.0 - 8333.33 + 9000.0, places=2)

    def test_achievement_per_month_and_quarter(self):
        self._year_targets(total=120000.0)
        in_team = [("user_id", "in", self.sellers.ids)]
        base = [("kind", "=", "signed_amount"), ("level", "=", "user"), *in_team]
        actual = self._direct(
            "signed_amount", lambda day, c: day.month, [("user_id", "in", self.sellers.ids)]
        )
        groups = self._groups(self.Report, base, ["date:month"])
        self.assertEqual(len(groups), 12)
        for month, group in enumerate(groups, start=1):
            target = 50000.0
            self.assertAlmostEqual(group["target"], target, places=2)
            self.assertAlmostEqual(group["actual"], actual.get(month, 0.0), places=2)
            self.assertAlmostEqual(
                group["completion"], actual.get(month, 0.0) * 100.0 / target, places=6
            )
        quarters = self._groups(self.Report, base, ["date:quarter"])
        self.assertEqual(len(quarters), 4)
        for quarter, group in enumerate(quarters, start=1):
            done = sum(v for m, v in actual.items() if (m - 1) // 3 + 1 == quarter)
            self.assertAlmostEqual(group["target"], 150000.0, places=2)
            self.assertAlmostEqual(group["actual"], done, places=2)
            self.assertAlmostEqual(group["completion"], done * 100.0 / 150000.0, places=6)
        # per person and quarter: each against his own target
        by_user = self._groups(self.Report, base, ["user_id", "date:quarter"])
        direct = self._direct(
            "signed_amount",
            lambda day, c: (c.user_id.id, quarter_of(day)),
            [("user_id", "in", self.sellers.ids)],
        )
        self.assertEqual(len(by_user), 20)
        for group in by_user:
            quarter = int(group["date:quarter"].split()[0][1:])
            done = direct.get((group["user_id"][0], quarter), 0.0)
            self.assertAlmostEqual(group["actual"], done, places=2)
            self.assertAlmostEqual(group["completion"], done * 100.0 / 30000.0, places=6)

    def test_report_agrees_with_a_direct_sum(self):
        """Every kind at every level, for the company and per person and per team."""
        for kind in ("signed_amount", "received_amount", "contract_count"):
            for level, key, groupby in (
                ("user", lambda day, c: (day.month, c.user_id.id), ["date:month", "user_id"]),
                ("team", lambda day, c: (day.month, c.team_id.id), ["date:month", "team_id"]),
                (
                    "company",
                    lambda day, c: (day.month, c.company_id.id),
                    ["date:month", "company_id"],
                ),
            ):
                groups = self._groups(
                    self.Report, [("kind", "=", kind), ("level", "=", level)], groupby
                )
                found = {
                    (
                        int(g["__range"]["date:month"]["from"][5:7]),
                        g[groupby[1]] and g[groupby[1]][0],
                    ): round(g["actual"], 2)
                    for g in groups
                    if round(g["actual"], 2)
                }
                self.assertEqual(found, self._direct(kind, key), f"{kind} {level}")

    def test_within_the_rules_of_a_salesperson(self):
        self._year_targets(total=120000.0)
        seller = self.sellers[1]
        report = self.Report.with_user(seller)
        rows = report.search([])
        self.assertTrue(rows)
        self.assertEqual(set(rows.mapped("level")), {"user"})
        self.assertEqual(rows.user_id, seller)
        for kind in ("signed_amount", "received_amount", "contract_count"):
            groups = self._groups(report, [("kind", "=", kind)], ["date:month"])
            found = {
                int(g["__range"]["date:month"]["from"][5:7]): round(g["actual"], 2)
                for g in groups
                if round(g["actual"], 2)
            }
            self.assertEqual(
                found,
                self._direct(kind, lambda day, c: day.month, [("user_id", "=", seller.id)]),
                kind,
            )
        total = self._groups(report, [("kind", "=", "signed_amount")], [])[0]
        self.assertAlmostEqual(total["target"], 120000.0, places=2)
        # his own target only
        self.assertEqual(self.Target.with_user(seller).search([]).user_id, seller)

    def test_within_the_rules_of_a_team_leader(self):
        self._year_targets(total=120000.0)
        team_target = self.Target.create(
            {"year": YEAR, "scope": "team", "team_id": self.team.id, "target_year": 600000.0}
        )
        report = self.Report.with_user(self.leader)
        rows = report.search([])
        self.assertEqual(set(rows.mapped("level")), {"user", "team"})
        self.assertEqual(rows.team_id, self.team)
        self.assertNotIn(self.outsider, rows.user_id)
        groups = self._groups(
            report, [("kind", "=", "signed_amount"), ("level", "=", "team")], ["date:quarter"]
        )
        direct = self._direct(
            "signed_amount", lambda day, c: quarter_of(day), [("team_id", "=", self.team.id)]
        )
        for quarter, group in enumerate(groups, start=1):
            self.assertAlmostEqual(group["actual"], direct.get(quarter, 0.0), places=2)
            self.assertAlmostEqual(group["target"], 150000.0, places=2)
        leader_targets = self.Target.with_user(self.leader).search([])
        self.assertEqual(leader_targets, self._year_targets_found() | team_target)
        # the outsider sees neither the team's rows nor its targets
        outsider = self.Report.with_user(self.outsider).search([])
        self.assertEqual(outsider.user_id, self.outsider)
        self.assertFalse(self.Target.with_user(self.outsider).search([]))

    def _year_targets_found(self):
        return self.Target.search([("user_id", "in", self.sellers.ids), ("year", "=", YEAR)])

    def test_completion_without_target_and_company_target(self):
        company_target = self.Target.create(
            {"year": YEAR, "scope": "company", "kind": "received_amount", "target_01": 1000.0}
        )
        groups = self._groups(
            self.Report,
            [("kind", "=", "received_amount"), ("level", "=", "company")],
            ["date:month"],
        )
        received = self._direct("received_amount", lambda day, c: day.month)
        for group in groups:
            month = int(group["__range"]["date:month"]["from"][5:7])
            if month == 1:
                self.assertEqual(group["target"], 1000.0)
                self.assertAlmostEqual(
                    group["completion"], received.get(1, 0.0) * 100.0 / 1000.0, places=6
                )
            else:
                self.assertEqual((group["target"], group["completion"]), (0.0, 0.0))
        company_target.active = False
        self.assertFalse(
            self.Report.search_count(
                [
                    ("target", "!=", 0),
                    ("level", "=", "company"),
                    ("kind", "=", "received_amount"),
                    ("date", ">=", f"{YEAR}-01-01"),
                    ("date", "<=", f"{YEAR}-12-31"),
                ]
            )
        )


class TestTargetChecks(TargetCase):
    def test_one_target_per_company_year_kind_and_scope(self):
        self._year_targets()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Target.create(
                {
                    "year": YEAR,
                    "scope": "user",
                    "user_id": self.sellers[0].id,
                    "team_id": self.team.id,
                }
            )
        # under another team (or none) it is the same person's target
        for team in (self.env["crm.team"], self.env["crm.team"].create({"name": "Elsewhere"})):
            with self.assertRefused(
                ValidationError,
                "There is already a target for this year, kind and scope: Seller 1, 2025, "
                "Signed Amount.",
            ):
                self.Target.create(
                    {
                        "year": YEAR,
                        "scope": "user",
                        "user_id": self.sellers[0].id,
                        "team_id": team.id,
                    }
                )
        # another kind, year or scope is another target
        self.Target.create(
            [
                {
                    "year": YEAR,
                    "scope": "user",
                    "user_id": self.sellers[0].id,
                    "kind": "contract_count",
                },
                {"year": YEAR + 1, "scope": "user", "user_id": self.sellers[0].id},
                {"year": YEAR, "scope": "team", "team_id": self.team.id},
                {"year": YEAR, "scope": "company"},
            ]
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Target.create({"year": YEAR, "scope": "company"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Target.create({"year": YEAR, "scope": "team", "team_id": self.team.id})

    def test_scope_consistency(self):
        for vals, message in (
            ({"scope": "user"}, "a salesperson's target needs the salesperson"),
            ({"scope": "team"}, "a team's target needs the team"),
            (
                {"scope": "team", "team_id": self.team.id, "user_id": self.sellers[0].id},
                "a team's target needs the team, and no salesperson",
            ),
            ({"scope": "company", "team_id": self.team.id}, "a company's target has no team"),
            (
                {"scope": "company", "user_id": self.sellers[0].id},
                "a company's target has no team and no salesperson",
            ),
        ):
            with self.assertRefused(ValidationError, message):
                self.Target.create(dict(vals, year=YEAR))
        target = self.Target.create({"year": YEAR, "scope": "user", "user_id": self.leader.id})
        with self.assertRefused(ValidationError, "a salesperson's target needs the salesperson"):
            target.user_id = False

    def test_negative_months_refused(self):
        with self.assertRefused(ValidationError, "Mar, Nov: a target cannot be negative"):
            self.Target.create(
                {
                    "year": YEAR,
                    "scope": "user",
                    "user_id": self.leader.id,
                    "target_03": -1.0,
                    "target_11": -5.0,
                }
            )
        target = self._year_targets()[0]
        with self.assertRefused(ValidationError, "Dec: a target cannot be negative"):
            target.target_12 = -0.01
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Target.create({"year": 1999, "scope": "company"})


class TestRankings(TargetCase):
    def _action_domain(self, xmlid):
        action = self.env.ref(xmlid)
        return safe_eval(action.domain or "[]"), safe_eval(action.context or "{}")

    def test_ranking_by_person(self):
        domain, context = self._action_domain("crm_contract.crm_contract_ranking_action")
        self.assertEqual(context.get("search_default_groupby_user"), 1)
        for kind in ("signed_amount", "received_amount", "contract_count"):
            groups = self.Report.read_group(
                domain
                + [("kind", "=", kind), ("level", "=", "user")]
                + [("date", ">=", f"{YEAR}-01-01"), ("date", "<=", f"{YEAR}-12-31")],
                ["actual:sum"],
                ["user_id"],
                orderby="actual desc",
                lazy=False,
            )
            direct = self._direct(kind, lambda day, c: c.user_id.id)
            ranked = [(g["user_id"] and g["user_id"][0], round(g["actual"], 2)) for g in groups]
            self.assertEqual(dict(ranked), direct)
            values = [value for _user, value in ranked]
            self.assertEqual(values, sorted(values, reverse=True), "the largest first")
            if kind == "signed_amount":
                first = next(user for user, _value in ranked if user in self.sellers.ids)
        # the first of the team by amount signed: the fifth seller
        self.assertEqual(first, self.sellers[4].id)

    def test_product_ranking(self):
        Product = self.env["product.product"]
        desk, chair = Product.create([{"name": "Rank Desk"}, {"name": "Rank Chair"}])
        for state, lines in (
            ("active", [(desk, 2, 500.0), (chair, 10, 40.0)]),
            ("active", [(chair, 20, 40.0)]),
            ("draft", [(desk, 50, 500.0)]),
        ):
            contract = self._create_contract(
                date_start=date(YEAR, 1, 1),
                date_end=date(YEAR, 12, 31),
                line_ids=[
                    Command.create({"product_id": p.id, "quantity": q, "price_unit": u})
                    for p, q, u in lines
                ],
            )
            if state == "active":
                contract.action_activate()
        domain, _context = self._action_domain("crm_contract.crm_contract_product_ranking_action")
        groups = self.env["crm.contract.line"].read_group(
            domain + [("product_id", "in", (desk | chair).ids)],
            ["price_subtotal:sum"],
            ["product_id"],
            orderby="price_subtotal desc",
            lazy=False,
        )
        self.assertEqual(
            [(g["product_id"][0], g["price_subtotal"]) for g in groups],
            [(chair.id, 1200.0), (desk.id, 1000.0)],
        )

    def test_salesperson_typed_in_the_grid_brings_his_team(self):
        with Form(self.Target) as target:
            target.user_id = self.sellers[2]
            self.assertEqual(target.team_id, self.team)
            target.target_year = 6000
        self.assertEqual(target.record.target_01, 500.0)
        with Form(self.Target) as company_target:
            company_target.year = YEAR  # this year's company target is in the demo data
            company_target.user_id = self.sellers[3]
            company_target.scope = "company"
            self.assertFalse(company_target.user_id)
            self.assertFalse(company_target.team_id)
