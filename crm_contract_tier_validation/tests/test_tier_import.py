"""Contracts imported as Active were signed elsewhere: no approval tier holds them back, and
the import result says so. Contracts imported as drafts go through the approval as usual."""

from odoo.addons.crm_contract.tests.common import csv_bytes
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TierImportCase

NOTE = "Contracts imported as Active are not held back by approval tiers"
HEADER = ["Contract Number", "Contract Name", "Customer", "Amount", "Status"]


@tagged("post_install", "-at_install")
class TestTierImport(TierImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rows = [
            HEADER,
            ["TIER-1", "Signed elsewhere", "Harbour Freight Ltd", "250000", "Active"],
            ["TIER-2", "Still a draft", "Harbour Freight Ltd", "300000", "Draft"],
        ]

    def test_import_of_active_contracts_not_blocked(self):
        wizard = self._wizard(csv_bytes(self.rows), user=self.user_own)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 2, self._messages(wizard))
        signed, draft = self._contracts(["TIER-1", "TIER-2"]).sorted("number")
        self.assertEqual(signed.state, "active")
        self.assertFalse(signed.review_ids)
        self.assertIn(NOTE, wizard.result_summary)
        # the draft one needs the approval as any other
        self.assertEqual(draft.state, "draft")
        self.assertTrue(draft.need_validation)
        with self.assertRaises(UserError):
            draft.with_user(self.user_own).action_activate()

    def test_import_signs_an_existing_draft(self):
        draft = self._create_contract(number="TIER-3", amount_total=400000)
        wizard = self._wizard(
            csv_bytes([HEADER, ["TIER-3", "Signed at the fair", "", "", "Active"]]),
        )
        wizard.action_import()
        self.assertEqual(wizard.updated_count, 1, self._messages(wizard))
        self.assertEqual(draft.state, "active")
        self.assertIn(NOTE, wizard.result_summary)

    def test_test_run_says_it_too(self):
        wizard = self._wizard(csv_bytes(self.rows))
        wizard.action_test()
        self.assertTrue(wizard.dry_run)
        self.assertIn(NOTE, wizard.result_summary)
        self.assertFalse(self._contracts(["TIER-1", "TIER-2"]))

    def test_no_note_without_active_rows(self):
        wizard = self._wizard(csv_bytes([self.rows[0], self.rows[2]]))
        wizard.action_import()
        self.assertEqual(wizard.created_count, 1, self._messages(wizard))
        self.assertNotIn(NOTE, wizard.result_summary)

    def test_direct_create_or_odoo_import_of_active_contract_is_refused(self):
        Contract = self.env["crm.contract"].with_user(self.user_own)
        with self.assertRaisesRegex(UserError, "needs approval"):
            Contract.create(
                {
                    "name": "Sneaky",
                    "partner_id": self.customer.id,
                    "amount_total": 500000,
                    "state": "active",
                }
            )
        result = Contract.with_context(import_file=True).load(
            ["name", "partner_id", "amount_total", "state"],
            [["Generic import", "Harbour Freight Ltd", "500000", "active"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("needs approval", result["messages"][0]["message"])
