"""Facts sealed at signature: once a contract is signed, its signing date and signers change
only through the addon's own flows, and the Sent mark and the expiry reminder's marker are
set by the addon alone, whoever writes (a form, JSON-RPC, an import)."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import ContractCase, ImportCase, call_kw, csv_bytes


@tagged("post_install", "-at_install")
class TestSealedFacts(ContractCase):
    def _signed(self, **values):
        contract = self._create_contract(
            user_id=self.user_own.id,
            customer_signer_id=self.customer_contact.id,
            date_start=date(2025, 1, 1),
            date_end=date(2025, 12, 31),
            **values,
        )
        contract.action_activate()
        return contract.with_user(self.user_own)

    def test_signing_facts_sealed_once_signed(self):
        contract = self._signed()
        signed_on = contract.date_signed
        for vals in (
            {"date_signed": date(2020, 1, 1)},
            {"customer_signer_id": self.other_contact.id},
            {"company_signer_id": self.user_own_2.id},
            {"customer_signer_id": False},
        ):
            with self.assertRaisesRegex(UserError, "is signed"):
                contract.write(vals)
        self.assertEqual(contract.date_signed, signed_on)
        self.assertEqual(contract.customer_signer_id, self.customer_contact)
        # the same values again (a form saving every field) change nothing: accepted
        contract.write({"date_signed": signed_on, "customer_signer_id": self.customer_contact.id})
        # the rest of the contract stays editable
        contract.write({"name": "Renamed after signature"})
        # administrators too: the signature is a fact
        with self.assertRaisesRegex(UserError, "is signed"):
            contract.with_user(self.user_manager).date_signed = date(2020, 1, 1)

    def test_draft_signing_facts_editable(self):
        draft = self._create_contract(user_id=self.user_own.id).with_user(self.user_own)
        draft.write(
            {"date_signed": date(2025, 3, 1), "customer_signer_id": self.customer_contact.id}
        )
        draft.action_activate()
        self.assertEqual(draft.date_signed, date(2025, 3, 1), "signed on the date set")

    def test_markers_set_by_the_addon_only(self):
        contract = self._signed()
        draft = self._create_contract(user_id=self.user_own.id).with_user(self.user_own)
        for record in (contract, draft, contract.with_user(self.user_manager)):
            for vals in (
                {"is_sent": True},
                {"sent_date": "2025-02-01 10:00:00"},
                {"expiry_reminded_date_end": date(2025, 12, 31)},
            ):
                with self.assertRaisesRegex(UserError, "cannot be set directly"):
                    record.write(vals)
        with self.assertRaisesRegex(UserError, "cannot be set directly"):
            self.env["crm.contract"].with_user(self.user_own).create(
                {"name": "Sent at birth", "partner_id": self.customer.id, "is_sent": True}
            )
        self.assertFalse(contract.is_sent)
        # the addon's own flows still set them
        contract._mark_sent()
        self.assertTrue(contract.is_sent)
        contract.sudo()._remind_expiry(
            self.env.ref("crm_contract.mail_activity_type_contract_expiry")
        )
        self.assertEqual(contract.expiry_reminded_date_end, contract.date_end)


@tagged("post_install", "-at_install")
class TestSealedFactsImport(ImportCase):
    def test_import_update_cannot_rewrite_a_signature(self):
        contract = self._create_contract(number="SEAL-1", date_start=date(2025, 1, 1))
        contract.action_activate()
        signed_on = contract.date_signed
        data = csv_bytes(
            [["Contract Number", "Contract Name", "Signed On"], ["SEAL-1", "Renamed", "2019-05-05"]]
        )
        wizard = self._wizard(data, existing_policy="update", error_policy="valid")
        wizard.action_import()
        self.assertEqual(wizard.error_count, 1, self._messages(wizard))
        self.assertEqual(wizard.error_line_ids.row, 2)
        self.assertIn("is signed", wizard.error_line_ids.message)
        self.assertEqual(contract.date_signed, signed_on)


@tagged("post_install", "-at_install")
class TestSealedFactsRpc(HttpCase, ContractCase):
    def test_rpc_write_refused(self):
        contract = self._create_contract(user_id=self.user_own.id, date_start=date(2025, 1, 1))
        contract.action_activate()
        self.authenticate(self.user_own.login, self.user_own.login)
        for vals in (
            {"date_signed": "2020-01-01"},
            {"is_sent": True},
            {"expiry_reminded_date_end": "2025-12-31"},
        ):
            with self.assertRaises(JsonRpcException):
                call_kw(self, "crm.contract", "write", [[contract.id], vals])
        contract.invalidate_recordset()
        self.assertFalse(contract.is_sent)
        self.assertFalse(contract.expiry_reminded_date_end)
        self.assertNotEqual(contract.date_signed, date(2020, 1, 1))
