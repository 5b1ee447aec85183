from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import ContractCase


class TestContractAccess(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_contract = cls._create_contract(name="Olivia's", user_id=cls.user_own.id)
        cls.colleague_contract = cls._create_contract(name="Oscar's", user_id=cls.user_own_2.id)
        cls.unassigned_contract = cls._create_contract(name="Nobody's", user_id=False)

    def test_group_hierarchy(self):
        self.assertTrue(self.user_manager.has_group("crm_contract.crm_contract_group_user_all"))
        self.assertTrue(self.user_manager.has_group("crm_contract.crm_contract_group_user"))
        self.assertTrue(self.user_all.has_group("crm_contract.crm_contract_group_user"))
        self.assertFalse(self.user_all.has_group("crm_contract.crm_contract_group_manager"))
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("crm_contract.crm_contract_group_manager")
        )

    def test_sales_groups_imply_contract_groups(self):
        salesman = new_test_user(
            self.env, login="salesman", groups="sales_team.group_sale_salesman"
        )
        all_leads = new_test_user(
            self.env, login="all_leads", groups="sales_team.group_sale_salesman_all_leads"
        )
        sales_manager = new_test_user(
            self.env, login="sales_manager", groups="sales_team.group_sale_manager"
        )
        self.assertTrue(salesman.has_group("crm_contract.crm_contract_group_user"))
        self.assertFalse(salesman.has_group("crm_contract.crm_contract_group_user_all"))
        self.assertTrue(all_leads.has_group("crm_contract.crm_contract_group_user_all"))
        self.assertFalse(all_leads.has_group("crm_contract.crm_contract_group_manager"))
        self.assertTrue(sales_manager.has_group("crm_contract.crm_contract_group_manager"))

    def test_own_documents_user(self):
        Contract = self.env["crm.contract"].with_user(self.user_own)
        visible = Contract.search([("id", "in", self.all_test_contracts.ids)])
        self.assertEqual(visible, self.own_contract | self.unassigned_contract)
        with self.assertRaises(AccessError):
            self.colleague_contract.with_user(self.user_own).read(["name"])
        with self.assertRaises(AccessError):
            self.colleague_contract.with_user(self.user_own).write({"name": "Mine now"})
        self.own_contract.with_user(self.user_own).write({"name": "Renamed"})
        self.unassigned_contract.with_user(self.user_own).write({"amount_total": 5})
        created = Contract.create({"name": "New one", "partner_id": self.customer.id})
        self.assertEqual(created.user_id, self.user_own)
        with self.assertRaises(AccessError):
            Contract.create(
                {"name": "For Oscar", "partner_id": self.customer.id, "user_id": self.user_own_2.id}
            )
        with self.assertRaises(AccessError):
            self.own_contract.with_user(self.user_own).unlink()

    def test_all_documents_user(self):
        contract = self.colleague_contract.with_user(self.user_all)
        self.assertEqual(contract.read(["name"])[0]["name"], "Oscar's")
        contract.write({"amount_total": 777})
        self.assertEqual(contract.amount_total, 777)
        with self.assertRaises(AccessError):
            contract.unlink()

    def test_only_administrator_deletes(self):
        self.colleague_contract.with_user(self.user_manager).unlink()
        self.assertFalse(self.colleague_contract.exists())

    def test_configuration_for_administrators_only(self):
        Type = self.env["crm.contract.type"]
        self.assertTrue(Type.with_user(self.user_own).search([]))
        with self.assertRaises(AccessError):
            Type.with_user(self.user_all).create({"name": "Consulting"})
        with self.assertRaises(AccessError):
            self.contract_type.with_user(self.user_all).write({"name": "Renamed"})
        Type.with_user(self.user_manager).create({"name": "Consulting"})

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        user_b = new_test_user(
            self.env,
            login="contract_b",
            company_id=company_b.id,
            company_ids=[company_b.id],
            groups="base.group_user,crm_contract.crm_contract_group_manager",
        )
        Contract_b = self.env["crm.contract"].with_user(user_b)
        self.assertFalse(Contract_b.search([("id", "in", self.all_test_contracts.ids)]))
        with self.assertRaises(AccessError):
            self.unassigned_contract.with_user(user_b).read(["name"])
        own_b = Contract_b.create({"name": "B only", "partner_id": self.customer.id})
        self.assertEqual(own_b.company_id, company_b)
        self.assertNotIn(own_b, self.env["crm.contract"].with_user(self.user_manager).search([]))

    def test_portal_and_public_cannot_read(self):
        portal = new_test_user(self.env, login="portal_contract", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["crm.contract"].with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.env["crm.contract.type"].with_user(portal).search([])
        public = self.env.ref("base.public_user")
        with self.assertRaises(AccessError):
            self.env["crm.contract"].with_user(public).search([])

    @property
    def all_test_contracts(self):
        return self.own_contract | self.colleague_contract | self.unassigned_contract
