"""Transfer: one or many contracts to a new person in charge (``action_transfer``), the
previous one removed or kept as a team member (``previous_owner_access``), their open
activities and the follow-ups' next contacts moved when asked. All-documents users and
administrators transfer any contract; other users their own (``crm.contract._transfer_to``
checks it again, whatever calls it)."""

from odoo import fields, models


class CrmContractTransfer(models.TransientModel):
    _name = "crm.contract.transfer"
    _inherit = "crm.contract.team.wizard"
    _description = "Transfer Contracts"

    user_id = fields.Many2one(
        "res.users",
        string="New Person in Charge",
        required=True,
        domain="[('share', '=', False)]",
    )
    previous_owner_access = fields.Selection(
        [
            ("none", "Remove"),
            ("read", "Keep as Member: Read"),
            ("write", "Keep as Member: Read and Edit"),
        ],
        string="Previous Person in Charge",
        required=True,
        default="read",
    )
    move_activities = fields.Boolean(
        string="Move Open Activities",
        default=True,
        help="The open activities of the previous person in charge on these contracts go "
        "to the new one.",
    )
    move_next_contacts = fields.Boolean(
        default=True,
        help="The next contacts planned in follow-up records by the previous person in "
        "charge go to the new one.",
    )

    def action_transfer(self):
        self.ensure_one()
        self.contract_ids._transfer_to(
            self.user_id,
            previous_owner_access=self.previous_owner_access,
            activities=self.move_activities,
            followups=self.move_next_contacts,
        )
        return {"type": "ir.actions.act_window_close"}
