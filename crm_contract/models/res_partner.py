from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    contract_count = fields.Integer(
        compute="_compute_contract_count",
        groups="crm_contract.crm_contract_group_user",
    )

    contract_contact_ids = fields.One2many(
        "crm.contract.contact",
        "partner_id",
        string="Contract Involvements",
        groups="crm_contract.crm_contract_group_user",
        help="The contracts this person is a contact of, with their role.",
    )

    def _compute_contract_count(self):
        """Contracts of the partner's commercial entity, counted once for the company
        and each of its contacts (like the opportunity count of crm)."""
        counts = dict(
            self.env["crm.contract"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.contract_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_contract.crm_contract_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
