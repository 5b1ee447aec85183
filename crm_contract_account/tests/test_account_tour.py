from datetime import date

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.tests import new_test_user, tagged


class AccountTourCase(AccountTestInvoicingHttpCommon):
    """A signed contract of 1,150 (taxes included) with one instalment, through the web client
    in headless Chromium: a salesperson with billing rights invoices the instalment, confirms
    the invoice, registers its payment with accounting's wizard, and sees the contract's
    Received figure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.biller = new_test_user(
            cls.env,
            login="acc_tour_biller",
            name="Bill Tour",
            groups="sales_team.group_sale_salesman,account.group_account_invoice",
            company_id=company.id,
            company_ids=[company.id],
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Invoicing Ltd", "is_company": True, "company_id": company.id}
        )
        today = date.today()
        cls.contract = cls.env["crm.contract"].create(
            {
                "name": "Tour invoicing",
                "partner_id": customer.id,
                "user_id": cls.biller.id,
                "company_id": company.id,
                "amount_total": 1150,
                "date_start": today,
                "date_end": date(today.year + 1, today.month, 1),
                "payment_plan_ids": [(0, 0, {"date_due": today, "amount": 1150})],
            }
        )
        cls.contract.action_activate()

    def _run_tour(self):
        self.start_tour(
            f"/odoo/action-crm_contract.crm_contract_action/{self.contract.id}",
            "crm_contract_account_tour",
            login="acc_tour_biller",
        )
        contract = self.contract
        invoice = contract.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(invoice.amount_total, 1150)
        self.assertEqual(invoice.invoice_date_due, contract.payment_plan_ids.date_due)
        self.assertEqual(contract.invoice_status, "invoiced")
        self.assertEqual(contract.amount_invoiced, 1150)
        receipt = contract.payment_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.state, "confirmed")
        self.assertEqual(receipt.invoice_id, invoice)
        self.assertEqual(receipt.amount, 1150)
        self.assertEqual(contract.amount_received, 1150)
        self.assertEqual(contract.payment_plan_ids.state, "paid")


@tagged("post_install", "-at_install")
class TestAccountTour(AccountTourCase):
    def test_invoice_and_pay_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestAccountTourMobile(AccountTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_invoice_and_pay_phone(self):
        self._run_tour()
