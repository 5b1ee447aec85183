from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import payment_term_30_70


class SaleTourCase(HttpCase):
    """A quotation of 3 cranes at 500 on 30/70 payment terms, through the web client in
    headless Chromium: the salesperson (own documents) confirms it and creates its contract."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="sale_tour_own",
            name="Tess Tour",
            groups="sales_team.group_sale_salesman",
        )
        customer = cls.env["res.partner"].create({"name": "Tour Sale Customer", "is_company": True})
        product = cls.env["product.product"].create(
            {"name": "Tour crane service", "type": "service", "list_price": 500.0}
        )
        term = payment_term_30_70(cls.env)
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.salesman.id,
                "payment_term_id": term.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 3,
                            "price_unit": 500.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def _run_tour(self):
        url = f"/odoo/action-sale.action_quotations_with_onboarding/{self.order.id}"
        self.start_tour(url, "crm_contract_sale_tour", login="sale_tour_own")
        order = self.order
        self.assertEqual(order.state, "sale")
        contract = order.contract_id
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.user_id, self.salesman)
        self.assertEqual(contract.amount_total, 1500.0)
        self.assertEqual(
            contract.payment_plan_ids.sorted("date_due").mapped("amount"), [450.0, 1050.0]
        )
        self.assertEqual(contract.payment_plan_ids.sorted("date_due")[0].date_due, date.today())


@tagged("post_install", "-at_install")
class TestSaleTour(SaleTourCase):
    def test_confirm_and_create_contract_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestSaleTourMobile(SaleTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_confirm_and_create_contract_phone(self):
        self._run_tour()
