from odoo.tests import tagged

from .common import ContractCase


@tagged("post_install", "-at_install")
class TestPartnerContracts(ContractCase):
    """The contract button of a partner's form agrees with its Contracts tab."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = cls.env["res.partner"].create(
            {"name": "Henry Harbour", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.contracts = cls.env["crm.contract"]
        for name in ("Supply", "Maintenance", "Design"):
            cls.contracts |= cls._create_contract(name=name)
        # Hannah is a contact of two of the company's three contracts.
        cls.env["crm.contract.contact"].create(
            [
                {"contract_id": contract.id, "partner_id": cls.customer_contact.id}
                for contract in cls.contracts[:2]
            ]
        )

    def _action_contracts(self, partner):
        action = partner.action_view_contracts()
        return self.env["crm.contract"].search(action["domain"])

    def test_company_counts_its_contracts(self):
        self.assertEqual(self.customer.contract_count, 3)
        self.assertEqual(self._action_contracts(self.customer), self.contracts)

    def test_person_counts_their_involvements(self):
        hannah = self.customer_contact
        self.assertEqual(hannah.contract_count, 2)
        self.assertEqual(hannah.contract_involvement_ids, self.contracts[:2])
        self.assertEqual(self._action_contracts(hannah), self.contracts[:2])
        self.assertEqual(self.colleague.contract_count, 0)
        self.assertFalse(self._action_contracts(self.colleague))

    def test_person_as_customer_or_signer(self):
        """A contract of which the person is the customer or the customer's signer is one
        of theirs too, counted once when they are also its contact."""
        as_customer = self._create_contract(partner_id=self.colleague.id)
        self.contracts[2].customer_signer_id = self.colleague
        if self.colleague not in self.contracts[2].contact_ids.partner_id:
            self.env["crm.contract.contact"].create(
                {"contract_id": self.contracts[2].id, "partner_id": self.colleague.id}
            )
        self.colleague.invalidate_recordset(["contract_count", "contract_involvement_ids"])
        self.assertEqual(self.colleague.contract_count, 2)
        self.assertEqual(
            self._action_contracts(self.colleague), (self.contracts[2] | as_customer).sorted()
        )

    def test_individual_customer_counts_its_contracts(self):
        individual = self.env["res.partner"].create({"name": "Ivy Individual"})
        contract = self._create_contract(partner_id=individual.id)
        self.assertEqual(individual.contract_count, 1)
        self.assertEqual(self._action_contracts(individual), contract)

    def test_counts_in_batch(self):
        partners = self.customer | self.customer_contact | self.colleague
        partners.invalidate_recordset(["contract_count"])
        self.assertEqual(partners.mapped("contract_count"), [3, 2, 0])
        self.assertEqual(self.customer.contract_involvement_ids.ids, [])


@tagged("post_install", "-at_install")
class TestOverdueActivitySummary(ContractCase):
    def test_payment_overdue_activity_is_no_exception(self):
        """The list's activity column shows "Warning" instead of the summary for an activity
        type with a decoration: the Payment Overdue one has none."""
        overdue = self.env.ref("crm_contract.mail_activity_type_payment_overdue")
        self.assertFalse(overdue.decoration_type)
        contract = self._create_contract()
        contract.activity_schedule(
            "crm_contract.mail_activity_type_payment_overdue", summary="Instalment 1 overdue"
        )
        self.assertFalse(contract.activity_exception_decoration)
        self.assertEqual(contract.activity_summary, "Instalment 1 overdue")
