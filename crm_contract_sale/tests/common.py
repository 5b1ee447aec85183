"""Shared set-up of the bridge's tests: salespeople with sales and contract rights, a
customer with an opportunity, products, a 30/70 payment term, and quotations built in one
create. Base classes only, no test methods."""

from datetime import datetime

from odoo import Command
from odoo.addons.crm_contract.tests.common import PaymentCase
from odoo.tests import new_test_user


def payment_term_30_70(env):
    """Payment terms of 30% on the day, 70% 30 days later."""
    return env["account.payment.term"].create(
        {
            "name": "30% now, 70% in 30 days",
            "line_ids": [
                Command.create({"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                Command.create({"value": "percent", "value_amount": 70.0, "nb_days": 30}),
            ],
        }
    )


class SaleContractCase(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "tier.definition" in cls.env:
            # the approval addon's demo tier does not hold back the contracts signed here
            cls.env["tier.definition"].search([]).write({"active": False})
        cls.salesman = new_test_user(
            cls.env,
            login="sale_contract_own",
            name="Sally Seller",
            groups="sales_team.group_sale_salesman",
        )
        cls.salesman_2 = new_test_user(
            cls.env,
            login="sale_contract_own_2",
            name="Simon Seller",
            groups="sales_team.group_sale_salesman",
        )
        cls.sale_manager = new_test_user(
            cls.env,
            login="sale_contract_manager",
            name="Stella Sales Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.team = cls.env["crm.team"].create({"name": "Contract Sales Team"})
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Harbour Freight cranes",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
            }
        )
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.product_crane = cls.env["product.product"].create(
            {"name": "Harbour crane service", "type": "service", "list_price": 500.0}
        )
        cls.product_training = cls.env["product.product"].create(
            {"name": "Operator training", "type": "service", "list_price": 40.0}
        )
        cls.term_30_70 = payment_term_30_70(cls.env)
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Contract pricelist", "currency_id": cls.env.company.currency_id.id}
        )

    @classmethod
    def _order(cls, user=None, partner=None, lines=None, **values):
        """A quotation of ``user`` (the salesperson) for ``partner``: by default a section,
        3 cranes at 500, a note and a dozen trainings at 40 with 10% off, no taxes."""
        vals = {
            "partner_id": (partner or cls.customer_contact).id,
            "user_id": (user or cls.salesman).id,
            "team_id": cls.team.id,
            "opportunity_id": cls.opportunity.id,
            "payment_term_id": cls.term_30_70.id,
            "pricelist_id": cls.pricelist.id,
            "date_order": datetime(2026, 3, 2, 10, 0),
            "note": "<p>Delivery within 30 days.</p>",
            "order_line": [Command.create(line) for line in (lines or cls._default_lines())],
        }
        vals.update(values)
        return cls.env["sale.order"].create(vals)

    @classmethod
    def _default_lines(cls):
        return [
            {"display_type": "line_section", "name": "Cranes"},
            {
                "product_id": cls.product_crane.id,
                "name": "Harbour crane service, monthly",
                "product_uom_qty": 3,
                "price_unit": 500.0,
                "tax_id": [Command.clear()],
            },
            {"display_type": "line_note", "name": "Operators trained on site."},
            {
                "product_id": cls.product_training.id,
                "product_uom_qty": 1,
                "product_uom": cls.uom_dozen.id,
                "price_unit": 480.0,
                "discount": 10.0,
                "tax_id": [Command.clear()],
            },
        ]

    @staticmethod
    def _create_contract_from(order):
        action = order.action_create_contract()
        return order.env["crm.contract"].browse(action["res_id"])
