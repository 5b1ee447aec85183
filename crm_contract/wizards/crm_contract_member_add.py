"""Add Members: the same team members, with one access and end date, added to many
contracts at once (a list action). A user already in a contract's team gets the access
and end date chosen here."""

from odoo import fields, models

from ..models.crm_contract_member import MEMBER_ACCESS
from ..tools.guards import check_record_access


class CrmContractMemberAdd(models.TransientModel):
    _name = "crm.contract.member.add"
    _inherit = "crm.contract.team.wizard"
    _description = "Add Team Members"

    user_ids = fields.Many2many(
        "res.users", string="Members", required=True, domain="[('share', '=', False)]"
    )
    access = fields.Selection(MEMBER_ACCESS, required=True, default="read")
    date_end = fields.Date(
        string="Until", help="The membership ends at the end of this day. Empty: no end."
    )

    def action_add_members(self):
        self.ensure_one()
        contracts = self.contract_ids
        contracts._check_manage_team()
        check_record_access(contracts, "write")
        Member = self.env["crm.contract.member"]
        existing = Member.search(
            [("contract_id", "in", contracts.ids), ("user_id", "in", self.user_ids.ids)]
        )
        values = {"access": self.access, "date_end": self.date_end}
        if existing:
            existing.write(values)
        known = {(m.contract_id.id, m.user_id.id) for m in existing}
        Member.create(
            [
                dict(values, contract_id=contract.id, user_id=user.id)
                for contract in contracts
                for user in self.user_ids
                if (contract.id, user.id) not in known and user != contract.user_id
            ]
        )
        return {"type": "ir.actions.act_window_close"}
