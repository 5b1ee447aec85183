"""Targets, achievement and the money summary over HTTP JSON-RPC, as an adversarial user
tries them: a salesperson neither sets targets nor reads other people's, nor the summary;
nobody sets the company-currency amounts or a contract's part of the summary."""

from datetime import date

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import call_kw, money_direct, money_summary

OWN = "base.group_user,crm_contract.crm_contract_group_user"
ALL = "base.group_user,crm_contract.crm_contract_group_user_all"
MANAGER = "base.group_user,crm_contract.crm_contract_group_manager"
COMPUTED = "computed by the addon, cannot be set directly"


@tagged("post_install", "-at_install")
class TestTargetsRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.olivia = new_test_user(env, login="tr_olivia", name="Olivia Target", groups=OWN)
        cls.oscar = new_test_user(env, login="tr_oscar", name="Oscar Target", groups=OWN)
        cls.alice = new_test_user(env, login="tr_alice", groups=ALL)
        cls.mark = new_test_user(env, login="tr_mark", groups=MANAGER)
        cls.admin = new_test_user(env, login="tr_admin", groups=MANAGER + ",base.group_system")
        customer = env["res.partner"].create({"name": "Target RPC Ltd", "is_company": True})
        cls.contracts = env["crm.contract"]
        for user, amount in ((cls.olivia, 1000.0), (cls.oscar, 2000.0)):
            contract = env["crm.contract"].create(
                {
                    "name": f"RPC target {user.login}",
                    "partner_id": customer.id,
                    "amount_total": amount,
                    "user_id": user.id,
                    "date_signed": date(2025, 3, 3),
                    "date_start": date(2025, 1, 1),
                    "date_end": date(2025, 12, 31),
                }
            )
            contract.action_activate()
            cls.contracts |= contract
        cls.plan = env["crm.contract.payment.plan"].create(
            {"contract_id": cls.contracts[0].id, "date_due": date(2025, 4, 1), "amount": 1000}
        )
        cls.receipt = env["crm.contract.payment"].create(
            {"contract_id": cls.contracts[0].id, "amount": 300, "date": date(2025, 4, 2)}
        )
        cls.receipt.action_confirm()
        Target = env["crm.contract.target"]
        cls.olivia_target = Target.create(
            {"year": 2025, "scope": "user", "user_id": cls.olivia.id, "target_year": 12000}
        )
        cls.oscar_target = Target.create(
            {"year": 2025, "scope": "user", "user_id": cls.oscar.id, "target_year": 24000}
        )
        cls.company_target = Target.create({"year": 2025, "scope": "company", "target_01": 5})

    def _call(self, model, method, args, kwargs=None):
        return call_kw(self, model, method, args, kwargs)

    def assertRpcRefused(self, model, method, args, kwargs=None, text=None):
        with self.assertRaises(JsonRpcException) as caught:
            self._call(model, method, args, kwargs)
        if text:
            self.assertIn(text, str(caught.exception))
        return caught.exception

    def test_salesperson_targets(self):
        self.authenticate("tr_olivia", "tr_olivia")
        Target = "crm.contract.target"
        found = self._call(Target, "search_read", [[]], {"fields": ["user_id", "target_year"]})
        self.assertEqual([row["id"] for row in found], self.olivia_target.ids)
        for target in (self.oscar_target, self.company_target):
            self.assertRpcRefused(Target, "read", [target.ids, ["target_year"]])
        self.assertRpcRefused(
            Target, "create", [{"year": 2026, "scope": "user", "user_id": self.olivia.id}]
        )
        self.assertRpcRefused(Target, "write", [self.olivia_target.ids, {"target_01": 1}])
        self.assertRpcRefused(Target, "unlink", [self.olivia_target.ids])
        self.assertRpcRefused(Target, "write", [self.oscar_target.ids, {"target_01": 0}])
        self.assertEqual(self.oscar_target.target_01, 2000.0)
        self.assertTrue(self.olivia_target.exists())

    def test_salesperson_achievement_and_summary(self):
        self.authenticate("tr_olivia", "tr_olivia")
        Report = "crm.contract.target.report"
        rows = self._call(Report, "search_read", [[]], {"fields": ["level", "user_id", "actual"]})
        self.assertTrue(rows)
        self.assertEqual({(r["level"], r["user_id"][0]) for r in rows}, {("user", self.olivia.id)})
        groups = self._call(
            Report,
            "read_group",
            [[("kind", "=", "signed_amount")], ["actual:sum", "target:sum"], []],
            {"lazy": False},
        )
        self.assertEqual((groups[0]["actual"], groups[0]["target"]), (1000.0, 12000.0))
        oscar_rows = self.env[Report].search([("user_id", "=", self.oscar.id)])
        self.assertTrue(oscar_rows)
        self.assertRpcRefused(Report, "read", [oscar_rows[:1].ids, ["actual"]])
        # the summary is not his to read: it has every person's figures
        Summary = "crm.contract.money.month"
        self.assertRpcRefused(Summary, "search_read", [[]], {"fields": ["amount_signed"]})
        self.assertRpcRefused(
            Summary, "read_group", [[], ["amount_signed:sum"], ["user_id"]], {"lazy": False}
        )
        self.assertRpcRefused(
            "crm.contract", "read", [self.contracts[:1].ids, ["money_month_data"]]
        )

    def test_summary_has_no_create_or_write(self):
        row = self.env["crm.contract.money.month"].search([], limit=1)
        self.assertTrue(row)
        for login in ("tr_alice", "tr_mark", "tr_admin"):
            self.authenticate(login, login)
            Summary = "crm.contract.money.month"
            self.assertTrue(self._call(Summary, "search_read", [[]], {"fields": ["date"]}))
            self.assertRpcRefused(
                Summary,
                "create",
                [{"date": "2025-01-01", "company_id": self.env.company.id, "amount_signed": 1e6}],
            )
            self.assertRpcRefused(Summary, "write", [row.ids, {"amount_signed": 1e6}])
            self.assertRpcRefused(Summary, "unlink", [row.ids])
        self.assertEqual(money_summary(self.env), money_direct(self.env))

    def test_money_fields_cannot_be_set(self):
        contract = self.contracts[0]
        forged = {
            "currency_rate": 100.0,
            "amount_total_company": 1.0,
            "money_month_data": {"scope": [self.env.company.id, False, False], "months": {}},
        }
        for login in ("tr_mark", "tr_admin"):
            self.authenticate(login, login)
            for fname, value in forged.items():
                self.assertRpcRefused("crm.contract", "write", [contract.ids, {fname: value}])
                self.assertRpcRefused(
                    "crm.contract",
                    "create",
                    [{"name": "Forged", "partner_id": contract.partner_id.id, fname: value}],
                )
            for model, record in (
                ("crm.contract.payment.plan", self.plan),
                ("crm.contract.payment", self.receipt),
            ):
                self.assertRpcRefused(
                    model, "write", [record.ids, {"amount_company": 1.0}], text=COMPUTED
                )
            self.assertRpcRefused(
                "crm.contract.payment.plan",
                "create",
                [
                    {
                        "contract_id": contract.id,
                        "date_due": "2025-05-01",
                        "amount": 10,
                        "amount_company": 1e6,
                    }
                ],
                text=COMPUTED,
            )
            self.assertRpcRefused(
                "crm.contract.payment",
                "create",
                [
                    {
                        "contract_id": contract.id,
                        "date": "2025-05-01",
                        "amount": 10,
                        "amount_company": 1e6,
                    }
                ],
                text=COMPUTED,
            )
        # the admin is told why (the others do not even see the summary's field)
        self.authenticate("tr_admin", "tr_admin")
        for fname, value in forged.items():
            self.assertRpcRefused(
                "crm.contract", "write", [contract.ids, {fname: value}], text=COMPUTED
            )
        contract.invalidate_recordset()
        self.assertEqual((contract.currency_rate, contract.amount_total_company), (1.0, 1000.0))
        self.assertEqual((self.plan.amount_company, self.receipt.amount_company), (1000.0, 300.0))
        self.assertEqual(money_summary(self.env), money_direct(self.env))

    def test_manager_sets_targets_with_clear_refusals(self):
        self.authenticate("tr_alice", "tr_alice")
        Target = "crm.contract.target"
        new_id = self._call(
            Target,
            "create",
            [{"year": 2026, "scope": "user", "user_id": self.olivia.id, "target_year": 1200}],
        )
        self._call(Target, "write", [[new_id], {"target_02": 50}])
        self.assertRpcRefused(
            Target,
            "create",
            [{"year": 2026, "scope": "user", "user_id": self.olivia.id}],
            text="There is already a target for this year, kind and scope",
        )
        self.assertRpcRefused(
            Target,
            "create",
            [{"year": 2025, "scope": "company"}],
            text="There is already a target for this year, kind and scope",
        )
        self.assertRpcRefused(
            Target, "write", [[new_id], {"target_05": -3}], text="a target cannot be negative"
        )
        self.assertRpcRefused(
            Target, "write", [[new_id], {"scope": "company"}], text="a company's target has no"
        )
        self._call(Target, "unlink", [[new_id]])
        self.assertFalse(self.env[Target].browse(new_id).exists())
