from collections import defaultdict

from odoo import fields, models
from odoo.modules.db import FunctionStatus
from odoo.tools.sql import create_index


class ResPartner(models.Model):
    _inherit = "res.partner"

    contract_count = fields.Integer(
        compute="_compute_contract_count",
        groups="crm_contract.crm_contract_group_user",
        help="For a company: the contracts of the company. For a person: the contracts they "
        "are involved in, as customer, customer's signer or contact person.",
    )
    contract_involvement_ids = fields.Many2many(
        "crm.contract",
        string="Involved In",
        compute="_compute_contract_count",
        groups="crm_contract.crm_contract_group_user",
        help="For a person: the contracts they are the customer, the customer's signer or a "
        "contact person of.",
    )
    contract_contact_ids = fields.One2many(
        "crm.contract.contact",
        "partner_id",
        string="Contract Involvements",
        groups="crm_contract.crm_contract_group_user",
        help="The contracts this person is a contact of, with their role.",
    )

    def init(self):
        res = super().init()
        # Contracts are searched by their customer's name (the contract search, many2one
        # drop-downs): with 20,000 customers a trigram index keeps that as fast as CRM's
        # search on lead names (bench/bench_scale.py), where a btree index cannot help.
        registry = self.env.registry
        if registry.has_trigram:
            column = '"complete_name"'
            if registry.has_unaccent == FunctionStatus.INDEXABLE:
                column = registry.unaccent(column)
            create_index(
                self.env.cr,
                "res_partner_complete_name_trigram_index",
                self._table,
                [f"{column} gin_trgm_ops"],
                "gin",
            )
        return res

    def _contract_involvement_domain(self):
        """The contracts some persons are involved in: as customer, customer's signer or
        contact person."""
        ids = self._origin.ids
        return [
            "|",
            "|",
            ("partner_id", "in", ids),
            ("customer_signer_id", "in", ids),
            ("contact_ids.partner_id", "in", ids),
        ]

    def _compute_contract_count(self):
        """A company counts the contracts of its commercial entity (its own and its
        contacts', like the opportunity count of crm); a person counts the contracts they are
        involved in, those the Contracts tab of their form lists."""
        companies = self.filtered("is_company")
        persons = self - companies
        company_counts = {}
        if companies:
            company_counts = dict(
                self.env["crm.contract"]._read_group(
                    [("commercial_partner_id", "in", companies.commercial_partner_id.ids)],
                    ["commercial_partner_id"],
                    ["__count"],
                )
            )
        involvements = defaultdict(set)
        if persons._origin:
            person_ids = set(persons._origin.ids)
            contracts = self.env["crm.contract"].search(persons._contract_involvement_domain())
            for contract in contracts:
                involved = {contract.partner_id.id, contract.customer_signer_id.id}
                involved.update(contract.contact_ids.partner_id.ids)
                for partner_id in involved & person_ids:
                    involvements[partner_id].add(contract.id)
        for partner in self:
            if partner.is_company:
                partner.contract_count = company_counts.get(partner.commercial_partner_id, 0)
                partner.contract_involvement_ids = False
            else:
                contract_ids = involvements.get(partner._origin.id, set())
                partner.contract_count = len(contract_ids)
                partner.contract_involvement_ids = [fields.Command.set(sorted(contract_ids))]

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_contract.crm_contract_action")
        if self.is_company:
            action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        else:
            action["domain"] = self._contract_involvement_domain()
        action["context"] = {"default_partner_id": self.id}
        return action
