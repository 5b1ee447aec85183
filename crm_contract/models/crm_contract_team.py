"""Team selling, the contract's side: its team members (``member_ids``, the Team tab),
who manages the team and changes the person in charge, Leave Team, and the transfer of
contracts to another person in charge (``_transfer_to``, used by the Transfer dialog,
``wizards/crm_contract_transfer.py``).

Who sees what is decided by record rules (``security/crm_contract_security.xml``):
members by their current membership, team-scope users by the sales teams they lead or
belong to. This file only guards what rules cannot say: the person in charge changes, and
the team is managed, only by the person in charge (or anybody's, for a contract of
nobody), all-documents users and administrators.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.guards import check_record_access, value_changes

ALL_GROUP = "crm_contract.crm_contract_group_user_all"
FOLLOWUP_ACTIVITY = "crm_contract.mail_activity_type_contract_followup"


class CrmContract(models.Model):
    _inherit = "crm.contract"

    member_ids = fields.One2many(
        "crm.contract.member", "contract_id", string="Team Members", copy=True
    )
    is_team_member = fields.Boolean(
        compute="_compute_team_rights",
        help="The current user is a current member of the contract's team.",
    )
    can_manage_team = fields.Boolean(
        compute="_compute_team_rights",
        help="The current user may add and remove team members and transfer the contract.",
    )

    @api.depends("member_ids.user_id", "member_ids.date_end", "user_id")
    @api.depends_context("uid")
    def _compute_team_rights(self):
        user = self.env.user
        for contract in self:
            contract.is_team_member = any(
                member.user_id == user and member.is_current for member in contract.member_ids
            )
            contract.can_manage_team = contract._can_manage_team()

    def _can_manage_team(self):
        """Whether the current user manages the team of this contract and transfers it:
        its person in charge (anybody, for a contract of nobody), all-documents users and
        administrators."""
        self.ensure_one()
        if self.env.su or self.env.user.has_group(ALL_GROUP):
            return True
        return not self.user_id or self.user_id == self.env.user

    def _check_manage_team(self):
        refused = self.filtered(lambda c: not c._can_manage_team())
        if refused:
            check_record_access(refused, "read")
            raise AccessError(
                self.env._(
                    "Only the person in charge of a contract, all-documents users and "
                    "administrators manage its team and transfer it: %(contracts)s.",
                    contracts=", ".join(refused.mapped("display_name")),
                )
            )

    def write(self, vals):
        if "user_id" in vals:
            changed = self.filtered(lambda c: value_changes(c, "user_id", vals["user_id"]))
            changed._check_manage_team()
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_leave_team(self):
        """The current user leaves the team of these contracts (their own memberships
        only: nobody removes another member this way)."""
        memberships = self.env["crm.contract.member"].search(
            [("contract_id", "in", self.ids), ("user_id", "=", self.env.user.id)]
        )
        if not memberships:
            raise UserError(self.env._("You are not a member of this contract's team."))
        # a member does not manage the team: their own membership is removed as the
        # system, noted in the chatter with the member as author
        memberships.sudo().unlink()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_open_add_members(self):
        """Add Members on the selected contracts (the list's button)."""
        return self._team_dialog("crm_contract.crm_contract_member_add_action")

    def action_open_transfer(self):
        """Transfer the selected contracts (the list's button)."""
        return self._team_dialog("crm_contract.crm_contract_transfer_action")

    def _team_dialog(self, action_xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    # ------------------------------------------------------------------
    # Transfer
    # ------------------------------------------------------------------

    def _transfer_to(self, user, previous_owner_access="none", activities=False, followups=False):
        """Make ``user`` the person in charge of these contracts. The previous person in
        charge leaves (``none``) or stays as a team member (``read``, ``write``); the open
        activities and the follow-ups' next contacts of the previous person in charge move
        to ``user`` when asked. Each transfer is noted in the contract's chatter."""
        self._check_manage_team()
        check_record_access(self, "write")
        if not user or user.share:
            raise UserError(self.env._("Transfer to an internal user."))
        Member = self.env["crm.contract.member"]
        for contract in self:
            previous = contract.user_id
            if previous == user:
                continue
            memberships = contract.member_ids
            # the previous person in charge kept as member while they still manage the team
            if previous and previous_owner_access != "none":
                mine = memberships.filtered(lambda m, p=previous: m.user_id == p)
                if mine:
                    mine.write({"access": previous_owner_access, "date_end": False})
                else:
                    Member.create(
                        {
                            "contract_id": contract.id,
                            "user_id": previous.id,
                            "access": previous_owner_access,
                        }
                    )
            elif previous:
                memberships.filtered(lambda m, p=previous: m.user_id == p).unlink()
            # the new person in charge needs no membership
            memberships.filtered(lambda m: m.user_id == user).unlink()
            moved = contract._move_activities(previous, user, activities, followups)
            contract._post_transfer(previous, user, previous_owner_access, moved)
            contract.write({"user_id": user.id})
        return True

    def _move_activities(self, previous, user, activities, followups):
        """The open activities of ``previous`` on this contract given to ``user``: the
        follow-ups' next contacts (``followups``) and the others (``activities``)."""
        self.ensure_one()
        if not previous or not (activities or followups):
            return 0
        followup_type = self.env.ref(FOLLOWUP_ACTIVITY)
        todo = self.sudo().activity_ids.filtered(
            lambda a: a.user_id == previous
            and (followups if a.activity_type_id == followup_type else activities)
        )
        todo.write({"user_id": user.id})
        return len(todo)

    def _post_transfer(self, previous, user, previous_owner_access, moved):
        self.ensure_one()
        labels = {
            "none": self.env._("removed from the contract"),
            "read": self.env._("kept as a team member who reads"),
            "write": self.env._("kept as a team member who reads and edits"),
        }
        text = self.env._(
            "Transferred from %(previous)s to %(user)s by %(author)s.",
            previous=previous.name or self.env._("nobody"),
            user=user.name,
            author=self.env.user.name,
        )
        details = []
        if previous:
            details.append(
                self.env._(
                    "%(previous)s: %(what)s.",
                    previous=previous.name,
                    what=labels[previous_owner_access],
                )
            )
        if moved:
            details.append(self.env._("%(count)s open activities moved.", count=moved))
        body = Markup("<p>%s</p>") % text
        if details:
            body += Markup("<p>%s</p>") % " ".join(details)
        self.sudo().message_post(
            body=body, subtype_xmlid="mail.mt_note", author_id=self.env.user.partner_id.id
        )
