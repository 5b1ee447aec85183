"""Instalments and receipts follow the access of their contract."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import PaymentCase


@freeze_time("2025-01-15")
class TestPaymentAccess(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._active_contract(name="Olivia's", user_id=cls.user_own.id)
        cls.colleague = cls._active_contract(name="Oscar's", user_id=cls.user_own_2.id)
        cls.unassigned = cls._active_contract(name="Nobody's", user_id=False)
        cls.own_plan = cls._plans(cls.own, (date(2025, 2, 1), 500))
        cls.colleague_plan = cls._plans(cls.colleague, (date(2025, 2, 1), 500))
        cls.unassigned_plan = cls._plans(cls.unassigned, (date(2025, 2, 1), 500))
        cls.own_receipt = cls._receipt(cls.own, 100)
        cls.colleague_receipt = cls._receipt(cls.colleague, 100)
        cls.all_plans = cls.own_plan | cls.colleague_plan | cls.unassigned_plan
        cls.all_receipts = cls.own_receipt | cls.colleague_receipt

    def test_own_documents_user_sees_own_and_unassigned(self):
        plans = self.Plan.with_user(self.user_own).search([("id", "in", self.all_plans.ids)])
        self.assertEqual(plans, self.own_plan | self.unassigned_plan)
        receipts = self.Receipt.with_user(self.user_own).search(
            [("id", "in", self.all_receipts.ids)]
        )
        self.assertEqual(receipts, self.own_receipt)
        with self.assertRaises(AccessError):
            self.colleague_plan.with_user(self.user_own).read(["amount"])
        with self.assertRaises(AccessError):
            self.colleague_receipt.with_user(self.user_own).read(["amount"])
        with self.assertRaises(AccessError):
            self.colleague_plan.with_user(self.user_own).write({"note": "mine"})

    def test_own_documents_user_works_on_own_contracts(self):
        Plan = self.Plan.with_user(self.user_own)
        Receipt = self.Receipt.with_user(self.user_own)
        plan = Plan.create(
            {"contract_id": self.own.id, "date_due": date(2025, 3, 1), "amount": 100}
        )
        self.assertEqual(plan.installment, 2)
        plan.write({"amount": 150})
        receipt = Receipt.create({"contract_id": self.own.id, "amount": 50})
        receipt.action_confirm()
        self.assertEqual(self.own.with_user(self.user_own).amount_received, 150)
        plan.unlink()
        with self.assertRaises(AccessError):
            Plan.create(
                {"contract_id": self.colleague.id, "date_due": date(2025, 3, 1), "amount": 1}
            )
        with self.assertRaises(AccessError):
            Receipt.create({"contract_id": self.colleague.id, "amount": 1})
        with self.assertRaises(AccessError):
            receipt.unlink()
        # The wizard works for them on their own contract.
        wizard = (
            self.env["crm.contract.payment.plan.wizard"]
            .with_user(self.user_own)
            .create({"contract_id": self.own.id, "count": 2, "date_first": date(2025, 4, 1)})
        )
        self.assertEqual(wizard.amount, 500)
        self.assertEqual(len(wizard.action_generate()), 2)

    def test_only_administrators_cancel_confirmed_receipts(self):
        receipt = self.own_receipt.with_user(self.user_own)
        with self.assertRefused(AccessError, "Only contract administrators"):
            receipt.action_cancel()
        with self.assertRefused(UserError, "the status changes only through its buttons"):
            receipt.write({"state": "draft"})
        draft = self._receipt(self.own, 10, confirm=False).with_user(self.user_own)
        draft.action_cancel()  # a draft can be cancelled by its user
        self.assertEqual(draft.state, "cancelled")
        all_user_receipt = self.colleague_receipt.with_user(self.user_all)
        with self.assertRaises(AccessError):
            all_user_receipt.action_cancel()
        self.colleague_receipt.with_user(self.user_manager).action_cancel()
        self.assertEqual(self.colleague_receipt.state, "cancelled")
        self.assertEqual(self.colleague.amount_received, 0)

    def test_all_documents_user(self):
        plans = self.Plan.with_user(self.user_all).search([("id", "in", self.all_plans.ids)])
        self.assertEqual(plans, self.all_plans)
        self._receipt(self.colleague.with_user(self.user_all), 50)
        self.colleague_plan.with_user(self.user_all).write({"note": "Call the customer"})

    def test_only_administrators_edit_payment_methods(self):
        method = self.method_cash
        self.assertEqual(method.with_user(self.user_own).read(["name"])[0]["name"], "Cash")
        for user in (self.user_own, self.user_all):
            with self.assertRaises(AccessError):
                method.with_user(user).write({"name": "Coins"})
            with self.assertRaises(AccessError):
                self.env["crm.contract.payment.method"].with_user(user).create({"name": "Gold"})
        method.with_user(self.user_manager).write({"note": "Counted twice"})
        self.env["crm.contract.payment.method"].with_user(self.user_manager).create(
            {"name": "Gold"}
        )

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Payments Co"})
        contract = self._active_contract(company_id=other_company.id, user_id=False)
        plan = self._plans(contract, (date(2025, 2, 1), 100))
        self.assertFalse(self.Plan.with_user(self.user_manager).search([("id", "=", plan.id)]))
        self.assertFalse(
            self.env["crm.contract.payment.report"]
            .with_user(self.user_manager)
            .search([("contract_id", "=", contract.id)])
        )

    def test_planned_vs_received_report_follows_contract_rules(self):
        Report = self.env["crm.contract.payment.report"]
        rows = Report.with_user(self.user_own).search(
            [("contract_id", "in", (self.own | self.colleague | self.unassigned).ids)]
        )
        self.assertEqual(rows.contract_id, self.own | self.unassigned)
        groups = Report._read_group([("contract_id", "=", self.own.id)], ["kind"], ["amount:sum"])
        self.assertEqual(dict(groups), {"planned": 500, "received": 100})
