"""The import of contracts with product lines through the web client, in Chinese (desktop
and phone): a WukongCRM-like file, the contract's columns empty on its following rows."""

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestImportLinesTour(HttpCase):
    browser_size = "1366x768"
    touch_enabled = False
    lang = "zh_CN"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(cls.lang)
        cls.env["ir.module.module"]._load_module_terms(
            ["base", "web", "mail", "product", "uom", "crm", "crm_contract"],
            [cls.lang],
            overwrite=True,
        )
        new_test_user(
            cls.env,
            login="tour_lines",
            name="Lina Lines",
            groups="sales_team.group_sale_salesman",
            lang=cls.lang,
        )
        cls.env["res.partner"].create({"name": "Tour Lines Ltd", "is_company": True})
        Product = cls.env["product.product"]
        cls.router = Product.create({"name": "路由器", "default_code": "TL-RT", "list_price": 800})
        cls.server = Product.create({"name": "服务器", "default_code": "TL-SRV", "list_price": 700})

    def test_import_lines(self):
        self.start_tour("/odoo", "crm_contract_import_lines_tour", login="tour_lines")
        first, second = self.env["crm.contract"].search(
            [("number", "like", "TOUR-LN-")], order="number"
        )
        self.assertEqual(
            [(line.product_id, line.quantity, line.price_unit) for line in first.line_ids],
            [(self.router, 2.0, 800.0), (self.server, 1.0, 700.0)],
        )
        self.assertEqual(first.amount_total, 2300)
        self.assertEqual(second.line_ids.product_id, self.server)
        self.assertEqual((second.line_ids.quantity, second.line_ids.discount), (3.0, 10.0))
        self.assertEqual(second.amount_total, 1890)


@tagged("post_install", "-at_install")
class TestImportLinesTourPhone(TestImportLinesTour):
    browser_size = "375x667"
    touch_enabled = True
