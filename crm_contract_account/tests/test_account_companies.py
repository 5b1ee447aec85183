from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContractInvoicingCase


@tagged("post_install", "-at_install")
class TestCurrenciesAndCompanies(ContractInvoicingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 1 USD = 2 EUR from 2017 on
        cls.eur = cls.setup_other_currency("EUR")
        cls.company_b_data = cls.setup_other_company(name="Contract Company B")
        cls.company_b = cls.company_b_data["company"]
        cls.env.user.company_ids |= cls.company_b
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=(cls.company | cls.company_b).ids)
        )

    def test_contract_in_another_currency(self):
        contract = self._contract([(date(2026, 3, 31), 300.0)], currency_id=self.eur.id)
        self.assertEqual(contract.currency_id, self.eur)
        plan = contract.payment_plan_ids
        invoice = self._create_invoices(plan)
        self.assertEqual(invoice.currency_id, self.eur)
        self.assertEqual(invoice.amount_total, 300.0)
        self.assertEqual(plan.amount_invoiced, 300.0)
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        # converted line by line: a cent may be lost or gained
        self.assertAlmostEqual(invoice.amount_total_signed, 150.0, delta=0.02)
        # 50 USD pay 100 EUR
        self._pay(invoice, 50.0, when=date(2026, 3, 10), currency=self.currency)
        receipt = self._confirmed(contract)
        self.assertEqual(receipt.amount, 100.0)
        self.assertEqual(receipt.currency_id, self.eur)
        self.assertAlmostEqual(invoice.amount_residual, 200.0, 2)
        self.assertMoney(contract, received=100.0, due=200.0)
        # the rest in EUR
        self._pay(invoice, 200.0, when=date(2026, 3, 11), currency=self.eur)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(sorted(self._confirmed(contract).mapped("amount")), [100.0, 200.0])
        self.assertEqual(plan.state, "paid")
        self.assertMoney(contract, received=300.0, due=0.0)

    def test_exchange_difference_is_no_receipt(self):
        """An EUR invoice paid in USD at another rate than the invoice's: the exchange
        difference entry accounting adds is no payment; the receipts make the invoice's
        amount in EUR."""
        self.env["res.currency.rate"].create(
            {
                "name": "2026-03-10",
                "rate": 2.5,
                "currency_id": self.eur.id,
                "company_id": self.company.id,
            }
        )
        contract = self._contract([(date(2026, 3, 31), 300.0)], currency_id=self.eur.id)
        invoice = self._create_invoices(contract.payment_plan_ids)
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        self._pay(invoice, 60.0, when=date(2026, 3, 10), currency=self.currency)
        self._pay(invoice, 60.0, when=date(2026, 3, 10), currency=self.currency)
        self.assertEqual(invoice.payment_state, "paid")
        exchange = invoice.line_ids.matched_credit_ids.credit_move_id.move_id.filtered(
            lambda m: not m.origin_payment_id
        )
        self.assertTrue(exchange, "accounting books an exchange difference")
        self.assertEqual(sorted(self._confirmed(contract).mapped("amount")), [150.0, 150.0])
        self.assertMoney(contract, received=300.0, due=0.0)

    def test_contract_of_another_company(self):
        product = self._product("Service B", self.company_b_data["default_tax_sale"])
        contract = self._contract(
            [(date(2026, 3, 31), 230.0)],
            company=self.company_b,
            lines=[{"product_id": product.id, "name": "B", "quantity": 1, "price_unit": 230.0}],
        )
        self.assertEqual(contract.company_id, self.company_b)
        self.assertTrue(contract.number)
        invoice = self._create_invoices(contract.payment_plan_ids)
        self.assertEqual(invoice.company_id, self.company_b)
        self.assertEqual(invoice.journal_id.company_id, self.company_b)
        self.assertEqual(invoice.amount_total, 230.0)
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        self._pay(invoice, 230.0, when=date(2026, 3, 10))
        receipt = self._confirmed(contract)
        self.assertEqual(receipt.amount, 230.0)
        self.assertEqual(receipt.company_id, self.company_b)
        self.assertTrue(receipt.number)
        self.assertMoney(contract, received=230.0, due=0.0)
        # the instalment product is chosen per company
        product_a = self._product("Instalment A", self.tax_15)
        self.company.crm_contract_invoice_product_id = product_a
        plain_b = self._contract([(date(2026, 4, 30), 100.0)], company=self.company_b)
        line = self._create_invoices(plain_b.payment_plan_ids).invoice_line_ids
        default = self.env.ref("crm_contract_account.product_product_contract_instalment")
        self.assertEqual(line.product_id, default)

    def test_invoice_of_another_company_refused(self):
        contract_b = self._contract([(date(2026, 3, 31), 100.0)], company=self.company_b)
        invoice_a = self.init_invoice("out_invoice", partner=self.customer, amounts=[100.0])
        self.assertEqual(invoice_a.company_id, self.company)
        with self.assertRaises(UserError):
            invoice_a.contract_id = contract_b
        contract_a = self._contract([(date(2026, 3, 31), 100.0)])
        invoice_b = self._create_invoices(contract_b.payment_plan_ids)
        with self.assertRefused(UserError, "cannot bill contract"):
            invoice_b.contract_id = contract_a
        # an instalment billed by an invoice of another contract is refused
        with self.assertRefused(UserError, "another contract"):
            invoice_a.write(
                {
                    "contract_id": contract_a.id,
                    "invoice_line_ids": [
                        Command.update(
                            invoice_a.invoice_line_ids.id,
                            {"crm_contract_plan_id": contract_b.payment_plan_ids.id},
                        )
                    ],
                }
            )
        # an instalment of company B on a line of an invoice of company A without contract
        line = self.init_invoice(
            "out_invoice", partner=self.customer, amounts=[100.0]
        ).invoice_line_ids
        with self.assertRefused(UserError, "needs their contract"):
            line.crm_contract_plan_id = contract_b.payment_plan_ids
        with self.assertRefused(UserError, "cannot bill contract"):
            line.move_id.write(
                {
                    "contract_id": contract_b.id,
                    "invoice_line_ids": [
                        Command.update(
                            line.id, {"crm_contract_plan_id": contract_b.payment_plan_ids.id}
                        )
                    ],
                }
            )
        self.assertFalse(line.crm_contract_plan_id)
        self.assertFalse(contract_b.payment_plan_ids.invoice_line_ids - invoice_b.invoice_line_ids)
        # an invoice for another customer than the contract's
        with self.assertRefused(UserError, "is for"):
            self.init_invoice("out_invoice", partner=self.partner_b, amounts=[10.0]).write(
                {"contract_id": contract_a.id}
            )


@tagged("post_install", "-at_install")
class TestLockDate(ContractInvoicingCase):
    def test_locked_period(self):
        contract = self._contract([(date(2026, 3, 31), 300.0), (date(2026, 6, 30), 700.0)])
        first, second = contract.payment_plan_ids.sorted("installment")
        invoice = self._create_invoices(first)
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        payment = self._pay(invoice, 300.0, when=date(2026, 3, 10))
        receipt = self._confirmed(contract)
        self.company.fiscalyear_lock_date = date(2026, 3, 31)
        # accounting refuses: nothing changes on the contract either
        with self.assertRaises(UserError):
            invoice.button_draft()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(receipt.state, "confirmed")
        with self.assertRaises(UserError):
            payment.action_draft()
        self.assertEqual(receipt.state, "confirmed")
        self.assertEqual(self._confirmed(contract), receipt)
        self.assertMoney(contract, received=300.0, due=700.0)
        # Create Invoice still makes drafts; posted, Odoo dates them after the lock date
        second.date_due = date(2026, 3, 15)
        draft = self._create_invoices(second)
        self.assertEqual(draft.state, "draft")
        self.assertEqual(draft.amount_total, 700.0)
        draft.invoice_date = date(2026, 3, 2)
        draft.action_post()
        self.assertEqual(draft.state, "posted")
        self.assertGreater(draft.date, date(2026, 3, 31))
        self.assertEqual(second.amount_invoiced, 700.0)
        # Odoo lets a reconciliation in a locked period be undone (no entry changes): the
        # receipt follows, cancelled, not deleted
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(receipt.state, "cancelled")
        self.assertEqual(contract.payment_ids, receipt)
        self.assertMoney(contract, received=0.0, due=1000.0)
