from odoo import models

CONTRACT_TEMPLATE = "crm_contract.mail_template_crm_contract"


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail_comment(self, res_ids):
        """Contracts posted with the contract's template (Send by Email) are marked Sent.
        Decided here, from what the composer sends, not from a context key that any
        caller of message_post (a portal visitor's message included) could give."""
        messages = super()._action_send_mail_comment(res_ids)
        if self.model == "crm.contract" and self.template_id:
            template = self.env.ref(CONTRACT_TEMPLATE, raise_if_not_found=False)
            if self.template_id == template:
                self.env["crm.contract"].browse(res_ids)._mark_sent()
        return messages
