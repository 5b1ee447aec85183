from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import ContractCase


class TestContractContacts(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance_contact = cls.env["res.partner"].create(
            {"name": "Frank Finance", "parent_id": cls.customer.id}
        )
        cls.contract = cls._create_contract(user_id=cls.user_own.id)

    def _add(self, partner, **values):
        return self.env["crm.contract.contact"].create(
            dict({"contract_id": self.contract.id, "partner_id": partner.id}, **values)
        )

    def test_first_contact_is_primary_and_only_one_primary(self):
        first = self._add(self.customer_contact, role="decision_maker")
        self.assertTrue(first.is_primary)
        second = self._add(self.finance_contact, role="finance")
        self.assertFalse(second.is_primary)
        second.is_primary = True
        self.assertTrue(second.is_primary)
        self.assertFalse(first.is_primary)
        self.assertEqual(self.contract.primary_contact_id, self.finance_contact)
        # unticking the only primary keeps one
        second.is_primary = False
        self.assertEqual(len(self.contract.contact_ids.filtered("is_primary")), 1)
        # deleting the primary promotes another
        primary = self.contract.contact_ids.filtered("is_primary")
        primary.unlink()
        self.assertEqual(len(self.contract.contact_ids), 1)
        self.assertTrue(self.contract.contact_ids.is_primary)

    def test_create_two_primaries_at_once(self):
        lines = self.env["crm.contract.contact"].create(
            [
                {
                    "contract_id": self.contract.id,
                    "partner_id": self.customer_contact.id,
                    "is_primary": True,
                },
                {
                    "contract_id": self.contract.id,
                    "partner_id": self.finance_contact.id,
                    "is_primary": True,
                },
            ]
        )
        self.assertEqual(len(lines.filtered("is_primary")), 1)

    def test_only_customer_contacts(self):
        with self.assertRaises(ValidationError) as error:
            self._add(self.other_contact)
        self.assertIn(
            "Gustav Granite is not a contact of the customer Harbour Freight Ltd",
            str(error.exception),
        )

    def test_same_person_once(self):
        self._add(self.customer_contact)
        # Refused by name before the database constraint (kept as the backstop).
        with self.assertRaisesRegex(ValidationError, "Hannah Harbour is already listed"):
            self._add(self.customer_contact)

    def test_tab_does_not_offer_listed_persons(self):
        self._add(self.customer_contact)
        with Form(self.contract) as form:
            with form.contact_ids.new() as line:
                line.partner_id = self.finance_contact
                offered = self.env["crm.contract.contact"]._fields["partner_id"].domain
                self.assertIn("listed_partner_ids", offered)
                # the persons on the contract, saved or just added in the form
                self.assertEqual(
                    set(line.listed_partner_ids.ids),
                    {self.customer_contact.id, self.finance_contact.id},
                )
        choices = self.env["res.partner"].search(
            [
                ("commercial_partner_id", "=", self.customer.id),
                ("is_company", "=", False),
                ("id", "not in", self.contract.contact_partner_ids.ids),
            ]
        )
        self.assertNotIn(self.customer_contact, choices)
        self.assertNotIn(self.finance_contact, choices)

    def test_edit_phone_email_updates_partner(self):
        line = self._add(self.customer_contact)
        line.write(
            {
                "phone": "+33 4 72 00 00 00",
                "email": "hannah@harbour.example.com",
                "function": "Buyer",
            }
        )
        self.assertEqual(self.customer_contact.phone, "+33 4 72 00 00 00")
        self.assertEqual(self.customer_contact.email, "hannah@harbour.example.com")
        self.assertEqual(self.customer_contact.function, "Buyer")

    def test_new_person_from_tab_created_under_customer(self):
        with Form(self.contract) as form:
            with form.contact_ids.new() as line:
                partner_field_context = {
                    "default_parent_id": self.customer.id,
                    "default_type": "contact",
                }
                new_partner_id, _name = (
                    self.env["res.partner"]
                    .with_context(**partner_field_context)
                    .name_create("Nina New")
                )
                line.partner_id = self.env["res.partner"].browse(new_partner_id)
                line.role = "technical"
                line.phone = "+1 555 0100"
        line = self.contract.contact_ids
        self.assertEqual(line.partner_id.name, "Nina New")
        self.assertEqual(line.partner_id.parent_id, self.customer)
        self.assertEqual(line.partner_id.phone, "+1 555 0100")
        self.assertTrue(line.is_primary)

    def test_customer_signer_among_contacts(self):
        contract = self._create_contract(customer_signer_id=self.customer_contact.id)
        self.assertEqual(contract.contact_ids.partner_id, self.customer_contact)
        self.assertEqual(contract.contact_ids.role, "signer")
        self.assertTrue(contract.contact_ids.is_primary)
        # an existing contact becoming the signer is not duplicated
        finance = self.env["crm.contract.contact"].create(
            {"contract_id": contract.id, "partner_id": self.finance_contact.id, "role": "finance"}
        )
        contract.customer_signer_id = self.finance_contact
        self.assertEqual(len(contract.contact_ids), 2)
        self.assertEqual(finance.role, "signer")

    def test_partner_shows_contract_involvements(self):
        self._add(self.customer_contact, role="decision_maker")
        other_contract = self._create_contract(customer_signer_id=self.customer_contact.id)
        involvements = self.customer_contact.contract_contact_ids
        self.assertEqual(involvements.contract_id, self.contract | other_contract)

    def test_access_follows_contract(self):
        line = self._add(self.customer_contact)
        colleague_contract = self._create_contract(user_id=self.user_own_2.id)
        colleague_line = self.env["crm.contract.contact"].create(
            {"contract_id": colleague_contract.id, "partner_id": self.finance_contact.id}
        )
        Contact = self.env["crm.contract.contact"].with_user(self.user_own)
        self.assertEqual(Contact.search([("id", "in", (line | colleague_line).ids)]), line)
        with self.assertRaises(AccessError):
            colleague_line.with_user(self.user_own).read(["role"])
        line.with_user(self.user_own).role = "finance"
        self.assertEqual(
            self.env["crm.contract.contact"]
            .with_user(self.user_all)
            .search([("id", "=", colleague_line.id)]),
            colleague_line,
        )
