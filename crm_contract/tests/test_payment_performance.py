"""Query counts of the two hot paths stay bounded."""

from datetime import date

from freezegun import freeze_time

from odoo import Command

from .common import PaymentCase, installed_count


@freeze_time("2025-01-15")
class TestPaymentQueries(PaymentCase):
    def test_query_count_contract_with_12_instalments(self):
        vals = {
            "name": "Twelve instalments",
            "partner_id": self.customer.id,
            "type_id": self.contract_type.id,
            "amount_total": 12000,
            "payment_plan_ids": [
                Command.create({"date_due": date(2025, month, 1), "amount": 1000})
                for month in range(1, 13)
            ],
        }
        self.env["crm.contract"].create(dict(vals, name="warm-up"))
        with self.assertQueryCount(QUERIES_CREATE_12):
            contract = self.env["crm.contract"].create(vals)
        self.assertEqual(contract.payment_plan_ids.mapped("installment"), list(range(1, 13)))
        self.assertEqual(contract.amount_planned, 12000)

    def test_query_count_confirm_receipt(self):
        contract = self._active_contract(amount=12000)
        self._plans(contract, *[(date(2025, month, 1), 1000) for month in range(1, 13)])
        for amount in (500, 700):
            self._receipt(contract, amount)
        receipt = self._receipt(contract, 1500, confirm=False)
        bridges = installed_count(self.env, CONFIRM_BRIDGES)
        self.env.invalidate_all()
        with self.assertQueryCount(QUERIES_CONFIRM + bridges):
            receipt.action_confirm()
        self.assertEqual(contract.amount_received, 2700)
        self.assertEqual(
            contract.payment_plan_ids.sorted("date_due")[:3].mapped("state"),
            ["paid", "paid", "partial"],
        )


QUERIES_CREATE_12 = 19  # measured: 17 (15 before the row lock of the contract)
QUERIES_CONFIRM = 20  # measured: 18 (13 before the receipts had chatter: +5 for the tracking
# message of the status change, who confirmed and when)
# installed, each adds a query: with crm_contract_account, a receipt typed by hand changes
# what its instalments still have to invoice (an UPDATE of their To Invoice and status)
CONFIRM_BRIDGES = ("crm_contract_account",)
