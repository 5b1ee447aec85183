from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    contract_ids = fields.One2many("crm.contract", "opportunity_id", string="Contracts")
    contract_count = fields.Integer(compute="_compute_contract_count")

    def _compute_contract_count(self):
        counts = dict(
            self.env["crm.contract"]._read_group(
                [("opportunity_id", "in", self.ids)], ["opportunity_id"], ["__count"]
            )
        )
        for lead in self:
            lead.contract_count = counts.get(lead, 0)

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_contract.crm_contract_action")
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = self._prepare_contract_context()
        if self.contract_count == 1:
            action.update(views=[(False, "form")], res_id=self.contract_ids.id)
        return action

    def action_new_contract(self):
        """Open a new contract filled from the opportunity."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Contract"),
            "res_model": "crm.contract",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": self._prepare_contract_context(),
        }

    def _prepare_contract_context(self):
        return {
            "default_opportunity_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_name": self.name,
            "default_amount_total": self.expected_revenue,
            "default_team_id": self.team_id.id,
            "default_user_id": (self.user_id or self.env.user).id,
            "default_company_id": (self.company_id or self.env.company).id,
        }
