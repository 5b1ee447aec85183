"""Online signature of a contract on the customer portal, end to end: through the JSON
route as the portal widget calls it, and the refusals (signed twice, wrong or missing
token, another customer's or another company's portal user, not a draft)."""

import base64
import io
from unittest.mock import patch

from PIL import Image

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_portal import PortalCase


def signature_png():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestOnlineSignature(PortalCase):
    def _sign(self, contract, token, name="Hannah Harbour", signature=None):
        url = f"/my/contracts/{contract.id}/sign"
        if token is not None:
            url += f"?access_token={token}"
        return self.make_jsonrpc_request(
            url, {"name": name, "signature": signature or signature_png()}
        )

    def test_sign_as_customer_end_to_end(self):
        token = self.draft._portal_ensure_token()
        self.authenticate("harbour_portal", "harbour_portal")
        # what the page offers: the signature form posting to the signing route
        page = self.url_open(f"/my/contracts/{self.draft.id}").text
        self.assertIn("portal.signature_form", page)
        Report = type(self.env["ir.actions.report"])
        with patch.object(
            Report, "_render_qweb_pdf", autospec=True, side_effect=Report._render_qweb_pdf
        ) as render:
            result = self._sign(self.draft, token)
        # the answer does not wait for the PDF: it is rendered by the scheduled action,
        # triggered at once
        self.assertFalse(render.called, "the signing request rendered the PDF")
        self.assertTrue(result.get("force_refresh"), result)
        self.assertIn("message=sign_ok", result["redirect_url"])
        contract = self.draft
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_signed, fields.Date.today())
        self.assertEqual(contract.signed_by, "Hannah Harbour")
        self.assertTrue(contract.signature)
        self.assertTrue(contract.signed_on)
        message = contract.message_ids.filtered(lambda m: "signed online" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertTrue(contract.signed_pdf_pending)
        self.assertFalse(contract.signed_pdf_id)
        cron = self.env.ref("crm_contract.ir_cron_crm_contract_signed_pdf")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
        # the scheduled action renders it, posts it and keeps it
        self.env["crm.contract"]._cron_render_signed_pdfs()
        self.assertFalse(contract.signed_pdf_pending)
        self.assertEqual(contract.signed_pdf_id.name.rsplit(".", 1)[0], "PT-1 - Harbour draft")
        pdf_message = contract.message_ids.filtered(
            lambda m: contract.signed_pdf_id in m.attachment_ids
        )
        self.assertEqual(len(pdf_message), 1)
        self.assertIn("Hannah Harbour", pdf_message.body)
        # once kept, a second run renders nothing again
        with patch.object(Report, "_render_qweb_pdf", autospec=True) as render:
            self.env["crm.contract"]._cron_render_signed_pdfs()
        self.assertFalse(render.called)
        page = self.url_open(f"/my/contracts/{contract.id}").text
        self.assertIn("o_crm_contract_signed_pdf", page)
        activity = contract.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("Hannah Harbour", activity.summary)
        # the signed contract shows the signature, on the page and in the report
        page = self.url_open(f"/my/contracts/{contract.id}?message=sign_ok").text
        self.assertIn("The contract is signed.", page)
        self.assertNotIn("portal.signature_form", page)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_contract.crm_contract_action_report_contract", contract.ids)[0]
            .decode()
        )
        self.assertIn("Hannah Harbour", html.split('name="signature_customer"')[1])
        self.assertIn("data:image/png;base64", html)
        # signing twice is refused and changes nothing
        signed_on = contract.signed_on
        result = self._sign(contract, token, name="Someone Else")
        self.assertIn("not waiting for your signature", result["error"])
        self.assertEqual(contract.signed_by, "Hannah Harbour")
        self.assertEqual(contract.signed_on, signed_on)

    def test_sign_with_token_without_account(self):
        token = self.other._portal_ensure_token()
        result = self._sign(self.other, token, name="Gina Granite")
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.other.state, "active")
        self.assertEqual(self.other.signed_by, "Gina Granite")
        message = self.other.message_ids.filtered(lambda m: "signed online" in (m.body or ""))
        self.assertEqual(message.author_id, self.other_customer)

    def test_wrong_or_missing_token_refused(self):
        token = self.draft._portal_ensure_token()
        for given in (None, "", "wrong", token[:-1], self.other._portal_ensure_token()):
            with self.subTest(token=given):
                result = self._sign(self.draft, given)
                self.assertEqual(result["error"], "Invalid contract.")
        self.assertEqual(self.draft.state, "draft")
        self.assertFalse(self.draft.signature)
        # a logged-in customer needs the token too
        self.authenticate("harbour_portal", "harbour_portal")
        self.assertEqual(self._sign(self.draft, None)["error"], "Invalid contract.")
        self.assertEqual(self.draft.state, "draft")

    def test_other_customer_portal_user_refused(self):
        token = self.draft._portal_ensure_token()
        self.authenticate("granite_portal", "granite_portal")
        self.assertEqual(self._sign(self.draft, token)["error"], "Invalid contract.")
        self.assertEqual(self.draft.state, "draft")

    def test_portal_user_of_another_company_refused(self):
        company_b = self.env["res.company"].create({"name": "Second Company"})
        user_b = new_test_user(
            self.env,
            login="harbour_portal_b",
            groups="base.group_portal",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        user_b.partner_id.parent_id = self.customer
        token = self.draft._portal_ensure_token()
        self.authenticate("harbour_portal_b", "harbour_portal_b")
        self.assertEqual(self._sign(self.draft, token)["error"], "Invalid contract.")
        self.assertEqual(self.draft.state, "draft")

    def test_not_draft_refused(self):
        for contract in (self.active, self.cancelled):
            token = contract._portal_ensure_token()
            with self.subTest(state=contract.state):
                result = self._sign(contract, token)
                self.assertIn("not waiting for your signature", result["error"])
                self.assertFalse(contract.signature)

    def test_bad_input_refused_without_half_written_data(self):
        token = self.draft._portal_ensure_token()
        result = self._sign(self.draft, token, name="   ")
        self.assertIn("Give your name", result["error"])
        result = self._sign(self.draft, token, signature="bm90IGFuIGltYWdl")  # "not an image"
        self.assertTrue(result.get("error"))
        result = self._sign(self.draft, token, name="x" * 2000)
        self.assertTrue(result.get("error"))
        self.assertEqual(self.draft.state, "draft")
        self.assertFalse(self.draft.signature)
        self.assertFalse(self.draft.signed_by)

    def test_signature_fields_not_writable_directly(self):
        salesman_contract = self.draft.with_user(self.salesman)
        for vals in (
            {"signature": signature_png()},
            {"signed_by": "Forged"},
            {"signed_on": fields.Datetime.now()},
            {"signed_pdf_pending": False},
            {"signed_pdf_id": False},
        ):
            with self.subTest(vals=list(vals)), self.assertRaises(UserError):
                salesman_contract.write(vals)
        with self.assertRaises(UserError):
            self.env["crm.contract"].create(self._vals("Forged", self.customer, signed_by="X"))
        # the signing method itself checks the contract's state
        with self.assertRaises(UserError):
            self.active.sudo()._sign_online("Hannah", signature_png())

    def test_has_to_be_signed(self):
        self.assertTrue(self.draft._has_to_be_signed())
        self.assertFalse(self.active._has_to_be_signed())
        self.assertFalse(self.cancelled._has_to_be_signed())


@tagged("post_install", "-at_install")
class TestSignedCopy(PortalCase):
    def test_mark_attachment_as_signed_copy(self):
        scan = self.env["ir.attachment"].create(
            {
                "name": "signed-scan.pdf",
                "raw": b"%PDF-1.4 scan",
                "res_model": "crm.contract",
                "res_id": self.active.id,
            }
        )
        self.active.with_user(self.salesman).signed_copy_id = scan
        action = self.active.action_download_signed_copy()
        self.assertEqual(action["url"], f"/web/content/{scan.id}?download=true")
        # shown on the portal page, downloadable there by the customer
        self.authenticate("harbour_portal", "harbour_portal")
        page = self.url_open(f"/my/contracts/{self.active.id}").text
        self.assertIn("Signed Copy", page)
        link = page.split(f"/web/content/{scan.id}?access_token=", 1)[1].split('"', 1)[0]
        response = self.url_open(
            f"/web/content/{scan.id}?access_token={link.replace('&amp;', '&')}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 scan")

    def test_signed_copy_must_be_attached_to_the_contract(self):
        elsewhere = self.env["ir.attachment"].create(
            {
                "name": "other.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "crm.contract",
                "res_id": self.other.id,
            }
        )
        with self.assertRaises(ValidationError):
            self.active.signed_copy_id = elsewhere
        with self.assertRaises(UserError):
            self.draft.action_download_signed_copy()
