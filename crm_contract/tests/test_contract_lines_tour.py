"""Adding product lines to a contract in the web client, on desktop and on a phone: a
section, a product and an order-discount line; the contract's amount follows them."""

from odoo.tests import HttpCase, new_test_user, tagged


class LinesTourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="tour_lines",
            name="Lena Lines",
            groups="base.group_user,crm_contract.crm_contract_group_user",
        )
        cls.desk = cls.env["product.product"].create({"name": "Tour Desk", "list_price": 450.0})
        customer = cls.env["res.partner"].create({"name": "Tour Lines Ltd", "is_company": True})
        cls.contract = cls.env["crm.contract"].create(
            {
                "name": "Lines Tour contract",
                "partner_id": customer.id,
                "user_id": cls.user.id,
                "amount_total": 99.0,
            }
        )

    def _run_tour(self):
        self.start_tour(
            f"/odoo/action-crm_contract.crm_contract_action/{self.contract.id}",
            "crm_contract_lines_tour",
            login="tour_lines",
        )
        lines = self.contract.line_ids
        self.assertEqual(
            [(line.display_type, line.name.split("\n")[0]) for line in lines[:1]],
            [("line_section", "Tour Furniture")],
        )
        self.assertEqual(
            [(line.product_id, line.quantity, line.price_unit) for line in lines[1:]],
            [
                (self.desk, 3.0, 500.0),
                (self.env.ref("crm_contract.product_product_contract_discount"), 1.0, -100.0),
            ],
        )
        self.assertEqual(self.contract.amount_total, 1400.0)


@tagged("post_install", "-at_install")
class TestLinesTour(LinesTourCase):
    def test_lines_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestLinesTourMobile(LinesTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_lines_phone(self):
        self._run_tour()
