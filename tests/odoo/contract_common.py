"""Shared set-up of the crm_contract tests: users of each contract group, customers,
contacts and a helper to create contracts. No test methods here."""

from odoo.tests import TransactionCase, new_test_user


class ContractCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        own = "base.group_user,crm_contract.crm_contract_group_user"
        cls.user_own = new_test_user(cls.env, login="contract_own", name="Olivia Own", groups=own)
        cls.user_own_2 = new_test_user(
            cls.env, login="contract_own_2", name="Oscar Own", groups=own
        )
        cls.user_all = new_test_user(
            cls.env,
            login="contract_all",
            name="Alice All",
            groups="base.group_user,crm_contract.crm_contract_group_user_all",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="contract_manager",
            name="Mark Manager",
            groups="base.group_user,crm_contract.crm_contract_group_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Harbour Freight Ltd", "is_company": True}
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Hannah Harbour", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Granite Works", "is_company": True}
        )
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Gustav Granite", "parent_id": cls.other_customer.id}
        )
        cls.contract_type = cls.env["crm.contract.type"].create({"name": "Test Supply"})

    @classmethod
    def _create_contract(cls, **values):
        vals = {
            "name": "Supply agreement",
            "partner_id": cls.customer.id,
            "type_id": cls.contract_type.id,
            "amount_total": 1000.0,
        }
        vals.update(values)
        return cls.env["crm.contract"].create(vals)
