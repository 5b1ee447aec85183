from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


class TierTourCase(HttpCase):
    """A contract of 150,000 through the web client in headless Chromium: the salesperson
    (own documents) requests validation, the sales manager validates, the salesperson signs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["tier.definition"].search([]).write({"active": False})
        cls.salesman = new_test_user(
            cls.env,
            login="tier_tour_sales",
            name="Sam Sales",
            groups="sales_team.group_sale_salesman",
        )
        cls.manager = new_test_user(
            cls.env,
            login="tier_tour_manager",
            name="Maya Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.env["tier.definition"].create(
            {
                "name": "Sales Manager approves big contracts",
                "model_id": cls.env.ref("crm_contract.model_crm_contract").id,
                "review_type": "individual",
                "reviewer_id": cls.manager.id,
                "definition_domain": "[('amount_total', '>=', 100000)]",
                "company_id": False,
            }
        )
        customer = cls.env["res.partner"].create({"name": "Tour Approval Ltd", "is_company": True})
        cls.contract = cls.env["crm.contract"].create(
            {
                "name": "Five-year framework",
                "partner_id": customer.id,
                "user_id": cls.salesman.id,
                "amount_total": 150000,
            }
        )

    def _run_tours(self):
        url = f"/odoo/action-crm_contract.crm_contract_action/{self.contract.id}"
        contract = self.contract
        self.start_tour(url, "crm_contract_tier_request_tour", login="tier_tour_sales")
        self.assertEqual(contract.validation_status, "pending")
        self.assertEqual(contract.review_ids.requested_by, self.salesman)
        self.assertEqual(contract.activity_ids.user_id, self.manager)
        self.start_tour(url, "crm_contract_tier_approve_tour", login="tier_tour_manager")
        self.assertEqual(contract.validation_status, "validated")
        self.assertEqual(contract.review_ids.done_by, self.manager)
        self.assertFalse(contract.activity_ids)
        self.start_tour(url, "crm_contract_tier_sign_tour", login="tier_tour_sales")
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_signed, date.today())


@tagged("post_install", "-at_install")
class TestTierTour(TierTourCase):
    def test_request_approve_sign_desktop(self):
        self._run_tours()


@tagged("post_install", "-at_install")
class TestTierTourMobile(TierTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_request_approve_sign_phone(self):
        self._run_tours()
