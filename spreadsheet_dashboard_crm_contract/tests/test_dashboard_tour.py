from datetime import date, timedelta

from odoo.tests import HttpCase, new_test_user, tagged


class DashboardTourCase(HttpCase):
    """An own-documents salesperson opens the Contracts dashboard from the Dashboards app and
    reads their own figures (another user's contract, larger, stays out of them), then the
    achievement report; desktop and phone, English and Chinese."""

    lang = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.lang:
            cls.env["res.lang"]._activate_lang(cls.lang)
            cls.env["ir.module.module"]._load_module_terms(
                ["base", "web", "spreadsheet", "spreadsheet_dashboard", "crm", "crm_contract",
                 "spreadsheet_dashboard_crm_contract"],
                [cls.lang],
                overwrite=True,
            )  # fmt: skip
        # salespeople of CRM (own documents: sales_team's group implies crm_contract's)
        groups = "base.group_user,sales_team.group_sale_salesman"
        cls.user = new_test_user(
            cls.env, login="dash_tour_user", name="Dana Dashboard", groups=groups,
            lang=cls.lang or "en_US",
        )  # fmt: skip
        other = new_test_user(cls.env, login="dash_tour_other", groups=groups)
        customer = cls.env["res.partner"].create({"name": "Tour Dashboard Ltd", "is_company": True})
        today = date.today()
        for user, amount, due in ((cls.user, 12000.0, 2500.0), (other, 90000.0, 40000.0)):
            contract = cls.env["crm.contract"].create(
                {
                    "name": f"Dashboard tour {user.login}",
                    "partner_id": customer.id,
                    "user_id": user.id,
                    "amount_total": amount,
                    "date_start": today - timedelta(days=30),
                    "date_end": today + timedelta(days=40),
                    "payment_plan_ids": [
                        (0, 0, {"date_due": today + timedelta(days=10), "amount": due}),
                        (0, 0, {"date_due": today + timedelta(days=90), "amount": amount - due}),
                    ],
                }
            )
            contract.action_activate()

    def _run_tour(self):
        self.assertTrue(self.user.has_group("crm_contract.crm_contract_group_user"))
        self.assertFalse(self.user.has_group("crm_contract.crm_contract_group_team"))
        self.start_tour("/odoo", "spreadsheet_dashboard_crm_contract_tour", login=self.user.login)


@tagged("post_install", "-at_install")
class TestDashboardTour(DashboardTourCase):
    def test_dashboard_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestDashboardTourMobile(DashboardTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_dashboard_phone(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestDashboardTourChinese(DashboardTourCase):
    lang = "zh_CN"

    def test_dashboard_desktop_zh_cn(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestDashboardTourChineseMobile(DashboardTourCase):
    lang = "zh_CN"
    browser_size = "375x667"
    touch_enabled = True

    def test_dashboard_phone_zh_cn(self):
        self._run_tour()
