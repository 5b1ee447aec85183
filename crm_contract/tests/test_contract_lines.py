"""Product lines of a contract (issue 23): the amount they give, the rules around it (read
only beside lines, the payment plan and receipts checked against it, lines of a signed
contract changed only through an amendment), the amendment's old and new lines, the
renewal's copy, the documents and the portal page that show them, the Contract Lines
analysis under the record rules, and the query count of the form with many lines."""

from datetime import date

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged, users, warmup
from odoo.tools.safe_eval import safe_eval

from .common import PaymentCase, count_queries, view_specification

CONTRACT_REPORT = "crm_contract.crm_contract_action_report_contract"
STATEMENT_REPORT = "crm_contract.crm_contract_action_report_statement"


class LinesCase(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Line = cls.env["crm.contract.line"]
        cls.category = cls.env["product.category"].create({"name": "Lines Furniture"})
        cls.desk, cls.chair, cls.service = cls.env["product.product"].create(
            [
                {"name": "Lines Desk", "list_price": 1800.0, "categ_id": cls.category.id},
                {"name": "Lines Chair", "list_price": 450.0, "categ_id": cls.category.id},
                {"name": "Lines Visit", "list_price": 320.0, "type": "service"},
            ]
        )
        cls.discount_product = cls.env.ref("crm_contract.product_product_contract_discount")

    @classmethod
    def _lines_contract(cls, lines=None, **values):
        """A draft contract with product lines given as (product, quantity, price, discount)."""
        lines = lines or [(cls.desk, 2, 1800.0, 0.0), (cls.chair, 4, 450.0, 10.0)]
        values.setdefault("date_start", date(2025, 1, 1))
        values.setdefault("date_end", date(2025, 12, 31))
        return cls._create_contract(
            line_ids=[
                Command.create({"product_id": p.id, "quantity": q, "price_unit": u, "discount": d})
                for p, q, u, d in lines
            ],
            **values,
        )


@tagged("post_install", "-at_install")
class TestContractLineAmount(LinesCase):
    def test_amount_is_lines_sum(self):
        contract = self._lines_contract(amount_total=99.0)
        # 2 x 1800 + 4 x 450 - 10%; the amount typed beside the lines is not kept
        self.assertEqual(contract.amount_total, 3600.0 + 1620.0)
        self.assertTrue(contract.has_product_lines)
        # a section and a note add nothing
        contract.write(
            {
                "line_ids": [
                    Command.create({"display_type": "line_section", "name": "Services"}),
                    Command.create({"display_type": "line_note", "name": "On site"}),
                ]
            }
        )
        self.assertEqual(contract.amount_total, 5220.0)
        # the product's price, unit and description by default
        line = self.Line.create({"contract_id": contract.id, "product_id": self.service.id})
        self.assertEqual((line.quantity, line.price_unit), (1.0, 320.0))
        self.assertEqual(line.product_uom_id, self.service.uom_id)
        self.assertIn("Lines Visit", line.name)
        self.assertEqual(contract.amount_total, 5540.0)
        line.unlink()
        self.assertEqual(contract.amount_total, 5220.0)

    def test_rounding(self):
        contract = self._lines_contract(
            [(self.desk, 3, 33.33, 12.5), (self.chair, 1, 0.05, 10.0), (self.chair, 1, 0.05, 10.0)]
        )
        # each subtotal rounded to the currency (87.49125 -> 87.49, 0.045 -> 0.05), and the
        # amount is the sum of the rounded subtotals, as on a quotation (not 87.58)
        self.assertEqual(contract.line_ids.mapped("price_subtotal"), [87.49, 0.05, 0.05])
        self.assertEqual(contract.amount_total, 87.59)

    def test_discount_line(self):
        contract = self._lines_contract()
        self.Line.create(
            {
                "contract_id": contract.id,
                "product_id": self.discount_product.id,
                "name": "Opening discount",
                "price_unit": -220.0,
            }
        )
        self.assertEqual(contract.amount_total, 5000.0)
        # the discount may not take the contract below nothing
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.Line.create(
                {
                    "contract_id": contract.id,
                    "product_id": self.discount_product.id,
                    "price_unit": -6000.0,
                }
            )
        self.assertEqual(contract.amount_total, 5000.0)
        with self.assertRefused(ValidationError, "between 0 and 100"):
            contract.line_ids[0].discount = 120.0
        with self.assertRefused(ValidationError, "negative unit price"):
            contract.line_ids[0].quantity = -1

    def test_discount_button(self):
        contract = self._lines_contract()
        action = contract.action_open_discount_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"discount_percentage": 12.5})
        )
        self.assertEqual(wizard.amount_base, 5220.0)
        wizard.action_apply()
        line = contract.line_ids[-1]
        self.assertEqual((line.product_id, line.quantity), (self.discount_product, 1.0))
        self.assertEqual((line.name, line.price_unit), ("Discount 12.5%", -652.5))
        self.assertEqual(contract.amount_total, 4567.5)
        for percentage in (0.0, 120.0):
            with self.assertRefused(UserError, "more than 0 and at most 100%"):
                contract._add_discount_line(percentage)
        with self.assertRefused(UserError, "no product line"):
            self._create_contract()._add_discount_line(10.0)
        # another user's contract: not even its amount is read
        other = self._lines_contract(user_id=self.user_own_2.id)
        with self.assertRefused(AccessError, "do not have access"):
            self.env["crm.contract.discount"].with_user(self.user_own).create(
                {"contract_id": other.id, "discount_percentage": 10.0}
            )

    def test_lines_of_other_users_contracts(self):
        other = self._lines_contract(user_id=self.user_own_2.id)
        Line = self.Line.with_user(self.user_own)
        with self.assertRaises(AccessError):
            Line.create({"contract_id": other.id, "product_id": self.desk.id})
        with self.assertRaises(AccessError):
            Line.browse(other.line_ids.ids).read(["price_subtotal"])
        with self.assertRaises(AccessError):
            Line.browse(other.line_ids[0].id).write({"quantity": 9})
        self.assertEqual(other.amount_total, 5220.0)

    def test_amount_read_only_beside_lines(self):
        contract = self._lines_contract()
        with self.assertRefused(UserError, "sum of its product lines"):
            contract.write({"amount_total": 100.0})
        contract.write({"amount_total": 5220.0})  # the same amount: nothing changes
        with Form(contract) as form, self.assertRaises(AssertionError):
            form.amount_total = 100.0
        # without product lines, the amount stays typed by hand
        plain = self._create_contract(amount_total=750.0)
        plain.write({"amount_total": 800.0})
        self.assertEqual(plain.amount_total, 800.0)
        self.assertFalse(plain.has_product_lines)
        with Form(plain) as form:
            form.amount_total = 900.0
        self.assertEqual(plain.amount_total, 900.0)

    def test_payment_plan_against_lines(self):
        contract = self._lines_contract()
        self._plans(contract, (date(2025, 3, 1), 3000.0), (date(2025, 6, 1), 2220.0))
        with self.assertRefused(ValidationError, "more than the contract amount"):
            self._plans(contract, (date(2025, 9, 1), 1.0))
        # lines taking the amount below the instalments, whatever path changes them
        with self.assertRefused(ValidationError, "instalments add up to"):
            contract.line_ids[0].quantity = 1
        with self.assertRefused(ValidationError, "instalments add up to"):
            contract.line_ids[1].unlink()
        with self.assertRefused(ValidationError, "instalments add up to"):
            contract.write(
                {"line_ids": [Command.update(contract.line_ids[0].id, {"discount": 50})]}
            )
        self.assertEqual(contract.amount_total, 5220.0)
        # the form's save: lines replaced in one write are checked on the final amount
        old = contract.line_ids
        contract.write(
            {
                "line_ids": [Command.update(old[0].id, {"quantity": 1})]
                + [Command.create({"product_id": self.desk.id, "price_unit": 1800.0})]
            }
        )
        self.assertEqual(contract.amount_total, 5220.0)

    def test_signed_lines_only_through_amendment(self):
        contract = self._lines_contract()
        contract.action_activate()
        line = contract.line_ids[0]
        for change in (
            lambda: line.write({"quantity": 3}),
            lambda: line.unlink(),
            lambda: self.Line.create({"contract_id": contract.id, "product_id": self.chair.id}),
            lambda: contract.write({"line_ids": [Command.delete(line.id)]}),
        ):
            with self.assertRefused(UserError, "through an amendment"):
                change()
        self.assertEqual(contract.amount_total, 5220.0)

    def test_computed_and_contract_fields_not_given(self):
        """A subtotal, a person in charge or a status written straight into a line would make
        the amount and the analysis lie: refused on create and write; a line stays on its
        contract."""
        contract = self._lines_contract()
        other = self._lines_contract()
        line = contract.line_ids[0]
        for vals in (
            {"price_subtotal": 99999.0},
            {"user_id": self.env.ref("base.user_demo").id},
            {"contract_state": "active"},
            {"company_id": self.env.company.id},
        ):
            with self.subTest(vals=vals):
                with self.assertRefused(UserError, "cannot be set directly"):
                    line.write(vals)
                with self.assertRefused(UserError, "cannot be set directly"):
                    self.Line.create(dict(vals, contract_id=contract.id, product_id=self.desk.id))
        with self.assertRefused(UserError, "stays on the contract"):
            line.write({"contract_id": other.id})
        self.assertEqual(contract.amount_total, 5220.0)

    def test_signed_contract_created_with_its_lines(self):
        """A contract created signed (an import, an API call) gets its lines in the same
        create; the records returned carry no marker: its lines stay closed afterwards."""
        contract = self._lines_contract(state="active", date_signed=date(2025, 1, 1))
        self.assertEqual((contract.state, contract.amount_total), ("active", 5220.0))
        with self.assertRefused(UserError, "through an amendment"):
            contract.line_ids[0].quantity = 9
        with self.assertRefused(UserError, "through an amendment"):
            contract.write({"line_ids": [Command.create({"product_id": self.chair.id})]})


@tagged("post_install", "-at_install")
class TestContractLineAmendment(LinesCase):
    def test_amendment_replaces_lines(self):
        contract = self._lines_contract()
        contract.action_activate()
        self._plans(contract, (date(2025, 3, 1), 3000.0))
        with Form(
            self.env["crm.contract.amendment"].with_context(default_contract_id=contract.id)
        ) as form:
            # the new lines start as a copy of the contract's
            self.assertEqual(len(form.line_ids), 2)
            self.assertEqual(form.amount_total, 5220.0)
            form.reason = "Two more desks"
            with form.line_ids.edit(0) as line:
                line.quantity = 4
            with form.line_ids.new() as line:
                line.product_id = self.service
            with self.assertRaises(AssertionError):
                form.amount_total = 1.0  # the new lines give the new amount
        amendment = form.record
        self.assertEqual(amendment.amount_total, 7200.0 + 1620.0 + 320.0)
        self.assertEqual(contract.amount_total, 5220.0)  # not applied yet
        amendment.action_apply()
        self.assertEqual(contract.amount_total, 9140.0)
        self.assertEqual(amendment.amount_before, 5220.0)
        self.assertEqual(
            contract.line_ids.mapped(lambda line: (line.product_id, line.quantity)),
            [(self.desk, 4.0), (self.chair, 4.0), (self.service, 1.0)],
        )
        # the amendment keeps the lines before and after
        self.assertEqual(
            amendment.line_before_ids.mapped(
                lambda line: (line.product_id, line.quantity, line.discount)
            ),
            [(self.desk, 2.0, 0.0), (self.chair, 4.0, 10.0)],
        )
        self.assertEqual(sum(amendment.line_before_ids.mapped("price_subtotal")), 5220.0)
        self.assertEqual(sum(amendment.line_ids.mapped("price_subtotal")), 9140.0)
        # applied: its lines are history
        with self.assertRefused(UserError, "not a draft"):
            amendment.line_ids[0].quantity = 1
        with self.assertRefused(UserError, "not a draft"):
            amendment.line_before_ids[0].unlink()

    def test_amendment_amount_alone_refused_beside_lines(self):
        contract = self._lines_contract()
        contract.action_activate()
        amendment = self.env["crm.contract.amendment"].create(
            {"contract_id": contract.id, "reason": "Cheaper", "amount_total": 4000.0}
        )
        with self.assertRefused(UserError, "Give the new lines instead of a new amount"):
            amendment.action_apply()
        self.assertEqual(contract.amount_total, 5220.0)
        # the lines before are given by the addon only
        with self.assertRefused(UserError, "kept by the addon"):
            self.env["crm.contract.amendment.line"].create(
                {"amendment_id": amendment.id, "kind": "old", "product_id": self.desk.id}
            )

    def test_amendment_below_plan_refused(self):
        contract = self._lines_contract()
        contract.action_activate()
        self._plans(contract, (date(2025, 3, 1), 5000.0))
        amendment = self.env["crm.contract.amendment"].create(
            {
                "contract_id": contract.id,
                "reason": "Fewer desks",
                "amount_total": 123.0,  # not kept beside new lines
                "line_ids": [
                    Command.create(
                        {"product_id": self.desk.id, "quantity": 1, "price_unit": 1800.0}
                    )
                ],
            }
        )
        self.assertEqual(amendment.amount_total, 1800.0)
        with self.assertRefused(UserError, "Reduce or cancel instalments first"):
            amendment.action_apply()
        self.assertEqual(len(contract.line_ids), 2)
        self.assertEqual(contract.amount_total, 5220.0)

    def test_renew_copies_lines(self):
        contract = self._lines_contract([(self.desk, 2, 1700.0, 5.0), (self.chair, 4, 450.0, 0.0)])
        contract.write(
            {"line_ids": [Command.create({"display_type": "line_note", "name": "Delivered"})]}
        )
        contract.action_activate()
        renewal = contract._renew()
        self.assertEqual(renewal.state, "draft")
        fields = ("display_type", "product_id", "name", "quantity", "price_unit", "discount")
        self.assertEqual(
            [[line[f] for f in fields] for line in renewal.line_ids],
            [[line[f] for f in fields] for line in contract.line_ids],
        )
        self.assertEqual(renewal.amount_total, contract.amount_total)
        self.assertEqual(renewal.amount_total, 3230.0 + 1800.0)
        # the renewal's lines are its own: changing them leaves the signed contract alone
        renewal.line_ids[0].quantity = 3
        self.assertEqual(contract.line_ids[0].quantity, 2.0)


@tagged("post_install", "-at_install")
class TestContractLineDocuments(LinesCase):
    def _html(self, report, records):
        return self.env["ir.actions.report"]._render_qweb_html(report, records.ids)[0].decode()

    def test_pdf_and_statement_show_lines(self):
        contract = self._lines_contract(number="CT/LINES/1")
        contract.write(
            {
                "line_ids": [
                    Command.create({"display_type": "line_section", "name": "Installation works"}),
                    Command.create(
                        {
                            "product_id": self.discount_product.id,
                            "name": "Loyalty discount",
                            "price_unit": -220.0,
                        }
                    ),
                ]
            }
        )
        for report in (CONTRACT_REPORT, STATEMENT_REPORT):
            html = self._html(report, contract)
            lines = html.split('name="contract_lines"', 1)[1]
            for text in (
                "Lines Desk",
                "Lines Chair",
                "Installation works",
                "Loyalty discount",
                "3,600.00",
                "1,620.00",
                "220.00",
                "5,000.00",
            ):
                self.assertIn(text, lines, report)
        # a contract without lines has no Products table
        plain = self._create_contract()
        self.assertNotIn('name="contract_lines"', self._html(CONTRACT_REPORT, plain))


@tagged("post_install", "-at_install")
class TestContractLinePortal(HttpCase):
    def test_portal_page_shows_lines(self):
        customer = self.env["res.partner"].create({"name": "Lines Portal Co", "is_company": True})
        user = new_test_user(self.env, login="lines_portal", groups="base.group_portal")
        user.partner_id.parent_id = customer
        desk = self.env["product.product"].create({"name": "Portal Desk", "list_price": 990.0})
        contract = self.env["crm.contract"].create(
            {
                "name": "Portal lines",
                "partner_id": customer.id,
                "line_ids": [
                    Command.create({"display_type": "line_section", "name": "Office furniture"}),
                    Command.create({"product_id": desk.id, "quantity": 3}),
                ],
            }
        )
        self.assertEqual(contract.amount_total, 2970.0)
        self.authenticate("lines_portal", "lines_portal")
        response = self.url_open(f"/my/contracts/{contract.id}")
        self.assertEqual(response.status_code, 200)
        products = response.text.split('id="products"', 1)[1]
        for text in ("Office furniture", "Portal Desk", "990.00", "2,970.00"):
            self.assertIn(text, products)


@tagged("post_install", "-at_install")
class TestContractLineAnalysis(LinesCase):
    def _analysis(self, user):
        action = self.env.ref("crm_contract.crm_contract_line_action")
        domain = safe_eval(action.domain)
        groups = self.Line.with_user(user).read_group(
            domain, ["price_subtotal:sum", "quantity:sum"], ["product_id"]
        )
        mine = (self.desk | self.chair | self.service).ids  # demo contracts left aside
        return {
            g["product_id"][0]: (g["price_subtotal"], g["quantity"])
            for g in groups
            if g["product_id"][0] in mine
        }

    def test_signed_only_under_rules(self):
        own = self._lines_contract(user_id=self.user_own.id)
        own.action_activate()
        self._lines_contract([(self.desk, 5, 1800.0, 0.0)], user_id=self.user_own.id)  # draft
        other = self._lines_contract([(self.desk, 10, 1000.0, 0.0)], user_id=self.user_own_2.id)
        other.action_activate()
        self.assertEqual(
            self._analysis(self.user_own),
            {self.desk.id: (3600.0, 2.0), self.chair.id: (1620.0, 4.0)},
        )
        self.assertEqual(
            self._analysis(self.user_all),
            {self.desk.id: (13600.0, 12.0), self.chair.id: (1620.0, 4.0)},
        )
        # what the analysis groups by follows the contract
        line = own.line_ids[0]
        self.assertEqual(
            (line.contract_state, line.date_signed, line.user_id, line.product_categ_id),
            ("active", own.date_signed, self.user_own, self.category),
        )


@tagged("post_install", "-at_install", "crm_contract_performance")
class TestContractLineQueryCount(LinesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_own.groups_id += cls.env.ref("sales_team.group_sale_salesman")
        cls.user_manager.groups_id += cls.env.ref("sales_team.group_sale_salesman")
        cls.small = cls._lines_contract([(cls.desk, 1, 10.0, 0.0)] * 5, user_id=cls.user_own.id)
        cls.large = cls._lines_contract(
            [(cls.chair if n % 2 else cls.desk, n % 7 + 1, 10.0, n % 3) for n in range(500)],
            user_id=cls.user_own.id,
        )

    @users("contract_own", "contract_manager")
    @warmup
    def test_form_5_or_500_lines(self):
        views = self.env["crm.contract"].get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        spec = view_specification(self.env, "crm.contract", arch)
        self.assertIn("line_ids", spec)
        small, large = self.small.with_env(self.env), self.large.with_env(self.env)
        count_small = count_queries(self.env, lambda: small.web_read(spec))
        count_large = count_queries(self.env, lambda: large.web_read(spec))
        if self.warm:
            self.assertEqual(count_large, count_small, "500 lines run more queries than 5")
        record = large.web_read(spec)[0]
        self.assertEqual(len(record["line_ids"]), 500)
        self.assertEqual(len(record["line_ids"]), len(self.large.line_ids))
