"""An amendment that needs approval, in the web client (desktop and phone): a salesperson
raises a contract of 1,000 to 2,000,000, which meets the contract tier of 100,000 or more
(no tier of amendments is configured); the manager validates; the salesperson applies."""

from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


class AmendmentTourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["tier.definition"].search([]).write({"active": False})
        cls.salesman = new_test_user(
            cls.env,
            login="amend_tour_sales",
            name="Amos Amend",
            groups="sales_team.group_sale_salesman",
        )
        cls.manager = new_test_user(
            cls.env,
            login="amend_tour_manager",
            name="Mona Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.tier = cls.env["tier.definition"].create(
            {
                "name": "Sales Manager approves contracts of 100,000 or more",
                "model_id": cls.env.ref("crm_contract.model_crm_contract").id,
                "review_type": "individual",
                "reviewer_id": cls.manager.id,
                "definition_domain": "[('amount_total', '>=', 100000)]",
                "company_id": False,
            }
        )
        customer = cls.env["res.partner"].create({"name": "Amend Tour Ltd", "is_company": True})
        cls.contract = cls.env["crm.contract"].create(
            {
                "name": "Small supply",
                "partner_id": customer.id,
                "user_id": cls.salesman.id,
                "amount_total": 1000,
                "date_start": date(2025, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        cls.contract.action_activate()
        cls.amendment = (
            cls.env["crm.contract.amendment"]
            .with_user(cls.salesman)
            .create(
                {
                    "contract_id": cls.contract.id,
                    "reason": "Nationwide roll-out",
                    "amount_total": 2_000_000,
                    "date_effective": date(2025, 6, 1),
                }
            )
        )

    def _run_tours(self):
        url = f"/odoo/action-crm_contract.crm_contract_amendment_action/{self.amendment.id}"
        amendment = self.amendment
        self.start_tour(url, "crm_contract_amendment_request_tour", login="amend_tour_sales")
        self.assertEqual(amendment.review_ids.definition_id, self.tier)
        self.assertEqual(amendment.validation_status, "pending")
        self.assertEqual(self.contract.amount_total, 1000)
        self.start_tour(url, "crm_contract_amendment_approve_tour", login="amend_tour_manager")
        self.assertEqual(amendment.validation_status, "validated")
        self.start_tour(url, "crm_contract_amendment_apply_tour", login="amend_tour_sales")
        self.assertEqual(amendment.state, "applied")
        self.assertEqual(self.contract.amount_total, 2_000_000)


@tagged("post_install", "-at_install")
class TestAmendmentApprovalTour(AmendmentTourCase):
    def test_amendment_approval_desktop(self):
        self._run_tours()


@tagged("post_install", "-at_install")
class TestAmendmentApprovalTourPhone(AmendmentTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_amendment_approval_phone(self):
        self._run_tours()
