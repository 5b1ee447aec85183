"""The contract as a document: the Contract and Payment Statement reports (HTML always, PDF
where wkhtmltopdf is installed), the amount in words, the file name and the email
templates."""

import io
import os
import tempfile
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import Form, HttpCase, tagged
from odoo.tools.pdf import PdfFileReader
from odoo.tools.safe_eval import safe_eval

from ..tools.amount_words import chinese_amount_in_words
from .common import PaymentCase

CONTRACT_REPORT = "crm_contract.crm_contract_action_report_contract"
STATEMENT_REPORT = "crm_contract.crm_contract_action_report_statement"
CHINESE_NAME = "年度供货合同"


class ReportCase(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "name": "Lotus Trading Co",
                "street": "88 Harbour Road",
                "city": "Shanghai",
                "report_footer": "Lotus Trading Co - Bank: 6222 0000 1111",
            }
        )
        cls.customer.write({"street": "12 Quay Street", "city": "Ningbo"})
        cls.contract = cls._create_contract(
            name=CHINESE_NAME,
            number="CT/2026/90001",
            amount_total=12345.6,
            customer_signer_id=cls.customer_contact.id,
            company_signer_id=cls.user_manager.id,
            date_start=date(2026, 1, 1),
            date_end=date(2026, 12, 31),
            description="<p>Delivery within 30 days of each order.</p>",
        )
        cls.plans = cls._plans(cls.contract, (date(2026, 2, 1), 4000.0), (date(2026, 6, 1), 8345.6))

    def _html(self, report, records):
        html = self.env["ir.actions.report"]._render_qweb_html(report, records.ids)[0]
        return html.decode()


class TestContractReport(ReportCase):
    def test_contract_html(self):
        html = self._html(CONTRACT_REPORT, self.contract)
        for text in (
            "CT/2026/90001",
            CHINESE_NAME,
            "Test Supply",  # the type
            "Harbour Freight Ltd",
            "12 Quay Street",
            "Hannah Harbour",  # customer signer
            "Mark Manager",  # company signer
            "Delivery within 30 days",
            "02/01/2026",  # first instalment, due date
            "4,000.00",
            "8,345.60",
            "12,345.60",
        ):
            self.assertIn(text, html)
        # the company header and footer are in the page body (article), not in the
        # separate header/footer that an unpatched wkhtmltopdf ignores
        body = html.split('class="article', 1)[1]
        self.assertIn("Lotus Trading Co", body.split("o_crm_contract_report_footer")[0])
        self.assertIn("88 Harbour Road", body)
        self.assertIn("Bank: 6222 0000 1111", body.split("o_crm_contract_report_footer")[1])
        self.assertIn("Twelve Thousand, Three Hundred And Forty-Five", html)
        self.assertIn("Signature, name and date", html)

    def test_amount_in_words_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        cny = self.env.ref("base.CNY")
        cny.active = True
        contract = self._create_contract(
            name=CHINESE_NAME, amount_total=12345.6, currency_id=cny.id
        )
        contract.partner_id.lang = "zh_CN"
        html = self._html(CONTRACT_REPORT, contract)
        self.assertIn("壹万贰仟叁佰肆拾伍元陆角整", html)
        # other currencies keep Odoo's amount_to_text (num2words has no Chinese: English)
        self.assertEqual(
            self.contract.with_context(lang="zh_CN")._amount_in_words(),
            self.contract.currency_id.with_context(lang="zh_CN").amount_to_text(12345.6),
        )

    def test_report_file_name(self):
        report = self.env.ref(CONTRACT_REPORT)
        name = safe_eval(report.print_report_name, {"object": self.contract})
        self.assertEqual(name, f"CT-2026-90001 - {CHINESE_NAME}")
        self.assertEqual(self.contract._get_report_base_filename(), name)

    @freeze_time("2026-07-15")
    def test_statement_html(self):
        self.contract.action_activate()
        self._receipt(self.contract, 4000.0, plan=self.plans[0], when=date(2026, 2, 3))
        html = self._html(STATEMENT_REPORT, self.contract)
        self.assertIn("Payment Statement", html)
        self.assertIn("07/15/2026", html)  # as of today
        values = self.contract._statement_values()
        self.assertEqual(values["overdue_plans"], self.plans[1])
        self.assertEqual(values["overdue"], 8345.6)
        self.assertEqual(values["received"], 4000.0)
        self.assertEqual(values["due"], 8345.6)
        statuses = html.split("Instalments", 1)[1]
        self.assertIn("Paid", statuses)
        self.assertIn("Overdue", statuses)
        self.assertIn(self.contract.payment_ids.number, html)

    def test_statement_html_nothing_planned(self):
        contract = self._create_contract(name="Bare")
        html = self._html(STATEMENT_REPORT, contract)
        self.assertIn("No instalment is planned.", html)
        self.assertIn("No payment received yet.", html)


class TestReportDetails(ReportCase):
    """What a walkthrough of the printed contract found: the customer signer's name under
    the customer's signature line, a value or a line to fill after every label, the
    schedule's amounts kept apart from its notes, and the statement's words in Chinese."""

    def test_customer_signer_under_signature_line(self):
        html = self._html(CONTRACT_REPORT, self.contract)
        customer_side = html.split('name="signature_customer"')[1].split(
            'name="signature_company"'
        )[0]
        self.assertIn("o_crm_contract_customer_signer", customer_side)
        self.assertIn("Hannah Harbour", customer_side)

    def test_a_value_or_a_line_after_every_label(self):
        contract = self._create_contract(name="Unsigned paper")
        html = self._html(CONTRACT_REPORT, contract)
        dates = html.split('name="contract_dates"')[1].split('name="contract_amount"')[0]
        # no signing date, no period: a line to fill in for each of the three
        self.assertEqual(dates.count("o_crm_contract_blank"), 3)
        signers = html.split('name="contract_signers"')[1].split("</tr>")[0]
        self.assertEqual(signers.count("o_crm_contract_blank"), 2)
        # filled in, the values and no line
        html = self._html(CONTRACT_REPORT, self.contract)
        dates = html.split('name="contract_dates"')[1].split('name="contract_amount"')[0]
        self.assertEqual(dates.count("o_crm_contract_blank"), 1)  # signing date only
        self.assertIn("01/01/2026", dates)

    def test_schedule_amount_apart_from_note(self):
        self.plans[0].note = "Advance payment on signature"
        html = self._html(CONTRACT_REPORT, self.contract)
        schedule = html.split('name="contract_schedule"')[1]
        row = schedule.split("Advance payment on signature")[0].rsplit("<tr", 1)[1]
        # the amount cell does not wrap, the note cell keeps a gap from it
        self.assertIn('class="text-end text-nowrap"', row)
        self.assertRegex(row, r'<td class="ps-4">\s*<span[^>]*>$')

    def test_statement_in_chinese_says_instalment(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_contract"], ["zh_CN"])
        self.customer.lang = "zh_CN"
        html = self._html(STATEMENT_REPORT, self.contract)
        self.assertIn("回款期次", html)
        self.assertNotIn("期数", html)


class TestChineseAmountInWords(PaymentCase):
    def test_values(self):
        for amount, words in (
            (0, "零元整"),
            (10, "壹拾元整"),
            (1010, "壹仟零壹拾元整"),
            (12345.6, "壹万贰仟叁佰肆拾伍元陆角整"),
            (100001, "壹拾万零壹元整"),
            (10001000.05, "壹仟万零壹仟元零伍分"),
            (100000001, "壹亿零壹元整"),
            (0.05, "伍分"),
            (-3, "负叁元整"),
        ):
            self.assertEqual(chinese_amount_in_words(amount), words, amount)


class TestSendByEmail(ReportCase):
    def _send(self, action):
        composer = Form(self.env["mail.compose.message"].with_context(**action["context"]))
        composer.save().action_send_mail()

    def _recipients(self, contract):
        action = contract.with_user(self.user_manager).action_contract_send()
        composer = Form(self.env["mail.compose.message"].with_context(**action["context"]))
        return composer.partner_ids[:]

    def test_send_to_signer_else_primary_contact_else_customer(self):
        """As a quotation goes to its contact: the customer signer, else the primary
        contact, else the customer; never the company's generic address when a person
        with an email address is known."""
        self.customer.email = "info@harbour.example.com"
        signer = self.customer_contact
        signer.email = "hannah@harbour.example.com"
        finance = self.env["res.partner"].create(
            {
                "name": "Fred Finance",
                "parent_id": self.customer.id,
                "email": "fred@harbour.example.com",
            }
        )
        contract = self._create_contract(name="Recipients", customer_signer_id=signer.id)
        self.env["crm.contract.contact"].create(
            {"contract_id": contract.id, "partner_id": finance.id, "is_primary": True}
        )
        self.assertEqual(self._recipients(contract), signer)
        # a signer without an email address: the primary contact
        signer.email = False
        contract.invalidate_recordset(["document_partner_id"])
        self.assertEqual(self._recipients(contract), finance)
        # no signer: the primary contact; no contact either: the customer
        signer.email = "hannah@harbour.example.com"
        contract.customer_signer_id = False
        self.assertEqual(self._recipients(contract), finance)
        contract.contact_ids.unlink()
        self.assertEqual(self._recipients(contract), self.customer)
        # the statement goes to the same person
        contract.customer_signer_id = signer
        template = self.env.ref("crm_contract.mail_template_crm_contract_statement")
        self.assertEqual(
            template._render_field("partner_to", contract.ids)[contract.id], str(signer.id)
        )

    def test_templates_of_older_databases_updated(self):
        template = self.env.ref("crm_contract.mail_template_crm_contract")
        template.partner_to = "{{ object.partner_id.id }}"
        custom = self.env.ref("crm_contract.mail_template_crm_contract_statement")
        custom.partner_to = "{{ object.user_id.partner_id.id }}"
        self.env["crm.contract"]._update_document_templates()
        self.assertEqual(template.partner_to, "{{ object.document_partner_id.id }}")
        # changed by an administrator: kept
        self.assertEqual(custom.partner_to, "{{ object.user_id.partner_id.id }}")

    def test_send_contract(self):
        self.assertFalse(self.contract.is_sent)
        action = self.contract.with_user(self.user_manager).action_contract_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        template = self.env.ref("crm_contract.mail_template_crm_contract")
        self.assertEqual(action["context"]["default_template_id"], template.id)
        self.customer.email = "buyer@harbour.example.com"
        self._send(action)
        self.assertTrue(self.contract.is_sent)
        self.assertTrue(self.contract.sent_date)
        message = self.contract.message_ids[0]
        self.assertIn(self.customer, message.partner_ids)
        self.assertIn(f"/my/contracts/{self.contract.id}?access_token=", message.body)
        self.assertIn(self.contract.access_token, message.body)
        # a PDF, or its HTML under the test runner (Odoo renders no PDF in tests)
        self.assertEqual(
            message.attachment_ids.mapped(lambda a: a.name.rsplit(".", 1)[0]),
            [f"CT-2026-90001 - {CHINESE_NAME}"],
        )

    def test_template_rendering(self):
        template = self.env.ref("crm_contract.mail_template_crm_contract")
        body = template._render_field("body_html", self.contract.ids)[self.contract.id]
        self.assertIn("CT/2026/90001", body)
        self.assertIn("read it and sign it online", body)
        subject = template._render_field("subject", self.contract.ids)[self.contract.id]
        self.assertIn("CT/2026/90001", subject)
        statement = self.env.ref("crm_contract.mail_template_crm_contract_statement")
        body = statement._render_field("body_html", self.contract.ids)[self.contract.id]
        self.assertIn("payment statement", body)
        self.assertIn("12,345.60", body)
        self.assertEqual(statement.report_template_ids, self.env.ref(STATEMENT_REPORT))

    def test_send_statement_does_not_mark_sent(self):
        self.contract.action_activate()
        self.customer.email = "buyer@harbour.example.com"
        self._send(self.contract.action_statement_send())
        self.assertFalse(self.contract.is_sent)
        message = self.contract.message_ids[0]
        self.assertEqual(
            message.attachment_ids.mapped(lambda a: a.name.rsplit(".", 1)[0]),
            ["CT-2026-90001 - Payment Statement"],
        )

    def test_print_actions(self):
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = self.contract.action_print()
        self.assertEqual(action["report_name"], "crm_contract.report_crm_contract")
        action = self.contract.action_print_statement()
        self.assertEqual(action["report_name"], "crm_contract.report_crm_contract_statement")


@tagged("post_install", "-at_install")
class TestContractPdf(HttpCase):
    """The real PDF through wkhtmltopdf (skipped where it is not installed): the company
    header and footer and the Chinese name are in it, and no warning is logged (the
    contract reports give wkhtmltopdf no separate header/footer pages, which Debian's
    unpatched build would ignore with a warning)."""

    def test_pdf(self):
        Report = self.env["ir.actions.report"]
        if Report.get_wkhtmltopdf_state() not in ("ok", "upgrade"):
            self.skipTest("wkhtmltopdf is not installed")
        self.env.company.write({"name": "Lotus Trading Co", "report_footer": "Footer 6222"})
        customer = self.env["res.partner"].create({"name": "Harbour Freight Ltd"})
        contract = self.env["crm.contract"].create(
            {"name": CHINESE_NAME, "partner_id": customer.id, "amount_total": 100.0}
        )
        # compiled and bundled here first, not by the server threads serving wkhtmltopdf
        Report._render_qweb_html(CONTRACT_REPORT, contract.ids)
        # Qt warns on stderr (which Odoo logs) when XDG_RUNTIME_DIR is unset, as under a
        # root shell; that is about the environment, not the report: give Qt one
        run = type(Report)._run_wkhtmltopdf
        with (
            tempfile.TemporaryDirectory() as runtime_dir,
            patch.dict(os.environ, {"XDG_RUNTIME_DIR": runtime_dir}),
            patch.object(type(Report), "_run_wkhtmltopdf", autospec=True, side_effect=run) as spy,
            self.assertNoLogs("odoo.addons.base.models.ir_actions_report", level="WARNING"),
        ):
            pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                CONTRACT_REPORT, contract.ids
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # what wkhtmltopdf was given: no header or footer page, the company's header and
        # footer in the page body
        call = spy.call_args
        self.assertFalse(call.kwargs["header"])
        self.assertFalse(call.kwargs["footer"])
        (body,) = call.args[1]
        self.assertIn("Lotus Trading Co", body)
        self.assertIn("Footer 6222", body)
        # the text wkhtmltopdf wrote with the CJK font (Latin text drawn with the web font
        # of the report assets is not extractable)
        self.assertIn(CHINESE_NAME, pdf_text(pdf))


def pdf_text(pdf):
    """The text of a PDF (PyPDF2, which Odoo uses for its own PDF work)."""
    reader = PdfFileReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
