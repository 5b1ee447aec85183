from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    contract_count = fields.Integer(
        compute="_compute_contract_count",
        groups="crm_contract.crm_contract_group_user",
        help="For a person of a company: the contracts this person is a contact of (as in "
        "the Contracts tab). For a company or an individual customer: its contracts.",
    )

    contract_contact_ids = fields.One2many(
        "crm.contract.contact",
        "partner_id",
        string="Contract Involvements",
        groups="crm_contract.crm_contract_group_user",
        help="The contracts this person is a contact of, with their role.",
    )

    def _is_contract_contact_person(self):
        """A person of a company: their contracts are those they are a contact of. The same
        test as the partner form's (``not is_company and parent_id``)."""
        self.ensure_one()
        return not self.is_company and bool(self.parent_id)

    def _compute_contract_count(self):
        """A company (or an individual customer) counts the contracts of its commercial
        entity; a person of a company counts the contracts they are a contact of, the ones
        the Contracts tab of their form lists."""
        persons = self.filtered(lambda p: p._is_contract_contact_person())
        entities = self - persons
        contract_counts = {}
        if entities:
            contract_counts = dict(
                self.env["crm.contract"]._read_group(
                    [("commercial_partner_id", "in", entities.commercial_partner_id.ids)],
                    ["commercial_partner_id"],
                    ["__count"],
                )
            )
        involvement_counts = {}
        if persons._origin:
            involvement_counts = dict(
                self.env["crm.contract.contact"]._read_group(
                    [("partner_id", "in", persons._origin.ids)],
                    ["partner_id"],
                    ["contract_id:count_distinct"],
                )
            )
        for partner in self:
            if partner in persons:
                partner.contract_count = involvement_counts.get(partner._origin, 0)
            else:
                partner.contract_count = contract_counts.get(partner.commercial_partner_id, 0)

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_contract.crm_contract_action")
        if self._is_contract_contact_person():
            action["domain"] = [("contact_ids.partner_id", "=", self.id)]
        else:
            action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
