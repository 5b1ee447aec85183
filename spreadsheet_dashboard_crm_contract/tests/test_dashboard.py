from datetime import date, timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import (
    LIST_FIELD,
    PIVOT_MEASURE,
    SAMPLE_FILE,
    DashboardCase,
    evaluate_domain,
    load_json,
)


def cents(amounts):
    """Amounts rounded to the cent, for comparisons of sums."""
    return {key: round(value, 2) for key, value in amounts.items()}


def leaves(domain):
    return [leaf for leaf in domain if isinstance(leaf, list | tuple)]


@tagged("post_install", "-at_install")
class TestDashboardDefinition(DashboardCase):
    """The JSON against the models: every model, field and menu it names exists, every filter
    is matched to a field of the filter's model."""

    def field_at(self, model, chain):
        """The field at the end of a dotted chain from ``model``, failing on a missing link."""
        field = None
        for name in chain.split("."):
            self.assertTrue(
                name in self.env[model]._fields, f"{model} has no field {name} ({chain})"
            )
            field = self.env[model]._fields[name]
            model = field.comodel_name or model
        return field

    def groupable(self, model, name):
        return self.env[model].fields_get([name], ["groupable"])[name]["groupable"]

    def test_sources_name_existing_fields(self):
        sources = list(self.data_sources())
        self.assertEqual(len(sources), 14)  # 6 pivots, 2 lists, 6 ranking charts
        for kind, source_id, model, domain, _matching, definition in sources:
            where = f"{kind} {source_id}"
            self.assertIn(model, self.env, where)
            for leaf in leaves(evaluate_domain(domain)):
                self.field_at(model, leaf[0])
            if kind == "pivot":
                for dimension in definition["rows"] + definition["columns"]:
                    field = self.field_at(model, dimension["fieldName"])
                    self.assertTrue(self.groupable(model, field.name), f"{where}: {field}")
                    if dimension.get("granularity"):
                        self.assertIn(field.type, ("date", "datetime"), where)
                for measure in definition["measures"]:
                    if measure["fieldName"] != "__count":
                        field = self.field_at(model, measure["fieldName"])
                        self.assertTrue(field.aggregator, f"{where}: {field} has no aggregator")
            elif kind == "list":
                for name in definition["columns"] + [o["name"] for o in definition["orderBy"]]:
                    self.assertTrue(self.field_at(model, name).store, f"{where}: {name}")
            else:
                meta = definition["metaData"]
                self.assertEqual(meta["order"], "DESC", f"{where}: a ranking, highest first")
                self.assertTrue(self.field_at(model, meta["measure"]).aggregator, where)
                for name in meta["groupBy"]:
                    self.assertTrue(self.field_at(model, name.split(":")[0]), where)
                    self.assertTrue(self.groupable(model, name.split(":")[0]), where)

    def test_every_filter_matches_a_field_of_its_model(self):
        labels = [f["label"] for f in self.spreadsheet["globalFilters"]]
        self.assertEqual(labels, ["Period", "Sales Team", "Person in Charge", "Company"])
        for kind, source_id, model, _domain, matching, _definition in self.data_sources():
            for filter_id, match in matching.items():
                gfilter = self.filters[filter_id]
                field = self.field_at(model, match["chain"])
                where = f"{kind} {source_id}: {gfilter['label']} on {match['chain']}"
                if gfilter["type"] == "date":
                    self.assertEqual((field.type, match["type"]), ("date", "date"), where)
                else:
                    self.assertEqual(field.comodel_name, gfilter["modelName"], where)
            # the team, person and company filters concern every data source
            relation_filters = {i for i, f in self.filters.items() if f["type"] == "relation"}
            self.assertLessEqual(relation_filters, set(matching), f"{kind} {source_id}")

    def test_formulas_name_existing_sources_and_measures(self):
        pivots, lists = self.spreadsheet["pivots"], self.spreadsheet["lists"]
        contents = [
            cell["content"]
            for sheet in self.spreadsheet["sheets"]
            for cell in sheet["cells"].values()
        ]
        formulas = "\n".join(contents)
        used = set()
        for pivot_id, measure in PIVOT_MEASURE.findall(formulas):
            self.assertIn(measure, [m["fieldName"] for m in pivots[pivot_id]["measures"]])
            used.add(("pivot", pivot_id))
        for list_id, field in LIST_FIELD.findall(formulas):
            self.assertIn(field, lists[list_id]["columns"])
            used.add(("list", list_id))
        # every pivot and list is shown somewhere
        self.assertEqual(
            used, {("pivot", i) for i in pivots} | {("list", i) for i in lists}, "unused sources"
        )
        cells = {
            f"{sheet['name']}!{name}": cell["content"]
            for sheet in self.spreadsheet["sheets"]
            for name, cell in sheet["cells"].items()
        }
        for sheet in self.spreadsheet["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                if chart["type"] == "scorecard":
                    self.assertIn(chart["keyValue"], cells, figure["id"])
                    self.assertIn(chart["baseline"], cells, figure["id"])
        for xmlid in self.spreadsheet["chartOdooMenusReferences"].values():
            self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)
        for content in contents:
            if content.startswith("[") and "odoo://ir_menu_xml_id/" in content:
                xmlid = content.split("odoo://ir_menu_xml_id/")[1].rstrip(")")
                self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)

    def test_dashboard_record(self):
        dashboard = self.env.ref(
            "spreadsheet_dashboard_crm_contract.spreadsheet_dashboard_contracts"
        )
        self.assertEqual(
            dashboard.dashboard_group_id,
            self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_group_sales"),
        )
        self.assertEqual(dashboard.group_ids, self.env.ref("crm_contract.crm_contract_group_user"))
        self.assertEqual(dashboard.main_data_model_ids.model, "crm.contract")
        self.assertTrue(dashboard.is_published)
        self.assertEqual(dashboard.get_readonly_dashboard()["snapshot"], self.spreadsheet)
        sample = load_json(SAMPLE_FILE)
        self.assertFalse(sample["pivots"] or sample["lists"], "the sample reads no data")
        self.assertEqual(sample["globalFilters"], self.spreadsheet["globalFilters"])
        # a user of the contracts who sees none (the only one of a company without contracts)
        # gets the sample; users outside the contracts' groups do not see the dashboard
        company = self.env["res.company"].create({"name": "Dashboard Newcomer Co"})
        newcomer = new_test_user(
            self.env,
            login="dash_newcomer",
            groups="crm_contract.crm_contract_group_user",
            company_id=company.id,
            company_ids=[company.id],
        )
        visible = self.env["spreadsheet.dashboard"].with_user(newcomer).search([])
        self.assertIn(dashboard, visible)
        self.assertTrue(dashboard.with_user(newcomer).get_readonly_dashboard()["is_sample"])
        self.assertNotIn("is_sample", dashboard.with_user(self.user_own).get_readonly_dashboard())
        outsider = new_test_user(self.env, login="dash_outsider", groups="base.group_user")
        self.assertNotIn(
            dashboard, self.env["spreadsheet.dashboard"].with_user(outsider).search([])
        )


@tagged("post_install", "-at_install")
class TestDashboardRequests(DashboardCase):
    """The dashboard's data requests, as an own-documents user and as a manager, against the
    records they stand for. In a company of their own: the demo data (dated from the day it
    was installed) stays out of the figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        cls.dash_company = cls.env["res.company"].create({"name": "Dashboard Co"})

        def user(login, group, companies=cls.dash_company):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"base.group_user,crm_contract.{group}",
                company_id=cls.dash_company.id,
                company_ids=companies.ids,
            )

        cls.user_own = user("dash_own", "crm_contract_group_user")
        cls.user_own_2 = user("dash_own_2", "crm_contract_group_user")
        # the manager works in both companies (the demo data's too)
        cls.user_manager = user(
            "dash_manager", "crm_contract_group_manager", cls.dash_company | cls.env.company
        )
        cls.leader = user("dash_team_leader", "crm_contract_group_team")
        cls.team = cls.env["crm.team"].create(
            {"name": "Dashboard Team", "company_id": cls.dash_company.id}
        )
        cls.own_contract = cls._active_contract(
            12000.0,
            user_id=cls.user_own.id,
            team_id=cls.team.id,
            company_id=cls.dash_company.id,
            date_start=today - timedelta(days=100),
            date_end=today + timedelta(days=30),
        )
        cls.own_due = cls._plans(
            cls.own_contract,
            (today + timedelta(days=10), 2500.0),
            (today - timedelta(days=40), 3000.0),
            (today + timedelta(days=200), 6500.0),
        )
        cls.other_contract = cls._active_contract(
            50000.0,
            user_id=cls.user_own_2.id,
            company_id=cls.dash_company.id,
            date_start=today - timedelta(days=100),
            date_end=today + timedelta(days=45),
        )
        cls._plans(cls.other_contract, (today + timedelta(days=5), 7000.0))
        cls.env["crm.contract.target"].create(
            {
                "year": today.year,
                "kind": "signed_amount",
                "scope": "user",
                "company_id": cls.dash_company.id,
                "user_id": cls.user_own.id,
                "team_id": cls.team.id,
                f"target_{today.month:02d}": 10000.0,
            }
        )
        cls._receipt(cls.own_contract, 1000.0, plan=cls.own_due[1], when=today)

    def expected(self, user, model, domain):
        """The records of a data source a user may read, searched directly."""
        return self.env[model].with_user(user).search(evaluate_domain(domain))

    def test_own_documents_user_sees_only_own_figures(self):
        results = self.requests(self.user_own)
        pivots = self.spreadsheet["pivots"]
        # against target: signed this month and this year, received, number of contracts
        month, year = results["pivot", "1"], results["pivot", "2"]
        by_kind = {g["kind"]: g for g in month["kind",]}
        self.assertEqual(by_kind["signed_amount"]["actual"], 12000.0)
        self.assertEqual(by_kind["signed_amount"]["target"], 10000.0)
        self.assertEqual(by_kind["received_amount"]["actual"], 1000.0)
        by_kind = {g["kind"]: g for g in year["kind",]}
        self.assertEqual(by_kind["signed_amount"]["actual"], 12000.0)
        self.assertEqual(by_kind["contract_count"]["actual"], 1.0)
        # the rankings: the own user only
        for index in range(1, 7):
            for group in results["chart", f"crm_contract_ranking_{index}"]:
                if "user_id" in group:
                    self.assertEqual(group["user_id"][0], self.user_own.id)
                else:
                    self.assertEqual(group["team_id"], (self.team.id, self.team.display_name))
        # expiring within 60 days: the own contract only
        self.assertEqual(self.total(results["pivot", "6"], "__count"), 1)
        self.assertEqual(self.total(results["pivot", "6"], "amount_total"), 12000.0)
        self.assertEqual([r["id"] for r in results["list", "2"]], self.own_contract.ids)
        # falling due within 30 days: 2,500, not the other user's 7,000
        self.assertEqual(self.total(results["pivot", "5"], "amount_residual"), 2500.0)
        self.assertEqual([r["id"] for r in results["list", "1"]], self.own_due[0].ids)
        # overdue by ageing: the instalment 40 days late
        ageing = results["pivot", "4"][()][0]
        self.assertEqual(ageing["amount_overdue"], 2000.0)  # 3,000 less the receipt of 1,000
        self.assertEqual(ageing["amount_late_31_60"], 2000.0)
        self.assertEqual(ageing["amount_late_1_30"] or 0.0, 0.0)
        for pivot_id in ("4", "5", "6"):
            pivot = pivots[pivot_id]
            found = self.expected(self.user_own, pivot["model"], pivot["domain"])
            self.assertEqual(found.mapped("user_id"), self.user_own, pivot_id)

    def test_manager_sees_everyone_and_filters_narrow(self):
        results = self.requests(self.user_manager)
        # the ranking by signed amount: each person's contracts signed this year, summed
        year = date.today().year
        signed = (
            self.env["crm.contract"]
            .with_user(self.user_manager)
            .search(
                [
                    ("state", "in", ["active", "expired", "terminated"]),
                    ("date_signed", ">=", date(year, 1, 1)),
                    ("date_signed", "<=", date(year, 12, 31)),
                ]
            )
        )
        expected = {}
        for contract in signed:
            expected[contract.user_id.id] = (
                expected.get(contract.user_id.id, 0.0) + contract.amount_total_company
            )
        ranking = {g["user_id"][0]: g["actual"] for g in results["chart", "crm_contract_ranking_1"]}
        expected = {user: amount for user, amount in expected.items() if user}
        self.assertEqual(cents(ranking), cents(expected))
        self.assertEqual(ranking[self.user_own_2.id], 50000.0)
        for pivot_id, measure in (("5", "amount_residual"), ("6", "amount_total")):
            pivot = self.spreadsheet["pivots"][pivot_id]
            found = self.expected(self.user_manager, pivot["model"], pivot["domain"])
            contracts = found.contract_id if pivot["model"] != "crm.contract" else found
            self.assertIn(self.other_contract, contracts)
            self.assertAlmostEqual(
                self.total(results["pivot", pivot_id], measure), sum(found.mapped(measure))
            )
        # the Sales Team filter keeps the team's contract only
        team = self.requests(self.user_manager, {"Sales Team": self.team.ids})
        self.assertEqual(self.total(team["pivot", "6"], "__count"), 1)
        self.assertEqual(self.total(team["pivot", "5"], "amount_residual"), 2500.0)
        self.assertEqual([r["id"] for r in team["list", "2"]], self.own_contract.ids)
        # the person in charge filter, the other user's
        other = self.requests(self.user_manager, {"Person in Charge": self.user_own_2.ids})
        self.assertEqual(self.total(other["pivot", "5"], "amount_residual"), 7000.0)
        self.assertEqual(self.total(other["pivot", "4"], "amount_overdue"), 0.0)
        # the company filter: this test's company, none of the demo data
        company = self.requests(self.user_manager, {"Company": self.dash_company.ids})
        self.assertEqual(self.total(company["pivot", "6"], "__count"), 2)
        self.assertEqual(self.total(company["pivot", "5"], "amount_residual"), 9500.0)
        ranking = {g["user_id"][0]: g["actual"] for g in company["chart", "crm_contract_ranking_1"]}
        self.assertEqual(ranking, {self.user_own.id: 12000.0, self.user_own_2.id: 50000.0})

    def test_team_scope_user_sees_the_team(self):
        # the leader of the sales team (own and team documents) sees the team's contract,
        # signed by another salesperson, and not the contract outside the team
        leader = self.leader
        self.team.user_id = leader
        results = self.requests(leader)
        by_kind = {g["kind"]: g for g in results["pivot", "2"]["kind",]}
        self.assertEqual(by_kind["signed_amount"]["actual"], 12000.0)
        self.assertEqual(by_kind["signed_amount"]["target"], 10000.0)
        ranking = results["chart", "crm_contract_ranking_1"]
        self.assertEqual(
            [(g["user_id"][0], g["actual"]) for g in ranking], [(self.user_own.id, 12000.0)]
        )
        self.assertEqual([r["id"] for r in results["list", "2"]], self.own_contract.ids)
        self.assertEqual(self.total(results["pivot", "5"], "amount_residual"), 2500.0)

    def test_relative_periods_follow_today(self):
        # an instalment due in 31 days and a contract ending in 61 days are not shown yet
        today = date.today()
        late = self._active_contract(
            800.0,
            user_id=self.user_own.id,
            company_id=self.dash_company.id,
            date_start=today - timedelta(days=10),
            date_end=today + timedelta(days=61),
        )
        self._plans(late, (today + timedelta(days=31), 800.0))
        results = self.requests(self.user_own)
        self.assertEqual(self.total(results["pivot", "5"], "amount_residual"), 2500.0)
        self.assertEqual(self.total(results["pivot", "6"], "__count"), 1)
        domain = evaluate_domain(self.spreadsheet["pivots"]["6"]["domain"])
        self.assertIn(
            ["date_end", "<=", fields.Date.to_string(today + timedelta(days=60))],
            [list(leaf) for leaf in domain],
        )
