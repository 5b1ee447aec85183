from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContractInvoicingCase


@tagged("post_install", "-at_install")
class TestCreateInvoice(ContractInvoicingCase):
    def test_one_instalment(self):
        contract = self._contract([(date(2026, 3, 31), 300.0), (date(2026, 6, 30), 700.0)])
        first, second = contract.payment_plan_ids.sorted("installment")
        invoice = self._create_invoices(first)
        self.assertEqual(len(invoice), 1)
        self.assertRecordValues(
            invoice,
            [
                {
                    "move_type": "out_invoice",
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "invoice_user_id": contract.user_id.id,
                    "company_id": self.company.id,
                    "currency_id": self.currency.id,
                    "invoice_origin": contract.number,
                    "invoice_date_due": date(2026, 3, 31),
                    "invoice_payment_term_id": False,
                    "contract_id": contract.id,
                    "amount_total": 300.0,
                }
            ],
        )
        self.assertTrue(contract.number)
        self.assertEqual(invoice.invoice_line_ids.crm_contract_plan_id, first)
        self.assertEqual(invoice.crm_contract_plan_ids, first)
        self.assertEqual(first.invoice_ids, invoice)
        self.assertEqual(contract.invoice_ids, invoice)
        self.assertEqual(contract.invoice_count, 1)
        # a draft invoice counts as invoiced
        self.assertRecordValues(
            first + second,
            [
                {"amount_invoiced": 300, "amount_to_invoice": 0, "invoice_status": "invoiced"},
                {"amount_invoiced": 0, "amount_to_invoice": 700, "invoice_status": "to invoice"},
            ],
        )
        self.assertRecordValues(
            contract,
            [{"amount_invoiced": 300, "amount_to_invoice": 700, "invoice_status": "to invoice"}],
        )
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        self.assertEqual(invoice.invoice_date_due, date(2026, 3, 31))
        self.assertEqual(first.invoice_names, invoice.name)
        self.assertEqual(first.amount_invoiced, 300.0)
        self.assertMoney(contract, received=0.0, due=1000.0)
        # cancelled: the instalment is to invoice again
        invoice.button_draft()
        invoice.button_cancel()
        self.assertRecordValues(
            first,
            [{"amount_invoiced": 0.0, "amount_to_invoice": 300.0, "invoice_status": "to invoice"}],
        )
        self.assertEqual(contract.amount_to_invoice, 1000.0)
        self.assertFalse(first.invoice_ids)
        self.assertEqual(contract.invoice_count, 0)
        # the rest of the contract in one go: both instalments, one invoice per due date
        invoices = self._create_invoices(contract)
        self.assertEqual(invoices.mapped("amount_total"), [300.0, 700.0])
        self.assertEqual(
            invoices.mapped("invoice_date_due"), [date(2026, 3, 31), date(2026, 6, 30)]
        )
        self.assertRecordValues(
            contract,
            [{"amount_invoiced": 1000.0, "amount_to_invoice": 0.0, "invoice_status": "invoiced"}],
        )
        with self.assertRefused(UserError, "Nothing to invoice"):
            contract.action_create_invoices()
        with self.assertRefused(UserError, "Nothing is left to invoice"):
            first.action_create_invoices()

    def test_several_instalments_of_two_contracts(self):
        harbour = self._contract(
            [(date(2026, 3, 31), 100.0), (date(2026, 3, 31), 200.0), (date(2026, 6, 30), 700.0)]
        )
        granite = self._contract(
            [(date(2026, 4, 30), 400.0), (date(2026, 5, 31), 600.0)], partner_id=self.partner_b.id
        )
        plans = harbour.payment_plan_ids | granite.payment_plan_ids
        invoices = self._create_invoices(plans)
        self.assertEqual(len(invoices), 4)
        self.assertEqual(
            [
                (m.contract_id, m.partner_id, m.invoice_date_due, m.amount_total)
                for m in invoices.sorted(lambda m: (m.contract_id.id, m.invoice_date_due))
            ],
            [
                (harbour, self.customer, date(2026, 3, 31), 300.0),
                (harbour, self.customer, date(2026, 6, 30), 700.0),
                (granite, self.partner_b, date(2026, 4, 30), 400.0),
                (granite, self.partner_b, date(2026, 5, 31), 600.0),
            ],
        )
        shared = invoices.filtered(lambda m: m.amount_total == 300.0)
        self.assertEqual(
            shared.crm_contract_plan_ids,
            harbour.payment_plan_ids.filtered(lambda p: p.date_due == date(2026, 3, 31)),
        )
        # each instalment under a section of its own, each line on its instalment
        self.assertEqual(
            [
                (line.display_type, line.crm_contract_plan_id.amount, line.price_total)
                for line in shared.invoice_line_ids
            ],
            [
                ("line_section", 0.0, 0.0),
                ("product", 100.0, 100.0),
                ("line_section", 0.0, 0.0),
                ("product", 200.0, 200.0),
            ],
        )
        self.assertEqual(plans.mapped("invoice_status"), ["invoiced"] * 5)
        self.assertEqual((harbour | granite).mapped("amount_invoiced"), [1000.0, 1000.0])
        self.assertEqual(harbour.invoice_ids, invoices.filtered(lambda m: m.contract_id == harbour))
        self.assertEqual(granite.invoice_count, 2)

    def test_only_signed_contracts(self):
        contract = self.env["crm.contract"].create(
            {
                "name": "Draft agreement",
                "partner_id": self.customer.id,
                "type_id": self.contract_type.id,
                "amount_total": 100.0,
                "company_id": self.company.id,
            }
        )
        plan = self.Plan.create(
            {"contract_id": contract.id, "date_due": date(2026, 3, 1), "amount": 100.0}
        )
        self.assertEqual(plan.invoice_status, "no")
        self.assertEqual(plan.amount_to_invoice, 0.0)
        with self.assertRefused(UserError, "Only instalments of active or expired contracts"):
            plan.action_create_invoices()
        self.assertFalse(self.env["account.move"].search([("contract_id", "=", contract.id)]))

    def test_instalment_product_of_the_company(self):
        product = self._product("Instalment (13%)", self.tax_13)
        self.env["res.config.settings"].create(
            {"crm_contract_invoice_product_id": product.id}
        ).execute()
        self.assertEqual(self.company.crm_contract_invoice_product_id, product)
        contract = self._contract([(date(2026, 3, 31), 113.0)])
        invoice = self._create_invoices(contract.payment_plan_ids)
        line = invoice.invoice_line_ids
        self.assertEqual(line.product_id, product)
        self.assertEqual(line.tax_ids, self.tax_13)
        self.assertAlmostEqual(line.price_unit, 100.0)
        self.assertEqual(invoice.amount_untaxed, 100.0)
        self.assertEqual(invoice.amount_tax, 13.0)
        self.assertEqual(invoice.amount_total, 113.0)

    def test_cent_out_of_reach_of_the_unit_price(self):
        """700.00 at 15% excluded: a unit price of 608.69 makes 699.99, 608.70 makes 700.01;
        the cent goes on a line without taxes, so that the invoice bills 700.00."""
        product = self._product("Instalment (15%)", self.tax_15)
        self.company.crm_contract_invoice_product_id = product
        contract = self._contract([(date(2026, 3, 31), 700.0)])
        invoice = self._create_invoices(contract.payment_plan_ids)
        self.assertEqual(invoice.amount_total, 700.0)
        taxed = invoice.invoice_line_ids.filtered("tax_ids")
        rounding = invoice.invoice_line_ids - taxed
        self.assertEqual(taxed.tax_ids, self.tax_15)
        self.assertIn(taxed.price_unit, (608.69, 608.70))
        self.assertEqual(len(rounding), 1)
        self.assertAlmostEqual(abs(rounding.price_total), 0.01, 2)
        self.assertIn("rounding of the taxes", rounding.name)
        self.assertEqual(rounding.crm_contract_plan_id, contract.payment_plan_ids)
        self.assertEqual(rounding.account_id, taxed.account_id)
        invoice.invoice_date = date(2026, 3, 1)
        invoice.action_post()
        self.assertEqual(invoice.amount_residual, 700.0)
        self.assertEqual(contract.amount_invoiced, 700.0)

    def test_default_instalment_product(self):
        self.assertFalse(self.company.crm_contract_invoice_product_id)
        contract = self._contract([(date(2026, 3, 31), 250.0)])
        invoice = self._create_invoices(contract.payment_plan_ids)
        default = self.env.ref("crm_contract_account.product_product_contract_instalment")
        self.assertEqual(invoice.invoice_line_ids.product_id, default)
        self.assertEqual(invoice.amount_total, 250.0)
        self.assertIn(contract.number, invoice.invoice_line_ids.name)


@tagged("post_install", "-at_install")
class TestInvoiceLines(ContractInvoicingCase):
    def _lines_contract(self, plans, lines):
        return self._contract(plans, lines=lines)

    def _assert_lines_billed(self, contract, invoices):
        """Over all the invoices, each product line is billed for exactly its subtotal (what
        the customer pays for it), and each invoice comes to what its instalments bill."""
        for line in contract.line_ids.filtered(lambda line: not line.display_type):
            billed = invoices.invoice_line_ids.filtered(
                lambda inv_line, line=line: inv_line.crm_contract_line_id == line
            )
            self.assertAlmostEqual(sum(billed.mapped("price_total")), line.price_subtotal, 2)
        for invoice in invoices:
            self.assertAlmostEqual(
                invoice.amount_total, sum(invoice.crm_contract_plan_ids.mapped("amount")), 2
            )

    def test_split_30_70_with_remainder_and_discount(self):
        lines = [
            {
                "product_id": self.product_crane.id,
                "name": "Cranes",
                "quantity": 3.0,
                "price_unit": 333.33,
            },
            {
                "product_id": self.product_training.id,
                "name": "Training",
                "quantity": 7.0,
                "price_unit": 33.33,
                "discount": 10.0,
            },
        ]
        contract = self._contract([], lines=lines)
        total = contract.amount_total
        self.assertAlmostEqual(total, 999.99 + 209.98, 2)
        first_amount = round(total * 0.3, 2)
        self.Plan.create(
            [
                {"contract_id": contract.id, "date_due": date(2026, 3, 31), "amount": first_amount},
                {
                    "contract_id": contract.id,
                    "date_due": date(2026, 9, 30),
                    "amount": round(total - first_amount, 2),
                },
            ]
        )
        first, second = contract.payment_plan_ids.sorted("installment")
        inv_1 = self._create_invoices(first)
        inv_2 = self._create_invoices(second)
        self.assertEqual(len(inv_1.invoice_line_ids), 2)
        self.assertEqual(inv_1.invoice_line_ids.crm_contract_line_id, contract.line_ids)
        self.assertEqual(inv_1.invoice_line_ids.mapped("discount"), [0.0, 10.0])
        self.assertEqual(inv_1.invoice_line_ids.tax_ids, self.tax_15)
        # 30% of each line (taxes included) on the first invoice
        crane, training = contract.line_ids
        self.assertAlmostEqual(
            inv_1.invoice_line_ids[0].price_total, round(crane.price_subtotal * 0.3, 2), delta=0.02
        )
        self.assertAlmostEqual(
            inv_1.invoice_line_ids[1].price_total,
            round(training.price_subtotal * 0.3, 2),
            delta=0.02,
        )
        self.assertAlmostEqual(inv_1.amount_total, first.amount, 2)
        self.assertAlmostEqual(inv_2.amount_total, second.amount, 2)
        self._assert_lines_billed(contract, inv_1 | inv_2)
        self.assertEqual(contract.invoice_status, "invoiced")

    def test_awkward_amounts_and_taxes(self):
        for tax in (self.tax_15, self.tax_13, self.tax_15_incl, self.tax_13 | self.tax_15):
            product = self._product(f"Service {tax.mapped('name')}", tax)
            for amount in (100.01, 333.33, 999.99, 0.07):
                with self.subTest(tax=tax.mapped("name"), amount=amount):
                    contract = self._contract(
                        [(date(2026, 3, 31), amount)],
                        lines=[
                            {
                                "product_id": product.id,
                                "name": "Service",
                                "quantity": 1.0,
                                "price_unit": amount,
                            }
                        ],
                    )
                    self.assertAlmostEqual(contract.amount_total, amount, 2)
                    invoice = self._create_invoices(contract.payment_plan_ids)
                    self.assertEqual(invoice.amount_total, amount)
                    self.assertEqual(invoice.invoice_line_ids.tax_ids, tax)
                    invoice.invoice_date = date(2026, 3, 1)
                    invoice.action_post()
                    self.assertEqual(invoice.amount_residual, amount)
                    self.assertEqual(contract.payment_plan_ids.amount_invoiced, amount)

    def test_awkward_split_over_three_instalments(self):
        for tax in (self.tax_15, self.tax_15_incl):
            product = self._product(f"Split {tax.name}", tax)
            with self.subTest(tax=tax.name):
                contract = self._contract(
                    [],
                    lines=[
                        {"product_id": product.id, "name": "A", "quantity": 1, "price_unit": 100},
                        {
                            "product_id": self.product_training.id,
                            "name": "B",
                            "quantity": 3,
                            "price_unit": 333.33,
                        },
                    ],
                )
                total = contract.amount_total
                self.Plan.create(
                    [
                        {"contract_id": contract.id, "date_due": due, "amount": amount}
                        for due, amount in (
                            (date(2026, 3, 1), 333.33),
                            (date(2026, 6, 1), 333.33),
                            (date(2026, 9, 1), round(total - 666.66, 2)),
                        )
                    ]
                )
                invoices = self.env["account.move"]
                for plan in contract.payment_plan_ids.sorted("installment"):
                    invoices |= self._create_invoices(plan)
                self.assertEqual(
                    invoices.mapped("amount_total"), [333.33, 333.33, round(total - 666.66, 2)]
                )
                self._assert_lines_billed(contract, invoices)

    def test_sections_and_notes_are_not_billed(self):
        contract = self._contract(
            [(date(2026, 3, 31), 500.0)],
            lines=[
                {"display_type": "line_section", "name": "Cranes"},
                {
                    "product_id": self.product_crane.id,
                    "name": "Crane",
                    "quantity": 1,
                    "price_unit": 500.0,
                },
                {"display_type": "line_note", "name": "On site"},
            ],
        )
        invoice = self._create_invoices(contract.payment_plan_ids)
        self.assertEqual(invoice.invoice_line_ids.mapped("display_type"), ["product"])
        self.assertEqual(invoice.amount_total, 500.0)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax_15)
        self.assertAlmostEqual(invoice.amount_untaxed, 434.78, 2)

    def test_fiscal_position_maps_the_taxes(self):
        fpos = self.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "company_id": self.company.id,
                "tax_ids": [
                    Command.create({"tax_src_id": self.tax_15.id, "tax_dest_id": self.tax_13.id})
                ],
            }
        )
        self.partner_b.with_company(self.company).property_account_position_id = fpos
        contract = self._contract(
            [(date(2026, 3, 31), 226.0)],
            partner_id=self.partner_b.id,
            lines=[
                {"product_id": self.product_crane.id, "name": "C", "quantity": 2, "price_unit": 113}
            ],
        )
        invoice = self._create_invoices(contract.payment_plan_ids)
        self.assertEqual(invoice.fiscal_position_id, fpos)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax_13)
        self.assertEqual(invoice.amount_total, 226.0)
        self.assertEqual(invoice.amount_untaxed, 200.0)
