from odoo.tests import HttpCase, new_test_user


class ContractTourCase(HttpCase):
    """Creates a contract through the web client in headless Chromium, as a salesperson
    (own-documents contract user through CRM's Sales group)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="tour_salesman",
            name="Tina Tour",
            groups="sales_team.group_sale_salesman",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Harbour Ltd", "is_company": True}
        )

    def _run_tour(self):
        self.start_tour("/odoo", "crm_contract_create_tour", login="tour_salesman")
        self._check_created_contract()

    def _check_created_contract(self):
        contract = self.env["crm.contract"].search([("name", "=", "Tour supply agreement")])
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.amount_total, 12500)
        self.assertEqual(contract.user_id, self.salesman)
        self.assertEqual(contract.state, "draft")
        self.assertTrue(contract.number.startswith("CT/"))


class TestContractTour(ContractTourCase):
    def test_create_contract_desktop(self):
        self._run_tour()


class TestContractTourMobile(ContractTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_create_contract_phone(self):
        self._run_tour()
