from odoo.tests import Form

from .common import ContractCase


class TestCrmIntegration(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Harbour Team"})
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Harbour cranes",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "expected_revenue": 42000,
                "team_id": cls.team.id,
                "user_id": cls.user_all.id,
            }
        )

    def test_new_contract_from_opportunity(self):
        action = self.opportunity.action_new_contract()
        self.assertEqual(action["res_model"], "crm.contract")
        form = Form(self.env["crm.contract"].with_context(**action["context"]))
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.opportunity_id, self.opportunity)
        self.assertEqual(form.amount_total, 42000)
        self.assertEqual(form.team_id, self.team)
        self.assertEqual(form.user_id, self.user_all)
        self.assertEqual(form.name, "Harbour cranes")
        contract = form.save()
        self.assertEqual(self.opportunity.contract_count, 1)
        action = self.opportunity.action_view_contracts()
        self.assertEqual(action["res_id"], contract.id)
        self.assertEqual(contract.action_open_opportunity()["res_id"], self.opportunity.id)

    def test_opportunity_contract_count(self):
        self.assertEqual(self.opportunity.contract_count, 0)
        self._create_contract(opportunity_id=self.opportunity.id)
        self._create_contract(opportunity_id=self.opportunity.id)
        self.opportunity.invalidate_recordset(["contract_count"])
        self.assertEqual(self.opportunity.contract_count, 2)
        action = self.opportunity.action_view_contracts()
        self.assertEqual(action["domain"], [("opportunity_id", "=", self.opportunity.id)])
        self.assertFalse(action.get("res_id"))
        self.assertEqual(action["views"][0][1], "list")

    def test_partner_smart_button_counts_company_and_contacts(self):
        """A company counts its own and its contacts' contracts; a person only those they
        are involved in (as the Contracts tab of their form lists them)."""
        self._create_contract()
        self._create_contract(partner_id=self.customer_contact.id)
        self._create_contract(partner_id=self.other_customer.id)
        partners = self.customer | self.customer_contact | self.other_customer
        partners.invalidate_recordset(["contract_count"])
        self.assertEqual(self.customer.contract_count, 2)
        self.assertEqual(self.customer_contact.contract_count, 1)
        self.assertEqual(self.other_customer.contract_count, 1)
        action = self.customer_contact.action_view_contracts()
        contracts = self.env["crm.contract"].search(action["domain"])
        self.assertEqual(len(contracts), 1)
        self.assertEqual(action["context"]["default_partner_id"], self.customer_contact.id)

    def test_partner_count_respects_own_documents(self):
        self._create_contract(user_id=self.user_own_2.id)
        self._create_contract(user_id=self.user_own.id)
        customer = self.customer.with_user(self.user_own)
        self.assertEqual(customer.contract_count, 1)

    def test_contract_type_count(self):
        self._create_contract()
        self.assertEqual(self.contract_type.contract_count, 1)
