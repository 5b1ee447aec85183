"""Importing contracts that are already invoiced: the Invoice Number column names posted
customer invoices of the row's customer; each becomes an instalment billed by the invoice,
whose payments give the receipts; a number that cannot be the contract's refuses the row
(and only it); Undo Import gives the invoices back; the background import does the same."""

import base64
from datetime import date

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_contract.tests.common import csv_bytes
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import file_open

HEADER = ["Contract Number", "Contract Name", "Customer", "Status", "Amount", "Invoice Number"]


def fixture(name):
    with file_open(f"crm_contract_account/tests/data/{name}", "rb") as handle:
        return handle.read()


@tagged("post_install", "-at_install")
class TestImportInvoiced(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.biller = new_test_user(
            cls.env,
            login="accimp_biller",
            name="Bella Biller",
            groups="base.group_user,crm_contract.crm_contract_group_manager,"
            "account.group_account_invoice",
        )
        cls.seller = new_test_user(
            cls.env,
            login="accimp_seller",
            name="Sam Seller",
            groups="base.group_user,crm_contract.crm_contract_group_user_all",
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Harbour Freight Ltd", "is_company": True})
        cls.other_customer = Partner.create({"name": "Granite Works", "is_company": True})
        cls.tax = cls.tax_sale_a

    @classmethod
    def _invoice(cls, name, partner=None, price=1000.0, due=date(2026, 2, 28), post=True):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "name": name,
                "partner_id": (partner or cls.customer).id,
                "invoice_date": date(2026, 1, 31),
                "invoice_date_due": due,
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product_a.id,
                            "quantity": 1,
                            "price_unit": price,
                            "tax_ids": [Command.set(cls.tax.ids)],
                        }
                    )
                ],
            }
        )
        if post:
            invoice.action_post()
        return invoice

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": date(2026, 2, 10)})._create_payments()

    def _wizard(self, data, filename="contracts.csv", user=None, **options):
        Wizard = self.env["crm.contract.import"].with_user(user or self.biller)
        return Wizard.create(
            dict(
                {
                    "file": base64.b64encode(data),
                    "filename": filename,
                    "import_type": "contract",
                },
                **options,
            )
        )

    def _contract(self, number):
        return self.env["crm.contract"].search([("number", "=", number)])

    def _messages(self, wizard):
        return {e.row: (e.column, e.value, e.message) for e in wizard.error_line_ids}

    def assertLinked(self, contract, invoices):
        plans = contract.payment_plan_ids.sorted("installment")
        self.assertEqual(len(plans), len(invoices))
        for plan, invoice in zip(plans, invoices, strict=True):
            self.assertEqual(invoice.contract_id, contract)
            self.assertEqual(invoice.invoice_line_ids.crm_contract_plan_id, plan)
            self.assertEqual(
                (plan.amount, plan.date_due, plan.amount_invoiced),
                (invoice.amount_total, invoice.invoice_date_due, invoice.amount_total),
            )
        self.assertEqual(contract.invoice_ids, invoices)

    def test_english_csv_matches_and_refuses_by_row(self):
        paid = self._invoice("INV/2026/91001")
        self._pay(paid, paid.amount_total)
        first = self._invoice("INV/2026/91002", due=date(2026, 2, 15))
        second = self._invoice("INV/2026/91003", price=500.0, due=date(2026, 3, 15))
        self._pay(second, 100.0)
        draft = self._invoice("INV/2026/91004")
        draft.button_draft()
        granite = self._invoice("INV/2026/91005", partner=self.other_customer)
        too_big = self._invoice("INV/2026/91006")
        unsigned = self._invoice("INV/2026/91007")
        wizard = self._wizard(fixture("contracts_invoiced_en.csv"), error_policy="valid")
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.error_count), (3, 5))
        # a paid invoice: its instalment, and a confirmed receipt of what paid it
        contract = self._contract("ACI-1")
        self.assertLinked(contract, paid)
        receipt = contract.payment_ids
        self.assertEqual(
            (receipt.state, receipt.amount, receipt.invoice_id),
            ("confirmed", paid.amount_total, paid),
        )
        self.assertEqual(contract.amount_received, paid.amount_total)
        self.assertEqual(contract.payment_plan_ids.state, "paid")
        # two numbers: two instalments in due-date order; the partial payment counts
        contract = self._contract("ACI-2")
        self.assertLinked(contract, first | second)
        self.assertEqual(contract.amount_received, 100.0)
        self.assertEqual(contract.payment_ids.invoice_id, second)
        self.assertEqual(contract.amount_invoiced, first.amount_total + second.amount_total)
        # no invoice: a contract as before
        self.assertFalse(self._contract("ACI-8").payment_plan_ids)
        # refused rows: named, with the column and the number, and nothing written
        messages = self._messages(wizard)
        self.assertEqual(sorted(messages), [4, 5, 6, 7, 8])
        self.assertEqual({column for column, _v, _m in messages.values()}, {"Invoice No. (G)"})
        self.assertEqual(messages[4][1], "INV/2026/99999")
        self.assertIn("no invoice numbered INV/2026/99999", messages[4][2])
        self.assertIn("is not posted", messages[5][2])
        self.assertIn("is for Granite Works", messages[6][2])
        self.assertIn("more than the contract amount", messages[7][2])
        self.assertIn("only a signed contract", messages[8][2])
        self.assertFalse(self._contract("ACI-3") | self._contract("ACI-4"))
        self.assertFalse(self._contract("ACI-5") | self._contract("ACI-6"))
        self.assertFalse(self._contract("ACI-7"))
        self.assertFalse((draft | granite | too_big | unsigned).contract_id)
        self.assertFalse((draft | granite | too_big | unsigned).line_ids.crm_contract_plan_id)

    def test_wukong_export_with_chinese_headers(self):
        first = self._invoice("INV/2026/92001", price=2000.0)
        self._pay(first, first.amount_total)
        second = self._invoice("INV/2026/92002", price=1000.0, due=date(2026, 4, 30))
        self._invoice("INV/2026/92003")
        wizard = self._wizard(
            fixture("contracts_invoiced_wukong.xlsx"),
            filename="合同.xlsx",
            error_policy="valid",
        )
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.error_count), (2, 1))
        contract = self._contract("WK-A1")
        self.assertEqual(contract.state, "active")
        self.assertLinked(contract, first | second)
        self.assertEqual(contract.amount_received, first.amount_total)
        self.assertEqual(
            contract.payment_plan_ids.mapped("state"), ["paid", contract.payment_plan_ids[1].state]
        )
        column, value, message = self._messages(wizard)[4]
        self.assertEqual((column, value), ("发票号码 (H)", "INV/2026/92003"))
        self.assertIn("only a signed contract", message)
        self.assertFalse(self._contract("WK-A2"))

    def test_contract_with_product_lines(self):
        """The amount of a contract with lines is their sum: the invoices fit in it or not."""
        invoice = self._invoice("INV/2026/93501")
        header = ["Contract No.", "Contract Name", "Customer", "Status", "Product", "Quantity"]
        header += ["Unit Price", "Invoice #"]
        customer = "Harbour Freight Ltd"
        wizard = self._wizard(
            csv_bytes(
                [
                    header,
                    ["ACL-10", "Lines", customer, "Active", "product_a", "2", "700", invoice.name],
                    ["", "", "", "", "product_b", "1", "100", ""],
                    [
                        "ACL-11",
                        "Small",
                        customer,
                        "Active",
                        "product_a",
                        "1",
                        "10",
                        "INV/2026/93502",
                    ],
                ]
            ),
            error_policy="valid",
        )
        small = self._invoice("INV/2026/93502")
        wizard.action_import()
        contract = self._contract("ACL-10")
        self.assertEqual(contract.amount_total, 1500.0)
        self.assertLinked(contract, invoice)
        self.assertIn("more than the contract amount", self._messages(wizard)[4][2])
        self.assertFalse(self._contract("ACL-11") or small.contract_id)

    def test_invoice_of_another_contract_or_row(self):
        invoice = self._invoice("INV/2026/93001")
        rows = [HEADER, ["ACJ-1", "First", "Harbour Freight Ltd", "Active", "5000", invoice.name]]
        self._wizard(csv_bytes(rows)).action_import()
        self.assertLinked(self._contract("ACJ-1"), invoice)
        wizard = self._wizard(
            csv_bytes(
                [
                    HEADER,
                    ["ACJ-2", "Second", "Harbour Freight Ltd", "Active", "5000", invoice.name],
                    ["ACJ-3", "Third", "Harbour Freight Ltd", "Active", "5000", "INV/2026/93002"],
                    ["ACJ-4", "Fourth", "Harbour Freight Ltd", "Active", "5000", "INV/2026/93002"],
                ]
            ),
            error_policy="valid",
        )
        self._invoice("INV/2026/93002")
        wizard.action_import()
        messages = self._messages(wizard)
        self.assertIn("already linked to contract", messages[2][2])
        self.assertIn("is also on row 3", messages[4][2])
        self.assertEqual(wizard.created_count, 1)
        self.assertEqual(invoice.contract_id, self._contract("ACJ-1"))
        # the same file again, updating: the invoice already linked is no change
        wizard = self._wizard(csv_bytes(rows), existing_policy="update")
        wizard.action_import()
        self.assertEqual((wizard.updated_count, wizard.error_count), (1, 0))
        self.assertLinked(self._contract("ACJ-1"), invoice)

    def _import_one(self, number, invoice_name, **options):
        wizard = self._wizard(
            csv_bytes(
                [HEADER, [number, "One", "Harbour Freight Ltd", "Active", "5000", invoice_name]]
            ),
            error_policy="valid",
            **options,
        )
        wizard.action_import()
        return wizard

    def test_other_currency_and_other_company(self):
        code = "EUR" if self.env.company.currency_id.name != "EUR" else "GBP"
        other_currency = self.setup_other_currency(code)
        invoice = self._invoice("INV/2026/98001")
        invoice.button_draft()
        invoice.currency_id = other_currency
        invoice.action_post()
        wizard = self._import_one("ACP-1", invoice.name)
        self.assertIn(
            f"is in {code}, the contract in {self.env.company.currency_id.name}",
            self._messages(wizard)[2][2],
        )
        self.assertFalse(self._contract("ACP-1") or invoice.contract_id)
        company_2 = self.setup_other_company()["company"]
        self.biller.company_ids |= company_2
        other = (
            self.env["account.move"]
            .with_company(company_2)
            .create(
                {
                    "move_type": "out_invoice",
                    "name": "INV/2026/98002",
                    "partner_id": self.customer.id,
                    "invoice_date": date(2026, 1, 31),
                    "invoice_line_ids": [Command.create({"name": "Service", "price_unit": 100.0})],
                }
            )
        )
        other.action_post()
        wizard = self._import_one("ACP-2", other.name)
        self.assertIn(
            f"no invoice numbered INV/2026/98002 in {self.env.company.name}",
            self._messages(wizard)[2][2],
        )
        self.assertFalse(self._contract("ACP-2") or other.contract_id)

    def test_invoice_in_a_locked_period(self):
        """Linking an invoice of a locked period changes no accounting figure: allowed."""
        invoice = self._invoice("INV/2026/98101")
        self._pay(invoice, 200.0)
        self.env.company.fiscalyear_lock_date = date(2026, 3, 31)
        wizard = self._import_one("ACQ-1", invoice.name)
        self.assertFalse(wizard.error_line_ids, self._messages(wizard))
        self.assertLinked(self._contract("ACQ-1"), invoice)
        self.assertEqual(self._contract("ACQ-1").amount_received, 200.0)

    def test_all_or_nothing_writes_nothing(self):
        invoice = self._invoice("INV/2026/94001")
        wizard = self._wizard(
            csv_bytes(
                [
                    HEADER,
                    ["ACK-1", "Good", "Harbour Freight Ltd", "Active", "5000", invoice.name],
                    ["ACK-2", "Bad", "Harbour Freight Ltd", "Active", "5000", "NOPE/1"],
                ]
            ),
            error_policy="all",
        )
        wizard.action_import()
        self.assertEqual(wizard.error_count, 1)
        self.assertFalse(self._contract("ACK-1"))
        self.assertFalse(invoice.contract_id or invoice.line_ids.crm_contract_plan_id)

    def test_salesperson_without_billing_rights(self):
        invoice = self._invoice("INV/2026/95001")
        wizard = self._wizard(
            csv_bytes(
                [HEADER, ["ACL-1", "Sold", "Harbour Freight Ltd", "Active", "5000", invoice.name]]
            ),
            user=self.seller,
            error_policy="valid",
        )
        wizard.action_import()
        self.assertIn("only users with billing rights", self._messages(wizard)[2][2])
        self.assertFalse(self._contract("ACL-1") or invoice.contract_id)

    def test_undo_gives_the_invoices_back(self):
        invoice = self._invoice("INV/2026/96001")
        self._pay(invoice, 300.0)
        wizard = self._wizard(
            csv_bytes(
                [HEADER, ["ACM-1", "Undone", "Harbour Freight Ltd", "Active", "5000", invoice.name]]
            )
        )
        wizard.action_import()
        contract = self._contract("ACM-1")
        self.assertEqual(contract.amount_received, 300.0)
        job = wizard.job_id.with_user(self.biller)
        self.assertTrue(job.can_undo, job.undo_blocker)
        job.action_undo()
        self.assertEqual(job.state, "undone")
        self.assertFalse(contract.exists())
        self.assertFalse(invoice.contract_id or invoice.line_ids.crm_contract_plan_id)
        self.assertFalse(self.env["crm.contract.payment"].search([("invoice_id", "=", invoice.id)]))
        # accounting is as it was: the invoice, posted, and its payment
        self.assertEqual((invoice.state, invoice.payment_state), ("posted", "partial"))
        self.assertEqual(invoice.amount_residual, invoice.amount_total - 300.0)

    def test_undo_refused_after_a_later_instalment(self):
        invoice = self._invoice("INV/2026/96002")
        wizard = self._wizard(
            csv_bytes(
                [HEADER, ["ACM-2", "Kept", "Harbour Freight Ltd", "Active", "5000", invoice.name]]
            )
        )
        wizard.action_import()
        contract = self._contract("ACM-2")
        self.assertLinked(contract, invoice)
        self.env["crm.contract.payment.plan"].create(
            {"contract_id": contract.id, "amount": 500.0, "date_due": date(2026, 6, 30)}
        )
        job = wizard.job_id.with_user(self.biller)
        job.invalidate_recordset(["can_undo", "undo_blocker"])
        self.assertFalse(job.can_undo)
        self.assertIn("has later records", job.undo_blocker)

    def test_background_import_in_chunks(self):
        params = self.env["ir.config_parameter"]
        params.set_param("crm_contract.import_background_rows", 2)
        params.set_param("crm_contract.import_chunk_rows", 1)
        Job = self.env["crm.contract.import.job"]
        Job.search([("state", "in", ("queued", "running"))]).write({"state": "failed"})
        invoices = [self._invoice(f"INV/2026/97{i:03d}") for i in range(1, 4)]
        self._pay(invoices[0], invoices[0].amount_total)
        rows = [HEADER] + [
            [f"ACN-{i}", f"Chunk {i}", "Harbour Freight Ltd", "Active", "5000", invoice.name]
            for i, invoice in enumerate(invoices, start=1)
        ]
        rows.append(["ACN-4", "Again", "Harbour Freight Ltd", "Active", "5000", invoices[2].name])
        action = self._wizard(csv_bytes(rows), error_policy="valid").action_import()
        job = Job.browse(action["res_id"])
        self.assertEqual(job.state, "queued")
        calls = 0
        while Job.sudo()._cron_process_imports():
            calls += 1
            self.assertLess(calls, 20, "the job never ends")
        self.assertEqual((job.state, job.created_count, job.error_count), ("done", 3, 1))
        for i, invoice in enumerate(invoices, start=1):
            self.assertLinked(self._contract(f"ACN-{i}"), invoice)
        self.assertEqual(self._contract("ACN-1").amount_received, invoices[0].amount_total)
        self.assertIn("already linked to contract", job.error_line_ids.message)
