"""Shared set-up of the payment collection tests (instalments and receipts).
No test methods here."""

from contextlib import contextmanager
from datetime import date

from contract_common import ContractCase


class PaymentCase(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["crm.contract.payment.plan"]
        cls.Receipt = cls.env["crm.contract.payment"]
        cls.method_cash = cls.env.ref("crm_contract.crm_contract_payment_method_cash")
        cls.currency = cls.env.company.currency_id

    @classmethod
    def _active_contract(cls, amount=1000.0, **values):
        values.setdefault("date_start", date(2025, 1, 1))
        values.setdefault("date_end", date(2025, 12, 31))
        contract = cls._create_contract(amount_total=amount, **values)
        contract.action_activate()
        return contract

    @classmethod
    def _plans(cls, contract, *items):
        """Instalments of ``contract`` from (due date, amount) pairs, in one create."""
        return cls.env["crm.contract.payment.plan"].create(
            [{"contract_id": contract.id, "date_due": d, "amount": a} for d, a in items]
        )

    @classmethod
    def _receipt(cls, contract, amount, plan=None, when=None, confirm=True):
        receipt = cls.env["crm.contract.payment"].create(
            {
                "contract_id": contract.id,
                "plan_id": plan.id if plan else False,
                "amount": amount,
                "date": when or date(2025, 3, 1),
            }
        )
        if confirm:
            receipt.action_confirm()
        return receipt

    def assertAllocation(self, plans, received, states):
        self.assertEqual(plans.mapped("amount_received"), received)
        self.assertEqual(
            plans.mapped("amount_residual"),
            [p.amount - r for p, r in zip(plans, received, strict=True)],
        )
        self.assertEqual(plans.mapped("state"), states)

    @contextmanager
    def assertRefused(self, exception, text):
        """Like assertRaisesRegex with a plain text, but through Odoo's assertRaises, which
        rolls the refused operation back (savepoint)."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))
