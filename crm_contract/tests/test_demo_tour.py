from odoo.tests import HttpCase, tagged


class DemoContractTourCase(HttpCase):
    """Opens the demo contract "Office furniture supply 2026" (contacts, follow-ups,
    instalments and receipts) as admin, its person in charge, and visits every tab."""

    lang = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.env.ref("crm_contract.crm_contract_wood_corner_supply_demo")
        if cls.lang:
            cls.env["res.lang"]._activate_lang(cls.lang)
            cls.env["ir.module.module"]._load_module_terms(
                ["base", "web", "mail", "crm", "crm_contract"], [cls.lang], overwrite=True
            )
            cls.env.ref("base.user_admin").lang = cls.lang

    def _run_tour(self):
        contract = self.contract
        self.assertTrue(contract.contact_ids, "the demo contract has contacts")
        self.assertTrue(contract.followup_ids, "the demo contract has follow-ups")
        self.assertGreaterEqual(len(contract.payment_plan_ids), 4)
        self.assertGreaterEqual(len(contract.payment_ids), 2)
        if self.lang:
            admin = self.env.ref("base.user_admin")
            self.assertEqual(admin.lang, self.lang)
            action = self.env.ref("crm_contract.crm_contract_payment_action")
            self.assertEqual(action.with_context(lang=self.lang).name, "回款记录")
        receipts_before = contract.payment_ids
        self.start_tour(
            f"/odoo/action-crm_contract.crm_contract_action/{contract.id}",
            "crm_contract_demo_contract_tour",
            login="admin",
        )
        self.assertEqual(contract.payment_ids, receipts_before, "no receipt was added")


@tagged("post_install", "-at_install")
class TestDemoContractTour(DemoContractTourCase):
    def test_demo_contract_tabs_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestDemoContractTourMobile(DemoContractTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_demo_contract_tabs_phone(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestDemoContractTourChinese(DemoContractTourCase):
    """The same tour with admin's language set to Simplified Chinese."""

    lang = "zh_CN"

    def test_demo_contract_tabs_desktop_zh_cn(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestDemoContractTourChineseMobile(DemoContractTourCase):
    lang = "zh_CN"
    browser_size = "375x667"
    touch_enabled = True

    def test_demo_contract_tabs_phone_zh_cn(self):
        self._run_tour()
