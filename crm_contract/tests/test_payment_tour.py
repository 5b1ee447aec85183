from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


class PaymentTourCase(HttpCase):
    """Generates instalments and registers a receipt through the web client in headless
    Chromium, as a salesperson (own-documents contract user through CRM's Sales group)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="tour_payment_salesman",
            name="Paula Payment",
            groups="sales_team.group_sale_salesman",
        )
        customer = cls.env["res.partner"].create({"name": "Tour Payments Ltd", "is_company": True})
        today = date.today()
        cls.contract = cls.env["crm.contract"].create(
            {
                "name": "Tour payment plan",
                "partner_id": customer.id,
                "user_id": cls.salesman.id,
                "amount_total": 1200,
                "date_start": today,
                "date_end": date(today.year + 1, today.month, 1),
            }
        )
        cls.contract.action_activate()

    def _run_tour(self):
        self.start_tour(
            f"/odoo/action-crm_contract.crm_contract_action/{self.contract.id}",
            "crm_contract_payment_tour",
            login="tour_payment_salesman",
        )
        contract = self.contract
        self.assertEqual(contract.payment_plan_ids.mapped("amount"), [400, 400, 400])
        self.assertEqual(contract.payment_plan_ids.mapped("installment"), [1, 2, 3])
        receipt = contract.payment_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.state, "confirmed")
        self.assertEqual(receipt.amount, 400)
        self.assertEqual(receipt.reference, "TOUR-REF-1")
        self.assertEqual(receipt.plan_id.installment, 1)
        self.assertEqual(contract.payment_plan_ids[0].state, "paid")
        self.assertAlmostEqual(contract.payment_progress, 100 / 3, places=2)


@tagged("post_install", "-at_install")
class TestPaymentTour(PaymentTourCase):
    def test_payment_tour_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestPaymentTourMobile(PaymentTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_payment_tour_phone(self):
        self._run_tour()
