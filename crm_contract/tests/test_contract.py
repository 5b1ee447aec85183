from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .common import ContractCase


class TestContractFields(ContractCase):
    def test_defaults(self):
        contract = (
            self.env["crm.contract"]
            .with_user(self.user_own)
            .create({"name": "Defaults", "partner_id": self.customer.id})
        )
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.user_id, self.user_own)
        self.assertEqual(contract.company_id, self.env.company)
        self.assertEqual(contract.currency_id, self.env.company.currency_id)
        self.assertEqual(contract.commercial_partner_id, self.customer)
        self.assertFalse(contract.date_signed)

    def test_number_from_sequence(self):
        first = self._create_contract(date_signed=date(2026, 3, 1))
        second = self._create_contract(date_signed=date(2026, 3, 2))
        self.assertTrue(first.number.startswith("CT/2026/"), first.number)
        self.assertNotEqual(first.number, second.number)
        self.assertEqual(
            int(second.number.rsplit("/", 1)[1]), int(first.number.rsplit("/", 1)[1]) + 1
        )
        self.assertEqual(first.display_name, f"{first.number} - Supply agreement")

    def test_number_kept_when_given_and_editable(self):
        contract = self._create_contract(number="HF-001")
        self.assertEqual(contract.number, "HF-001")
        contract.number = "HF-002"
        self.assertEqual(contract.number, "HF-002")

    def test_number_unique_per_company(self):
        self._create_contract(number="HF-100")
        # Refused by name before the database constraint (which stays as the backstop).
        with self.assertRaises(ValidationError) as error:
            self._create_contract(number="HF-100")
        self.assertIn("HF-100 is already used by another contract of", str(error.exception))
        other_company = self.env["res.company"].create({"name": "Second Company"})
        contract_b = self._create_contract(number="HF-100", company_id=other_company.id)
        self.assertEqual(contract_b.number, "HF-100")

    def test_copy(self):
        contract = self._create_contract(number="HF-200", state="active", date_signed=date.today())
        copy = contract.copy()
        self.assertEqual(copy.name, "Supply agreement (copy)")
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.date_signed)
        self.assertNotEqual(copy.number, "HF-200")
        self.assertTrue(copy.number)

    def test_search_by_number_and_customer(self):
        contract = self._create_contract(number="ZX-42")
        Contract = self.env["crm.contract"]
        self.assertIn(contract, Contract.search([("display_name", "ilike", "ZX-42")]))
        found_ids = [contract_id for contract_id, _name in Contract.name_search("Harbour Freight")]
        self.assertIn(contract.id, found_ids)


class TestContractConstraints(ContractCase):
    def test_end_before_start(self):
        with self.assertRaisesRegex(ValidationError, r"end date \(2026-01-31\) cannot be before"):
            self._create_contract(date_start=date(2026, 2, 1), date_end=date(2026, 1, 31))
        contract = self._create_contract(date_start=date(2026, 2, 1), date_end=date(2026, 2, 1))
        with self.assertRaisesRegex(ValidationError, "cannot be before the start date"):
            contract.date_end = date(2025, 12, 31)

    def test_negative_amount(self):
        with self.assertRaisesRegex(ValidationError, r"amount cannot be negative \(-5.0\)"):
            self._create_contract(amount_total=-5)
        self.assertEqual(self._create_contract(amount_total=0).amount_total, 0)

    def test_customer_signer_of_customer(self):
        contract = self._create_contract(customer_signer_id=self.customer_contact.id)
        self.assertEqual(contract.customer_signer_id, self.customer_contact)
        with self.assertRaises(ValidationError) as error:
            contract.customer_signer_id = self.other_contact
        self.assertRegex(
            str(error.exception),
            "customer signer .*Gustav Granite is not a contact of the customer Harbour Freight",
        )
        # a contact of the customer's company is valid when the customer is the contact
        contract.partner_id = self.customer_contact
        contract.customer_signer_id = self.customer_contact
        self.assertEqual(contract.commercial_partner_id, self.customer)

    def test_form_clears_foreign_signer(self):
        contract = self._create_contract(customer_signer_id=self.customer_contact.id)
        with Form(contract) as form:
            form.partner_id = self.other_customer
            self.assertFalse(form.customer_signer_id)
        self.assertFalse(contract.customer_signer_id)

    def test_active_contract_cannot_be_deleted(self):
        contract = self._create_contract()
        contract.action_activate()
        with self.assertRaisesRegex(UserError, "active contract cannot be deleted"):
            contract.unlink()
        contract._cancel("Signed by mistake")
        contract.unlink()
        self.assertFalse(contract.exists())

    def test_tracking(self):
        contract = self._create_contract()
        self.env.cr.flush()  # ends the creation's tracking (nothing is tracked at creation)
        contract.write({"amount_total": 2500, "user_id": self.user_all.id})
        self.env.flush_all()
        self.env.cr.flush()  # tracking values are written when the cursor flushes
        contract.invalidate_recordset(["message_ids"])
        tracked = contract.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("amount_total", tracked)
        self.assertIn("user_id", tracked)
