from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_date, html2plaintext, is_html_empty, plaintext2html

from ..tools.guards import (
    check_bounds,
    check_internal_users,
    check_protected_fields,
    internal_context,
    is_internal,
)
from ..tools.importer.markers import IMPORT

SYNC = "crm_contract_followup_sync"

MANAGER_GROUP = "crm_contract.crm_contract_group_manager"


class CrmContractFollowup(models.Model):
    _name = "crm.contract.followup"
    _description = "Contract Follow-up Record"
    _inherit = ["crm.contract.import.linked"]
    _order = "date desc, id desc"
    _rec_name = "contract_id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "crm.contract",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="contract_id.partner_id", store=True, index=True, string="Customer"
    )
    commercial_partner_id = fields.Many2one(related="contract_id.commercial_partner_id")
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    followup_type_id = fields.Many2one("crm.contract.followup.type", string="Follow-up Type")
    contact_ids = fields.Many2many(
        "res.partner",
        string="Contacts",
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The customer's contact persons involved in this follow-up.",
    )
    description = fields.Html(string="Follow-up Details", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Followed Up By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        domain="[('share', '=', False)]",
    )
    next_date = fields.Date(string="Next Contact")
    next_action = fields.Char(help="What to do at the next contact.")
    activity_id = fields.Many2one(
        "mail.activity",
        string="Next Contact Activity",
        readonly=True,
        copy=False,
        # deleting an activity (done, or Undo of an import) looks its follow-up up here
        index="btree_not_null",
        ondelete="set null",
        help="The activity scheduled on the contract for the next contact.",
    )

    can_edit = fields.Boolean(
        compute="_compute_can_edit",
        help="Technical: the current user may edit this record (its author, or a contract "
        "administrator).",
    )

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_can_edit(self):
        admin = self._is_followup_admin()
        for followup in self:
            followup.can_edit = admin or not followup.user_id or followup.user_id == self.env.user

    def _is_followup_admin(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    def _check_author(self, vals):
        """One policy for the web client, RPC and the import: users record follow-ups as
        themselves; contract administrators for anyone."""
        user_id = vals.get("user_id")
        if user_id and user_id != self.env.uid and not self._is_followup_admin():
            raise AccessError(
                self.env._(
                    "You can record follow-ups only in your own name; contract administrators "
                    "can record them for anyone."
                )
            )

    @api.constrains("user_id")
    def _check_user_internal(self):
        check_internal_users(self, "user_id")

    @api.depends("contract_id", "date", "followup_type_id")
    def _compute_display_name(self):
        for followup in self:
            date = fields.Date.to_string(followup.date.date()) if followup.date else ""
            parts = [followup.contract_id.display_name, followup.followup_type_id.name, date]
            followup.display_name = " - ".join(part for part in parts if part)

    @api.constrains("description")
    def _check_description(self):
        """The details are required: an editor emptied by hand (an empty paragraph) counts as
        empty too."""
        for followup in self:
            if is_html_empty(followup.description):
                raise ValidationError(
                    self.env._(
                        "Follow-up of %(contract)s: write the follow-up details (what was said "
                        "or agreed).",
                        contract=followup.contract_id.display_name,
                    )
                )

    @api.constrains("contact_ids", "contract_id")
    def _check_contacts(self):
        for followup in self:
            strangers = followup.contact_ids.filtered(
                lambda p, f=followup: p.commercial_partner_id != f.contract_id.commercial_partner_id
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Follow-up of %(contract)s: %(contacts)s not a contact of the customer "
                        "%(customer)s.",
                        contract=followup.contract_id.display_name,
                        contacts=", ".join(strangers.mapped("display_name")),
                        customer=followup.contract_id.commercial_partner_id.display_name,
                    )
                )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Follow-up Records"),
                "template": "/crm_contract/static/xls/crm_contract_followup_import_template.xlsx",
            }
        ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_protected_fields(self, vals, ("activity_id", "partner_id", "company_id"))
            check_bounds(self, vals)
            self._check_author(vals)
        followups = super().create(vals_list)
        if not is_internal(self, IMPORT):
            followups._post_on_contract()
        followups._sync_next_activity()
        return followups

    def write(self, vals):
        if not is_internal(self, SYNC):
            check_protected_fields(self, vals, ("activity_id", "partner_id", "company_id"))
        check_bounds(self, vals)
        self._check_author(vals)
        res = super().write(vals)
        if {"next_date", "next_action", "user_id", "contract_id"} & vals.keys():
            self._sync_next_activity()
        return res

    def unlink(self):
        activities = self.activity_id
        res = super().unlink()
        for activity in activities.sudo().exists():
            activity.action_feedback(feedback=self.env._("Follow-up record deleted"))
        return res

    def _post_on_contract(self):
        """Log each follow-up in its contract's chatter, so the history reads in one place."""
        subtype = self.env.ref("mail.mt_note")
        for followup in self:
            body = Markup("<b>%s</b>%s") % (
                self.env._(
                    "Follow-up (%(type)s) by %(user)s",
                    type=followup.followup_type_id.name or self.env._("other"),
                    user=followup.user_id.name,
                ),
                followup.description or "",
            )
            if followup.next_date:
                body += Markup("<p>%s</p>") % self.env._(
                    "Next contact: %(date)s %(action)s",
                    date=format_date(self.env, followup.next_date),
                    action=followup.next_action or "",
                )
            followup.contract_id.message_post(body=body, subtype_id=subtype.id)

    def _sync_next_activity(self):
        """One activity per follow-up for its next contact: created, moved or removed with
        the next contact date; never duplicated."""
        activity_type = self.env.ref("crm_contract.mail_activity_type_contract_followup")
        # The follow-up itself was checked by its access rules and the author policy: the
        # activity on the contract is kept in step as the system (its assignee, the author,
        # may not have write access to the contract).
        for followup in self:
            activity = followup.sudo().activity_id
            if not followup.next_date:
                if activity:
                    activity.unlink()
                continue
            summary = followup.next_action or self.env._("Contact the customer")
            # The text of the follow-up is shown as text in the activity, never as markup.
            note = plaintext2html(html2plaintext(followup.description or ""))
            if activity and activity.res_id == followup.contract_id.id:
                activity.write(
                    {
                        "date_deadline": followup.next_date,
                        "summary": summary,
                        "user_id": followup.user_id.id,
                    }
                )
                continue
            if activity:
                activity.unlink()
            contract = followup.contract_id
            if not contract.has_access("write"):
                contract = contract.sudo()
            internal_context(followup.sudo(), SYNC).activity_id = contract.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=followup.next_date,
                summary=summary,
                note=note,
                user_id=followup.user_id.id,
            )
