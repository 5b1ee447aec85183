"""Team members of a contract (``crm.contract.member``): a user who reads (``read``) or
also edits (``write``) the contract, with its instalments, receipts, follow-ups, contacts,
amendments and documents, until the end of ``date_end`` when one is given.

Access is given by the record rules of ``security/crm_contract_security.xml``: each rule
asks for ONE membership of the user that is current and of the right access
(``('member_ids', 'any', [...])``). "Current" is ``is_current``, a searchable field whose
condition takes today's date when the query is built: a rule domain is cached per user by
``ir.rule._compute_domain`` (``ormcache``), so a date written into the rule itself
(``time.strftime``) would stay the date of the day the cache was filled.

Who manages the team: the person in charge, all-documents users and administrators
(``crm.contract._can_manage_team``); a member leaves on their own (Leave Team). Members
never delete anything through their membership. Every change is noted in the contract's
chatter (who added whom, with what access, until when; changed; removed).
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import create_index, format_date

from ..tools.guards import check_bounds, check_internal_users, is_internal
from ..tools.importer.markers import IMPORT

MEMBER_ACCESS = [("read", "Read"), ("write", "Read and Edit")]


class CrmContractMember(models.Model):
    _name = "crm.contract.member"
    _description = "Contract Team Member"
    _order = "contract_id, id"
    _rec_name = "user_id"

    contract_id = fields.Many2one("crm.contract", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        ondelete="cascade",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    access = fields.Selection(MEMBER_ACCESS, required=True, default="read")
    date_end = fields.Date(
        string="Until",
        help="The membership ends at the end of this day. Empty: no end.",
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    contract_user_id = fields.Many2one(
        related="contract_id.user_id", string="Person in Charge", readonly=True
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Customer")
    contract_state = fields.Selection(related="contract_id.state", string="Contract Status")
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        search="_search_is_current",
        help="The membership has no end date, or ends today or later.",
    )

    _sql_constraints = [
        (
            "contract_user_uniq",
            "unique (contract_id, user_id)",
            "A user is listed once in the team of a contract.",
        ),
    ]

    def init(self):
        """The record rules look up a user's memberships (user, then contract, end date and
        access): one index answers them without reading the table."""
        create_index(
            self.env.cr,
            "crm_contract_member_user_contract_index",
            self._table,
            ["user_id", "contract_id", "date_end", "access"],
        )

    @api.depends("date_end")
    @api.depends_context("uid", "tz")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.is_current = not member.date_end or member.date_end >= today

    def _search_is_current(self, operator, value):
        """Evaluated when the query is built (each time a record rule is applied): today
        in the user's time zone."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return ["|", ("date_end", "=", False), ("date_end", ">=", today)]
        return [("date_end", "!=", False), ("date_end", "<", today)]

    @api.constrains("user_id", "contract_id")
    def _check_user(self):
        check_internal_users(self, "user_id")
        for member in self:
            company = member.contract_id.company_id
            if company and company not in member.user_id.sudo().company_ids:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: %(user)s is not a user of %(company)s and "
                        "cannot join its team.",
                        contract=member.contract_id.display_name,
                        user=member.user_id.name,
                        company=company.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: only those who manage the team change it; every change is noted
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_bounds(self, vals)
        contracts = self.env["crm.contract"].browse(
            {vals["contract_id"] for vals in vals_list if vals.get("contract_id")}
        )
        contracts._check_manage_team()
        members = super().create(vals_list)
        members._follow_contracts()
        members._log_change("added")
        return members

    def write(self, vals):
        check_bounds(self, vals)
        if "contract_id" in vals or "user_id" in vals:
            raise UserError(
                self.env._(
                    "A team member's contract and user are not changed: remove the member "
                    "and add the other person."
                )
            )
        self.contract_id._check_manage_team()
        before = {member: (member.access, member.date_end) for member in self}
        res = super().write(vals)
        changed = self.filtered(lambda m: before[m] != (m.access, m.date_end))
        changed._log_change("changed", before)
        return res

    def unlink(self):
        self.contract_id._check_manage_team()
        self._log_change("removed")
        self._unfollow_contracts()
        return super().unlink()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _describe(self, before=None):
        """ "Alice (Read and Edit, until 05/31/2026)", in the writer's language; ``before``
        given, (access, end date) as they were before a change."""
        access, date_end = before or (self.access, self.date_end)
        label = dict(self._fields["access"]._description_selection(self.env))[access]
        if date_end:
            return self.env._(
                "%(user)s (%(access)s, until %(date)s)",
                user=self.user_id.name,
                access=label,
                date=format_date(self.env, date_end),
            )
        return self.env._("%(user)s (%(access)s)", user=self.user_id.name, access=label)

    def _log_change(self, what, before=None):
        """One note per contract in its chatter: who (the author of the note) added,
        changed or removed whom. Contracts created by an import are not noted row by
        row (the import's own record lists them)."""
        if not self or is_internal(self, IMPORT):
            return
        titles = {
            "added": self.env._("Team members added:"),
            "changed": self.env._("Team members changed:"),
            "removed": self.env._("Team members removed:"),
        }
        for contract in self.contract_id:
            lines = []
            for member in self.filtered(lambda m, c=contract: m.contract_id == c):
                text = member._describe()
                if what == "changed" and before:
                    text = self.env._(
                        "%(old)s → %(new)s",
                        old=member._describe(before[member]),
                        new=text,
                    )
                lines.append(Markup("<li>%s</li>") % text)
            body = Markup("<p>%s</p><ul>%s</ul>") % (titles[what], Markup("").join(lines))
            contract.sudo().message_post(
                body=body,
                subtype_xmlid="mail.mt_note",
                author_id=self.env.user.partner_id.id,
            )

    def _follow_contracts(self):
        """Members follow their contracts: one subscription per member user."""
        for user in self.user_id:
            contracts = self.filtered(lambda m, u=user: m.user_id == u).contract_id
            if user.partner_id:
                contracts.sudo().message_subscribe(partner_ids=user.partner_id.ids)

    def _unfollow_contracts(self):
        for member in self:
            if member.user_id != member.contract_id.user_id and member.user_id.partner_id:
                member.contract_id.sudo().message_unsubscribe(
                    partner_ids=member.user_id.partner_id.ids
                )
