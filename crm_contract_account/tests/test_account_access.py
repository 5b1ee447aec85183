from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ContractInvoicingCase


@tagged("post_install", "-at_install")
class TestInvoicingAccess(ContractInvoicingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        own = "base.group_user,crm_contract.crm_contract_group_user"
        cls.salesman = new_test_user(
            cls.env,
            login="acc_salesman",
            name="Sally Seller",
            groups=own,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.biller = new_test_user(
            cls.env,
            login="acc_biller",
            name="Bill Biller",
            groups=own + ",account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.contract = cls._contract(
            [(date(2026, 3, 31), 300.0), (date(2026, 6, 30), 700.0)], user_id=cls.salesman.id
        )
        cls.first, cls.second = cls.contract.payment_plan_ids.sorted("installment")

    def test_accountant_without_contract_rights(self):
        """An accountant who cannot read contracts still posts, pays, resets, reverses and
        cancels their invoices; the contract follows."""
        accountant = new_test_user(
            self.env,
            login="acc_accountant",
            name="Anna Accountant",
            groups="base.group_user,account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self._as(accountant, self.contract).read(["name"])
        invoice = self._create_invoices(self.first)
        invoice = self._as(accountant, invoice)
        # each step from an empty cache, as a request of its own
        self.env.invalidate_all()
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.env.invalidate_all()
        payment = self._pay(invoice, 100.0, when=date(2026, 3, 10))
        self.assertEqual(self._confirmed(self.contract).mapped("amount"), [100.0])
        self.env.invalidate_all()
        payment.action_draft()
        payment.action_cancel()
        self.assertFalse(self._confirmed(self.contract))
        self.env.invalidate_all()
        self._pay(invoice, 300.0, when=date(2026, 3, 11))
        self.assertEqual(self._confirmed(self.contract).mapped("amount"), [300.0])
        self.env.invalidate_all()
        invoice.button_draft()
        self.assertFalse(self._confirmed(self.contract))
        self.env.invalidate_all()
        invoice.action_post()
        self.env.invalidate_all()
        reversal = invoice._reverse_moves(cancel=True)
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(self.first.amount_invoiced, 0.0)
        self.assertEqual(self.first.invoice_status, "to invoice")
        self.assertMoney(self.contract, received=0.0, due=1000.0)

    def _as(self, user, records):
        return records.with_user(user).with_context(allowed_company_ids=self.company.ids)

    def test_salesperson_without_billing_rights(self):
        with self.assertRefused(AccessError, "Only users with billing rights"):
            self._as(self.salesman, self.first).action_create_invoices()
        with self.assertRefused(AccessError, "Only users with billing rights"):
            self._as(self.salesman, self.contract).action_create_invoices()
        self.assertFalse(self.env["account.move"].search([("contract_id", "=", self.contract.id)]))
        invoice = self._create_invoices(self.first)
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        self._pay(invoice, 100.0, when=date(2026, 3, 10))
        # he reads the invoicing figures of his contract
        contract = self._as(self.salesman, self.contract)
        contract.invalidate_recordset()
        self.assertEqual(
            contract.read(["amount_invoiced", "amount_to_invoice", "invoice_status"])[0],
            {
                "id": self.contract.id,
                "amount_invoiced": 300.0,
                "amount_to_invoice": 700.0,
                "invoice_status": "to invoice",
            },
        )
        self.assertEqual(contract.amount_received, 100.0)
        plan = self._as(self.salesman, self.first)
        self.env.invalidate_all()
        self.assertEqual(plan.invoice_names, invoice.name)
        self.assertEqual(plan.invoice_status, "invoiced")
        # computed for him, the invoices stay right for whoever reads them next
        self.assertEqual(plan.sudo().invoice_ids, invoice)
        # and nothing more of accounting
        with self.assertRaises(AccessError):
            self._as(self.salesman, invoice).read(["name"])
        with self.assertRaises(AccessError):
            contract.read(["invoice_ids"])
        with self.assertRaises(AccessError):
            plan.read(["invoice_ids"])
        receipt = self._as(self.salesman, self._confirmed(self.contract))
        self.assertEqual(receipt.amount, 100.0)
        self.env.invalidate_all()
        self.assertEqual(
            receipt.read(["invoice_id", "from_accounting"])[0],
            {"id": receipt.id, "invoice_id": (invoice.id, invoice.name), "from_accounting": True},
        )
        with self.assertRaises(AccessError):
            receipt.read(["account_partial_id"])

    def test_salesperson_register_payment(self):
        """Once the next instalment is invoiced, a salesperson's Register Payment offers the
        instalment without invoice (a deposit typed by hand), or says where the payment is
        registered; a billing user gets accounting's payment register."""
        invoice = self._create_invoices(self.first)
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        action = self._as(self.salesman, self.contract).action_register_payment()
        self.assertEqual(action["res_model"], "crm.contract.payment")
        self.assertEqual(action["context"]["default_plan_id"], self.second.id)
        with self.assertRefused(UserError, "in Invoicing, by a user with billing rights"):
            self._as(self.salesman, self.first).action_register_payment()
        action = self.contract.action_register_payment()
        self.assertEqual(action["res_model"], "account.payment.register")
        lines = self.env[action["context"]["active_model"]].browse(action["context"]["active_ids"])
        self.assertEqual(lines.move_id, invoice)

    def test_protected_fields_through_rpc(self):
        contract = self._as(self.salesman, self.contract)
        for fname in ("amount_invoiced", "amount_to_invoice", "invoice_status"):
            with self.subTest(fname=fname), self.assertRefused(UserError, "cannot be set"):
                contract.write({fname: "no" if fname == "invoice_status" else 1.0})
        with self.assertRefused(UserError, "cannot be set"):
            self._as(self.salesman, self.first).write({"amount_invoiced": 300.0})
        with self.assertRefused(UserError, "cannot be set"):
            self._as(self.salesman, self.Plan).create(
                {
                    "contract_id": self.contract.id,
                    "date_due": date(2026, 9, 30),
                    "amount": 10.0,
                    "amount_invoiced": 10.0,
                }
            )
        invoice = self._create_invoices(self.first)
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        partial = self._pay(invoice, 300.0).move_id.line_ids.matched_debit_ids
        self.assertTrue(partial)
        Receipt = self._as(self.biller, self.Receipt)
        for vals in ({"invoice_id": invoice.id}, {"account_partial_id": partial.id}):
            with self.subTest(vals=vals), self.assertRefused(UserError, "cannot be set"):
                Receipt.create(
                    dict(
                        {
                            "contract_id": self.contract.id,
                            "plan_id": self.second.id,
                            "amount": 10.0,
                            "date": date(2026, 3, 2),
                        },
                        **vals,
                    )
                )
        deposit = self._as(self.salesman, self.Receipt).create(
            {
                "contract_id": self.contract.id,
                "plan_id": self.second.id,
                "amount": 10.0,
                "date": date(2026, 3, 2),
            }
        )
        with self.assertRefused(UserError, "cannot be set"):
            deposit.write({"invoice_id": invoice.id})
        self.assertFalse(deposit.invoice_id)
        # the receipt from accounting stays as accounting made it, even for the manager
        receipt = self._confirmed(self.contract)
        with self.assertRefused(UserError, "follow accounting"):
            receipt.write({"date": date(2026, 1, 1)})

    def test_billing_user_invoices_only_contracts_he_reads(self):
        other = self._contract([(date(2026, 3, 31), 500.0)], user_id=self.user.id)
        with self.assertRaises(AccessError):
            self._as(self.biller, other.payment_plan_ids).action_create_invoices()
        self.assertFalse(other.invoice_ids)
        # a contract of his own: he invoices it
        mine = self._contract([(date(2026, 3, 31), 500.0)], user_id=self.biller.id)
        action = self._as(self.biller, mine).action_create_invoices()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.contract_id, mine)
        self.assertEqual(invoice.amount_total, 500.0)
        self.assertEqual(invoice.invoice_user_id, self.biller)

    def test_billing_user_links_no_invoice_to_contracts_he_cannot_read(self):
        """Over JSON-RPC, a billing user links no invoice (nor invoice line) to a contract he
        cannot read: its payments would become that contract's receipts."""
        other = self._contract([(date(2026, 3, 31), 500.0)], user_id=self.user.id)
        plan = other.payment_plan_ids
        invoice = self._as(self.biller, self.env["account.move"]).create(
            {
                "move_type": "out_invoice",
                "partner_id": other.partner_id.id,
                "invoice_line_ids": [Command.create({"name": "Service", "price_unit": 500.0})],
            }
        )
        with self.assertRefused(AccessError, "You do not have access to this Contract"):
            invoice.write({"contract_id": other.id})
        with self.assertRefused(AccessError, "You do not have access to this"):
            invoice.invoice_line_ids.write({"crm_contract_plan_id": plan.id})
        with self.assertRefused(AccessError, "You do not have access to this Contract"):
            self._as(self.biller, self.env["account.move"]).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": other.partner_id.id,
                    "contract_id": other.id,
                }
            )
        self.assertFalse(self.env["account.move"].search([("contract_id", "=", other.id)]))
        # a plain duplicate of a contract invoice is not on the contract (it bills nothing)
        mine = self._contract([(date(2026, 3, 31), 500.0)], user_id=self.biller.id)
        action = self._as(self.biller, mine).action_create_invoices()
        copy = self.env["account.move"].browse(action["res_id"]).copy()
        self.assertFalse(copy.contract_id)
        self.assertFalse(copy.invoice_line_ids.crm_contract_plan_id)
