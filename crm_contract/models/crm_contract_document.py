"""The contract document: the PDF reports, sending by e-mail, the customer portal page
and the online signature, and the signed copy."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.amount_words import chinese_amount_in_words
from ..tools.guards import field_label, internal_context, is_internal

# Internal marker of the online signature (the only way to set the signature fields).
SIGNING = "crm_contract_signing"
# Internal marker of the composer sending the contract (the only writer of the Sent mark).
SENDING = "crm_contract_sending"
SENT_FIELDS = ("is_sent", "sent_date")
SIGNATURE_FIELDS = ("signature", "signed_by", "signed_on", "signed_pdf_id", "signed_pdf_pending")
# The scheduled action rendering the signed PDF after the signature was answered.
SIGNED_PDF_CRON = "crm_contract.ir_cron_crm_contract_signed_pdf"
# Who Send by Email writes to before this version (kept where an administrator changed it).
OLD_PARTNER_TO = "{{ object.partner_id.id }}"
PARTNER_TO = "{{ object.document_partner_id.id }}"
DOCUMENT_TEMPLATES = (
    "crm_contract.mail_template_crm_contract",
    "crm_contract.mail_template_crm_contract_statement",
)


class CrmContract(models.Model):
    _inherit = "crm.contract"

    is_sent = fields.Boolean(
        string="Sent",
        copy=False,
        readonly=True,
        help="The contract was sent to the customer by email.",
    )
    sent_date = fields.Datetime(string="Sent On", copy=False, readonly=True)
    signature = fields.Image(
        copy=False,
        attachment=True,
        max_width=1024,
        max_height=1024,
        readonly=True,
        help="The customer's signature, drawn on the customer portal.",
    )
    signed_by = fields.Char(
        copy=False, readonly=True, help="Name of the person who signed on the customer portal."
    )
    signed_on = fields.Datetime(string="Signed Online On", copy=False, readonly=True, tracking=True)
    signed_copy_id = fields.Many2one(
        "ir.attachment",
        copy=False,
        tracking=True,
        index="btree_not_null",
        domain="[('res_model', '=', 'crm.contract'), ('res_id', '=', id)]",
        help="The scan of the signed paper contract: one of the files attached to this contract.",
    )
    signed_pdf_id = fields.Many2one(
        "ir.attachment",
        string="Signed PDF",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The contract as signed online (PDF), rendered once the signature is recorded "
        "and kept.",
    )
    signed_pdf_pending = fields.Boolean(
        copy=False,
        readonly=True,
        help="Technical: signed online, its signed PDF not rendered yet (the scheduled action "
        "renders it).",
    )
    document_partner_id = fields.Many2one(
        "res.partner",
        string="Send To",
        compute="_compute_document_partner_id",
        help="Who Send by Email writes to: the customer signer, else the primary contact, "
        "else the customer (the first of them with an email address).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_signature_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_signature_vals(vals)
        return super().write(vals)

    def _protected_fields(self):
        """The Sent mark is set when the composer sends the contract, never directly."""
        if is_internal(self, SENDING):
            return super()._protected_fields()
        return super()._protected_fields() + SENT_FIELDS

    @api.depends(
        "customer_signer_id.email", "contact_ids.is_primary", "contact_ids.email", "partner_id"
    )
    def _compute_document_partner_id(self):
        for contract in self:
            persons = (
                contract.customer_signer_id | contract.primary_contact_id | contract.partner_id
            )
            contract.document_partner_id = persons.filtered("email")[:1] or persons[:1]

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"
        return res

    def _get_report_base_filename(self):
        self.ensure_one()
        number = (self.number or "").replace("/", "-")
        return f"{number} - {self.name}" if number else self.name

    def _get_portal_return_action(self):
        """The back-end action of the "back to edit mode" link of the portal page."""
        return self.env.ref("crm_contract.crm_contract_action")

    @api.constrains("signed_copy_id")
    def _check_signed_copy(self):
        for contract in self:
            copy = contract.signed_copy_id
            if copy and (copy.res_model != self._name or copy.res_id != contract.id):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the signed copy must be a file attached to "
                        "this contract (%(file)s is not).",
                        contract=contract.display_name,
                        file=copy.name,
                    )
                )

    def _check_signature_vals(self, vals):
        """The online signature is set by the portal's signing only (never by create/write)."""
        given = [fname for fname in SIGNATURE_FIELDS if fname in vals]
        if given and not is_internal(self, SIGNING):
            raise UserError(
                self.env._(
                    "%(fields)s: set when the customer signs on the portal, cannot be set "
                    "directly.",
                    fields=", ".join(field_label(self, fname) for fname in given),
                )
            )

    def _amount_in_words(self):
        """The amount in words, in the language of the environment: Chinese capital numerals
        for yuan in Chinese (num2words has no Chinese), else the currency's amount_to_text."""
        self.ensure_one()
        lang = self.env.lang or ""
        if lang.startswith("zh") and self.currency_id.name == "CNY":
            return chinese_amount_in_words(self.amount_total)
        return self.currency_id.amount_to_text(self.amount_total)

    def _statement_values(self):
        """What the Payment Statement shows, as of today: the instalments (with the part owed
        and whether it is overdue today), the confirmed receipts and the totals."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        plans = self.payment_plan_ids.filtered(lambda p: p.state != "cancelled").sorted(
            lambda p: (p.date_due, p.installment, p.id)
        )
        overdue_plans = plans.filtered(
            lambda p: p.date_due < today
            and self.currency_id.compare_amounts(p.amount_residual, 0) > 0
        )
        return {
            "today": today,
            "plans": plans,
            "overdue_plans": overdue_plans,
            "receipts": self.payment_ids.filtered(lambda r: r.state == "confirmed").sorted(
                lambda r: (r.date, r.id)
            ),
            "received": self.amount_received,
            "due": self.amount_due,
            "overdue": sum(overdue_plans.mapped("amount_residual")),
        }

    def _has_to_be_signed(self):
        """Whether the customer can sign this contract online now: the only place that
        decides it (bridge addons add their conditions, e.g. an approval)."""
        self.ensure_one()
        return self.state == "draft" and not self.signature

    def action_contract_send(self):
        """The email composer with the contract's template (its PDF attached): once sent
        with it, the contract is marked Sent (see mail.compose.message)."""
        return self._action_send_document("crm_contract.mail_template_crm_contract")

    def action_statement_send(self):
        """The email composer with the payment statement's template (its PDF attached)."""
        return self._action_send_document("crm_contract.mail_template_crm_contract_statement")

    def _action_send_document(self, template_xmlid):
        self.ensure_one()
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        self._portal_ensure_token()
        ctx = {
            "default_model": self._name,
            "default_res_ids": self.ids,
            "default_template_id": template.id if template else False,
            "default_composition_mode": "comment",
            "default_email_layout_xmlid": (
                "mail.mail_notification_layout_with_responsible_signature"
            ),
            "email_notification_allow_footer": True,
            "force_email": True,
        }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send by Email"),
            "view_mode": "form",
            "res_model": "mail.compose.message",
            "views": [(False, "form")],
            "target": "new",
            "context": ctx,
        }

    @api.model
    def _update_document_templates(self):
        """Send by Email writes to the contract's person (document_partner_id): the templates
        of databases installed before get it, unless an administrator changed them."""
        for xmlid in DOCUMENT_TEMPLATES:
            template = self.env.ref(xmlid, raise_if_not_found=False)
            if template and (template.partner_to or "").strip() == OLD_PARTNER_TO:
                template.partner_to = PARTNER_TO

    def _mark_sent(self):
        """Sent to the customer with the contract's template (by the composer): marked
        Sent, unless cancelled."""
        internal_context(self.filtered(lambda c: c.state != "cancelled"), SENDING).write(
            {"is_sent": True, "sent_date": fields.Datetime.now()}
        )

    def action_print(self):
        return self.env.ref("crm_contract.crm_contract_action_report_contract").report_action(self)

    def action_print_statement(self):
        return self.env.ref("crm_contract.crm_contract_action_report_statement").report_action(self)

    def action_preview_contract(self):
        """The contract's customer portal page, as the customer sees it."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def action_download_signed_copy(self):
        self.ensure_one()
        if not self.signed_copy_id:
            raise UserError(self.env._("No signed copy is set on this contract."))
        return {
            "type": "ir.actions.act_url",
            "target": "download",
            "url": f"/web/content/{self.signed_copy_id.id}?download=true",
        }

    def _sign_online(self, name, signature, signer=None):
        """Sign a draft contract on the portal (call it on the sudo record, once the
        customer's access is checked): store the signature, make the contract active as
        of today through the lifecycle rules, post the signed PDF and give the person in
        charge an activity."""
        self.ensure_one()
        if not self._has_to_be_signed():
            raise UserError(
                self.env._(
                    "Contract %(contract)s is not waiting for the customer's signature.",
                    contract=self.display_name,
                )
            )
        name = (name or "").strip()
        if not name or not signature:
            raise UserError(self.env._("Give your name and draw your signature to sign."))
        today = fields.Date.context_today(self.with_context(tz=self.user_id.tz or "UTC"))
        internal_context(self, SIGNING).write(
            {
                "signature": signature,
                "signed_by": name,
                "signed_on": fields.Datetime.now(),
                "date_signed": today,
                "signed_pdf_pending": True,
            }
        )
        self.action_activate()
        self.message_post(
            body=self.env._("Contract signed online by %(name)s.", name=name),
            author_id=(signer or self.partner_id).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._schedule_signed_activity(name)
        # the PDF is rendered after the customer got the answer (a few seconds of
        # wkhtmltopdf), by the scheduled action, triggered at once
        self.env.ref(SIGNED_PDF_CRON, raise_if_not_found=False)._trigger()
        return True

    @api.model
    def _cron_render_signed_pdfs(self):
        """Render the PDF of the contracts signed online since the last run, post it in their
        chatter and keep it (signed_pdf_id)."""
        return self._run_job(
            "signed PDFs",
            lambda: self.search([("signed_pdf_pending", "=", True)], order="id"),
            lambda batch: batch._render_signed_pdf_batch(),
            size=5,
            cron=SIGNED_PDF_CRON,
        )

    def _render_signed_pdf_batch(self):
        """The signed PDFs of a batch, each rendered before its contract is locked (no row
        held during wkhtmltopdf), then posted once the contract is locked and still waits
        for it (a PDF posted since the list was picked is not posted twice)."""
        report = self.env.ref("crm_contract.crm_contract_action_report_contract")
        for contract in self:
            pdf = self.env["ir.actions.report"]._render_qweb_pdf(report, contract.ids)[0]
            contract._lock_rows()
            contract.invalidate_recordset(["signed_pdf_pending"])
            if contract.signed_pdf_pending:
                contract._post_signed_pdf(pdf)

    def _post_signed_pdf(self, pdf):
        """Post the signed PDF in the chatter and keep it."""
        self.ensure_one()
        message = self.message_post(
            body=self.env._("The contract as signed online by %(name)s.", name=self.signed_by),
            attachments=[(f"{self._get_report_base_filename()}.pdf", pdf)],
            author_id=self.env.ref("base.partner_root").id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        internal_context(self, SIGNING).write(
            {"signed_pdf_id": message.attachment_ids[:1].id, "signed_pdf_pending": False}
        )

    def _schedule_signed_activity(self, name):
        user = self.user_id
        if not user:
            return
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.with_context(lang=user.lang or self.env.lang).env._(
                "Signed online by %(name)s: check the contract", name=name
            ),
            user_id=user.id,
        )
