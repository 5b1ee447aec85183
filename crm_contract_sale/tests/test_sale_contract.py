from datetime import date, timedelta

from lxml import etree

from odoo import Command
from odoo.addons.crm_contract.tests.common import view_specification
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SaleContractCase


@tagged("post_install", "-at_install")
class TestCreateContract(SaleContractCase):
    def _assert_contract_of(self, contract, order, date_ref=date(2026, 3, 2)):
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.partner_id, self.customer_contact)
        self.assertEqual(contract.opportunity_id, self.opportunity)
        self.assertEqual(contract.user_id, self.salesman)
        self.assertEqual(contract.team_id, self.team)
        self.assertEqual(contract.company_id, order.company_id)
        self.assertEqual(contract.currency_id, order.currency_id)
        self.assertIn("Delivery within 30 days.", contract.description)
        self.assertEqual(order.contract_id, contract)
        self.assertEqual(contract.sale_order_ids, order)
        self.assertEqual(contract.sale_order_count, 1)
        self.assertEqual(
            [
                (
                    line.display_type,
                    line.name,
                    line.product_id,
                    line.quantity,
                    line.product_uom_id,
                    line.price_unit,
                    line.discount,
                )
                for line in contract.line_ids
            ],
            [
                (
                    "line_section",
                    "Cranes",
                    self.env["product.product"],
                    0.0,
                    self.env["uom.uom"],
                    0,
                    0,
                ),
                (
                    False,
                    "Harbour crane service, monthly",
                    self.product_crane,
                    3.0,
                    self.uom_unit,
                    500.0,
                    0.0,
                ),
                (
                    "line_note",
                    "Operators trained on site.",
                    self.env["product.product"],
                    0.0,
                    self.env["uom.uom"],
                    0,
                    0,
                ),
                (
                    False,
                    order.order_line[3].name,
                    self.product_training,
                    1.0,
                    self.uom_dozen,
                    480.0,
                    10.0,
                ),
            ],
        )
        # the amount without taxes, the order's untaxed amount
        self.assertEqual(contract.amount_total, 1932.0)
        self.assertEqual(order.amount_untaxed, 1932.0)
        plans = contract.payment_plan_ids.sorted("date_due")
        self.assertEqual(
            [(p.date_due, p.amount) for p in plans],
            [(date_ref, 579.6), (date_ref + timedelta(days=30), 1352.4)],
        )

    def test_create_from_quotation(self):
        order = self._order().with_user(self.salesman)
        self.assertEqual(order.state, "draft")
        action = order.action_create_contract()
        self.assertEqual((action["res_model"], action["view_mode"]), ("crm.contract", "form"))
        contract = self.env["crm.contract"].browse(action["res_id"])
        self._assert_contract_of(contract, order)

    def test_create_from_confirmed_order(self):
        order = self._order().with_user(self.salesman)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        contract = self._create_contract_from(order)
        # the instalments run from the order's date: its confirmation date
        self._assert_contract_of(contract, order, date_ref=order.date_order.date())
        self.assertEqual(order.state, "sale")

    def test_instalments_add_up_to_the_amount_exactly(self):
        """30% of 333.33 is 99.999: 100.00, then the rest, 233.33 (not 233.331)."""
        order = self._order(
            lines=[
                {
                    "product_id": self.product_crane.id,
                    "product_uom_qty": 1,
                    "price_unit": 333.33,
                    "tax_id": [Command.clear()],
                }
            ]
        )
        contract = self._create_contract_from(order)
        self.assertEqual(contract.amount_total, 333.33)
        amounts = contract.payment_plan_ids.sorted("date_due").mapped("amount")
        self.assertEqual(amounts, [100.0, 233.33])
        self.assertEqual(contract.currency_id.round(sum(amounts)), contract.amount_total)
        self.assertEqual(contract.amount_planned, contract.amount_total)

    def test_price_with_included_tax_is_taken_without_it(self):
        tax = self.env["account.tax"].create(
            {"name": "VAT 25% included", "amount": 25.0, "price_include_override": "tax_included"}
        )
        order = self._order(
            lines=[
                {
                    "product_id": self.product_crane.id,
                    "product_uom_qty": 2,
                    "price_unit": 125.0,
                    "tax_id": [Command.set(tax.ids)],
                }
            ]
        )
        contract = self._create_contract_from(order)
        self.assertEqual(contract.line_ids.price_unit, 100.0)
        self.assertEqual(contract.amount_total, order.amount_untaxed)
        self.assertEqual(contract.amount_total, 200.0)

    def test_no_payment_terms_no_instalments(self):
        order = self._order(payment_term_id=False)
        contract = self._create_contract_from(order)
        self.assertFalse(contract.payment_plan_ids)
        self.assertEqual(contract.amount_total, 1932.0)

    def test_order_joins_one_contract(self):
        order = self._order()
        contract = self._create_contract_from(order)
        with self.assertRaisesRegex(UserError, "already belongs to contract"):
            order.action_create_contract()
        other = self._create_contract(name="Other agreement")
        with self.assertRaisesRegex(UserError, "belongs to one contract"):
            order.contract_id = other
        self.assertEqual(order.contract_id, contract)
        self.assertFalse(other.sale_order_ids)

    def test_cancelled_order_makes_no_contract(self):
        order = self._order()
        order.action_cancel()
        with self.assertRaisesRegex(UserError, "is cancelled"):
            order.action_create_contract()
        self.assertFalse(self.env["crm.contract"].search([("sale_order_ids", "in", order.ids)]))


@tagged("post_install", "-at_install")
class TestFrameworkContract(SaleContractCase):
    def test_second_order_on_a_framework_contract(self):
        framework = self._create_contract(name="Framework 2026", user_id=self.salesman.id)
        framework.action_activate()
        first = self._create_contract_from(self._order())
        self.assertNotEqual(first, framework)
        second = self._order().with_user(self.salesman)
        third = self._order().with_user(self.salesman)
        (second | third).write({"contract_id": framework.id})
        self.assertEqual(framework.sale_order_ids, second | third)
        self.assertEqual(framework.sale_order_count, 2)
        # attaching orders is no change of what was signed
        self.assertFalse(framework.sale_order_changed)
        action = framework.action_view_sale_orders()
        self.assertEqual(action["domain"], [("contract_id", "=", framework.id)])
        self.assertEqual(self.env["sale.order"].search(action["domain"]), second | third)

    def test_order_of_another_customer_refused(self):
        framework = self._create_contract(name="Framework 2026")
        order = self._order(partner=self.other_contact)
        with self.assertRaisesRegex(ValidationError, "Granite Works"):
            order.contract_id = framework

    def test_closed_contract_takes_no_order(self):
        framework = self._create_contract(name="Framework 2026")
        framework._cancel("Lost to a competitor")
        self.assertEqual(framework.state, "cancelled")
        order = self._order()
        with self.assertRaisesRegex(UserError, "neither draft nor active"):
            order.contract_id = framework
        with self.assertRaisesRegex(UserError, "neither draft nor active"):
            self._order(contract_id=framework.id)

    def test_other_company_refused(self):
        company_b = self.env["res.company"].create({"name": "Northern Branch"})
        self.env.user.company_ids |= company_b
        contract_b = self._create_contract(name="Northern framework", company_id=company_b.id)
        order = self._order()
        with self.assertRaises(UserError):
            order.contract_id = contract_b
        self.assertFalse(order.contract_id)


@tagged("post_install", "-at_install")
class TestNewQuotation(SaleContractCase):
    def _contract_with_lines(self, **values):
        vals = {
            "name": "Cranes 2026",
            "partner_id": self.customer.id,
            "user_id": self.salesman.id,
            "team_id": self.team.id,
            "opportunity_id": self.opportunity.id,
            "description": "<p>Yearly service.</p>",
            "line_ids": [
                Command.create({"display_type": "line_section", "name": "Service"}),
                Command.create(
                    {
                        "product_id": self.product_crane.id,
                        "quantity": 4,
                        "price_unit": 450.0,
                        "discount": 5.0,
                    }
                ),
                Command.create({"display_type": "line_note", "name": "Monthly visits."}),
            ],
        }
        vals.update(values)
        return self.env["crm.contract"].create(vals)

    def test_new_quotation_from_contract(self):
        contract = self._contract_with_lines().with_user(self.salesman)
        action = contract.action_new_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "sale.order")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.user_id, self.salesman)
        self.assertEqual(order.team_id, self.team)
        self.assertEqual(order.opportunity_id, self.opportunity)
        self.assertEqual(order.contract_id, contract)
        self.assertEqual(order.currency_id, contract.currency_id)
        self.assertIn("Yearly service.", order.note)
        self.assertEqual(
            [
                (
                    line.display_type,
                    line.product_id,
                    line.product_uom_qty,
                    line.price_unit,
                    line.discount,
                )
                for line in order.order_line
            ],
            [
                ("line_section", self.env["product.product"], 0.0, 0.0, 0.0),
                (False, self.product_crane, 4.0, 450.0, 5.0),
                ("line_note", self.env["product.product"], 0.0, 0.0, 0.0),
            ],
        )
        self.assertEqual(order.amount_untaxed, contract.amount_total)
        self.assertEqual(contract.sale_order_ids, order)

    def test_quotation_in_the_contract_currency(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        usd = self.env.ref("base.USD")
        contract_currency = eur if self.env.company.currency_id != eur else usd
        contract_currency.active = True
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign pricelist", "currency_id": contract_currency.id}
        )
        contract = self._contract_with_lines(currency_id=contract_currency.id)
        order = self.env["sale.order"].browse(contract.action_new_quotation()["res_id"])
        self.assertEqual(order.pricelist_id, pricelist)
        self.assertEqual(order.currency_id, contract_currency)
        self.assertEqual(order.order_line[1].price_unit, 450.0)

    def test_closed_contract_makes_no_quotation(self):
        contract = self._contract_with_lines()
        contract.action_activate()
        contract._terminate("Ended early", date(2026, 3, 31))
        with self.assertRaisesRegex(UserError, "draft and active contracts only"):
            contract.action_new_quotation()


@tagged("post_install", "-at_install")
class TestOrderChangedAfterSigning(SaleContractCase):
    def _signed(self):
        order = self._order()
        contract = self._create_contract_from(order)
        contract.action_activate()
        return order, contract

    def test_change_flags_the_contract_and_offers_an_amendment(self):
        order, contract = self._signed()
        amount, lines = contract.amount_total, contract.line_ids.read(["quantity", "price_unit"])
        crane = order.order_line.filtered(lambda line: line.product_id == self.product_crane)
        crane.with_user(self.salesman).product_uom_qty = 4
        self.assertTrue(contract.sale_order_changed)
        self.assertEqual(contract.sale_order_changed_ref, order.name)
        self.assertIn(order.name, contract.message_ids[0].body)
        self.assertIn("changed after the contract was signed", contract.message_ids[0].body)
        # the signed contract did not follow
        self.assertEqual(contract.amount_total, amount)
        self.assertEqual(contract.line_ids.read(["quantity", "price_unit"]), lines)
        action = contract.action_amend_sale_order()
        self.assertEqual(action["res_model"], "crm.contract.amendment")
        self.assertEqual(action["context"]["default_contract_id"], contract.id)
        # the contract has product lines: the amendment gets the order's lines, its amount
        # follows them
        self.assertNotIn("default_amount_total", action["context"])
        self.assertIn(order.name, action["context"]["default_reason"])
        with Form(
            self.env["crm.contract.amendment"].with_context(**action["context"])
        ) as amendment:
            self.assertEqual(amendment.amount_total, 2432.0)
            self.assertEqual(amendment.contract_id, contract)
        amendment = amendment.record
        self.assertEqual(
            amendment.line_ids.filtered(
                lambda line: line.product_id == self.product_crane
            ).quantity,
            4,
        )
        amendment.action_apply()
        self.assertEqual(contract.amount_total, 2432.0)
        self.assertFalse(contract.sale_order_changed)

    def test_added_and_removed_lines_and_cancel_flag_the_contract(self):
        order, contract = self._signed()
        order.order_line = [
            Command.create({"product_id": self.product_training.id, "tax_id": [Command.clear()]})
        ]
        self.assertTrue(contract.sale_order_changed)
        contract.action_dismiss_sale_order_changed()
        self.assertFalse(contract.sale_order_changed)
        order.order_line[-1].unlink()
        self.assertTrue(contract.sale_order_changed)
        contract.action_dismiss_sale_order_changed()
        order.action_cancel()
        self.assertTrue(contract.sale_order_changed)

    def test_rewriting_the_same_values_is_no_change(self):
        order, contract = self._signed()
        for line in order.order_line:
            line.write({"name": line.name, "product_uom_qty": line.product_uom_qty})
        self.assertFalse(contract.sale_order_changed)

    def test_draft_contract_not_flagged(self):
        order = self._order()
        contract = self._create_contract_from(order)
        order.order_line.filtered("product_id")[0].product_uom_qty = 9
        self.assertFalse(contract.sale_order_changed)
        self.assertFalse(contract.sale_order_changed_ref)

    def test_flag_is_set_by_the_bridge_only(self):
        _order, contract = self._signed()
        with self.assertRaisesRegex(UserError, "cannot be set directly"):
            contract.write({"sale_order_changed": True})
        with self.assertRaisesRegex(UserError, "cannot be set directly"):
            self._create_contract(sale_order_changed_ref="S00001")

    def test_applied_amendment_clears_the_flag(self):
        framework = self._create_contract(name="Framework 2026", amount_total=5000.0)
        framework.action_activate()
        order = self._order()
        order.contract_id = framework
        order.order_line.filtered("product_id")[0].product_uom_qty = 5
        self.assertTrue(framework.sale_order_changed)
        action = framework.action_amend_sale_order()
        self.assertEqual(action["context"]["default_amount_total"], 2932.0)
        with Form(self.env["crm.contract.amendment"].with_context(**action["context"])) as form:
            form.amount_total = 6000.0
        form.record.action_apply()
        self.assertEqual(framework.amount_total, 6000.0)
        self.assertFalse(framework.sale_order_changed)


@tagged("post_install", "-at_install")
class TestSaleContractAccess(SaleContractCase):
    def test_own_documents_salesperson_cannot_reach_another_persons_order(self):
        order = self._order(user=self.salesman)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman_2).action_create_contract()
        self.assertFalse(order.contract_id)

    def test_order_whose_contract_is_unreadable(self):
        """The salesperson of the order reads it, its contract (someone else's) shown as
        any unreadable many2one; its smart button refuses cleanly."""
        order = self._order(user=self.salesman)
        contract = self._create_contract_from(order)
        contract.user_id = self.salesman_2
        contract.action_activate()
        as_salesman = order.with_user(self.salesman)
        self.assertFalse(contract.with_user(self.salesman).has_access("read"))
        arch = as_salesman.get_views([(False, "form")])["views"]["form"]["arch"]
        spec = view_specification(self.env, "sale.order", etree.fromstring(arch))
        self.assertIn("contract_id", spec)
        values = as_salesman.web_read(spec)[0]
        self.assertEqual(values["contract_id"]["id"], contract.id)
        with self.assertRaisesRegex(AccessError, "You do not have access to this Contract"):
            as_salesman.action_view_contract()
        # changing the order still notes the change on the contract
        as_salesman.order_line.filtered("product_id")[0].product_uom_qty = 7
        self.assertTrue(contract.sale_order_changed)

    def test_contract_user_without_sales_rights_reads_the_contract_form(self):
        order = self._order()
        contract = self._create_contract_from(order)
        contract.user_id = self.user_own
        as_own = contract.with_user(self.user_own)
        arch = as_own.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("sale_order_count", arch)
        self.assertNotIn("action_new_quotation", arch)
        spec = view_specification(self.env, "crm.contract", etree.fromstring(arch))
        values = as_own.web_read(spec)[0]
        self.assertEqual(values["id"], contract.id)

    def test_own_documents_salesperson_from_own_order(self):
        order = self._order(user=self.salesman).with_user(self.salesman)
        contract = self._create_contract_from(order)
        self.assertEqual(contract.env.user, self.salesman)
        self.assertEqual(contract.user_id, self.salesman)
        self.assertEqual(len(contract.payment_plan_ids), 2)
        # the contract's smart button on the order and the orders' on the contract
        self.assertEqual(order.action_view_contract()["res_id"], contract.id)
        self.assertEqual(contract.action_view_sale_orders()["res_id"], order.id)
