from odoo.tests import HttpCase, new_test_user, tagged


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

    def _run_followup_contact_tour(self):
        contract = self.env["crm.contract"].create(
            {"name": "Tour renewal", "partner_id": self.customer.id, "user_id": self.salesman.id}
        )
        self.start_tour(
            f"/odoo/action-crm_contract.crm_contract_action/{contract.id}",
            "crm_contract_followup_contact_tour",
            login="tour_salesman",
        )
        followup = contract.followup_ids
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.followup_type_id.name, "Visit")
        self.assertEqual(followup.next_action, "Send the renewal offer")
        self.assertEqual(str(followup.next_date), "2027-06-15")
        self.assertIn("renew for two more years", followup.description)
        self.assertEqual(followup.activity_id.date_deadline, followup.next_date)
        self.assertEqual(followup.activity_id.user_id, self.salesman)
        contact = contract.contact_ids
        self.assertEqual(contact.partner_id.name, "Nina Newcomer")
        self.assertEqual(contact.partner_id.parent_id, self.customer)
        self.assertEqual(contact.partner_id.phone, "+1 555 0199")
        self.assertTrue(contact.is_primary)

    def _run_new_form_tour(self):
        self.start_tour(
            "/odoo/action-crm_contract.crm_contract_action/new",
            "crm_contract_new_form_tour",
            login="tour_salesman",
        )

    def _run_import_tour(self):
        self.start_tour("/odoo", "crm_contract_import_tour", login="tour_salesman")
        contracts = self.env["crm.contract"].search(
            [("number", "like", "TOUR-IMP-")], order="number"
        )
        self.assertEqual(contracts.mapped("number"), ["TOUR-IMP-1", "TOUR-IMP-2"])
        self.assertEqual(contracts.mapped("amount_total"), [1250.0, 800.0])
        self.assertEqual(str(contracts[1].date_start), "2026-02-01")
        self.assertEqual(contracts.partner_id, self.customer)
        self.assertEqual(contracts.user_id, self.salesman)

    def _check_created_contract(self):
        contract = self.env["crm.contract"].search([("name", "=", "Tour supply agreement")])
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.amount_total, 12500)
        self.assertEqual(contract.user_id, self.salesman)
        self.assertEqual(contract.state, "draft")
        self.assertTrue(contract.number.startswith("CT/"))


@tagged("post_install", "-at_install")
class TestContractTour(ContractTourCase):
    def test_create_contract_desktop(self):
        self._run_tour()

    def test_followup_and_contact_desktop(self):
        self._run_followup_contact_tour()

    def test_import_desktop(self):
        self._run_import_tour()

    def test_new_form_desktop(self):
        self._run_new_form_tour()


@tagged("post_install", "-at_install")
class TestContractTourMobile(ContractTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_create_contract_phone(self):
        self._run_tour()

    def test_followup_and_contact_phone(self):
        self._run_followup_contact_tour()

    def test_import_phone(self):
        self._run_import_tour()

    def test_new_form_phone(self):
        self._run_new_form_tour()
