"""A manager types a salesperson's yearly target in the Sales Targets grid (cards and form on
a phone) and opens the achievement pivot: desktop and 375x667, English and Chinese."""

from datetime import date

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

ALL = "sales_team.group_sale_salesman_all_leads,crm_contract.crm_contract_group_user_all"
OWN = "base.group_user,crm_contract.crm_contract_group_user"


class TargetTourCase(HttpCase):
    lang = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.lang:
            cls.env["res.lang"]._activate_lang(cls.lang)
            cls.env["ir.module.module"]._load_module_terms(
                ["base", "web", "mail", "crm", "crm_contract"], [cls.lang], overwrite=True
            )
        cls.manager = new_test_user(
            cls.env,
            login="tour_target_manager",
            name="Maya Manager",
            groups=ALL,
            lang=cls.lang or "en_US",
        )
        cls.seller = new_test_user(
            cls.env, login="tour_target_seller", name="Tara Target", groups=OWN
        )
        customer = cls.env["res.partner"].create({"name": "Tour Target Ltd", "is_company": True})
        today = fields.Date.context_today(cls.env.user)
        contract = cls.env["crm.contract"].create(
            {
                "name": "Tour target contract",
                "partner_id": customer.id,
                "user_id": cls.seller.id,
                "amount_total": 3000.0,
                "date_signed": today,
                "date_start": date(today.year, 1, 1),
                "date_end": date(today.year, 12, 31),
            }
        )
        contract.action_activate()

    def _run_tour(self):
        self.start_tour("/odoo", "crm_contract_target_tour", login="tour_target_manager")
        target = self.env["crm.contract.target"].search([("user_id", "=", self.seller.id)])
        self.assertEqual(len(target), 1)
        self.assertEqual(
            (target.year, target.kind, target.scope, target.target_year, target.target_12),
            (fields.Date.context_today(self.env.user).year, "signed_amount", "user", 12000, 1000),
        )


@tagged("post_install", "-at_install")
class TestTargetTour(TargetTourCase):
    def test_target_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestTargetTourMobile(TargetTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_target_phone(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestTargetTourChinese(TargetTourCase):
    lang = "zh_CN"

    def test_target_desktop_zh_cn(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestTargetTourChineseMobile(TargetTourCase):
    lang = "zh_CN"
    browser_size = "375x667"
    touch_enabled = True

    def test_target_phone_zh_cn(self):
        self._run_tour()
