from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.guards import check_bounds, is_internal
from .crm_contract import FIXING_PRIMARY

CONTACT_ROLES = [
    ("signer", "Signer"),
    ("decision_maker", "Decision Maker"),
    ("finance", "Finance"),
    ("technical", "Technical"),
    ("other", "Other"),
]


class CrmContractContact(models.Model):
    _name = "crm.contract.contact"
    _description = "Contract Contact"
    _order = "is_primary desc, sequence, id"
    _rec_name = "partner_id"

    contract_id = fields.Many2one("crm.contract", required=True, index=True, ondelete="cascade")
    commercial_partner_id = fields.Many2one(related="contract_id.commercial_partner_id")
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('commercial_partner_id', '=', commercial_partner_id),"
        " ('is_company', '=', False), ('id', 'not in', listed_partner_ids)]",
    )
    listed_partner_ids = fields.Many2many(
        related="contract_id.contact_partner_ids",
        string="Listed Contacts",
        help="The persons already listed on the contract: they are not offered again.",
    )
    sequence = fields.Integer(default=10)
    role = fields.Selection(CONTACT_ROLES, default="other", required=True)
    is_primary = fields.Boolean(string="Primary")
    # Edited here, stored on the contact itself.
    phone = fields.Char(related="partner_id.phone", readonly=False)
    mobile = fields.Char(related="partner_id.mobile", readonly=False)
    email = fields.Char(related="partner_id.email", readonly=False)
    function = fields.Char(related="partner_id.function", readonly=False, string="Job Position")

    _sql_constraints = [
        (
            "contract_partner_uniq",
            "unique (contract_id, partner_id)",
            "A person is listed only once among the contacts of a contract.",
        ),
    ]

    @api.constrains("partner_id", "contract_id")
    def _check_partner_of_customer(self):
        for line in self:
            customer = line.contract_id.commercial_partner_id
            if line.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: %(contact)s is not a contact of the customer "
                        "%(customer)s.",
                        contract=line.contract_id.display_name,
                        contact=line.partner_id.display_name,
                        customer=customer.display_name,
                    )
                )

    def _check_unique_partner(self, pairs):
        """Name the person already listed, before the database's unique constraint (kept as
        the backstop of simultaneous saves) refuses it. One search for the whole batch."""
        pairs = [(c, p, line) for c, p, line in pairs if c and p]
        if not pairs:
            return
        listed = defaultdict(set)
        for other in self.sudo().search_fetch(
            [
                ("contract_id", "in", list({c for c, _p, _l in pairs})),
                ("partner_id", "in", list({p for _c, p, _l in pairs})),
            ],
            ["contract_id", "partner_id"],
        ):
            listed[other.contract_id.id, other.partner_id.id].add(other.id)
        seen = set()
        for contract_id, partner_id, line in pairs:
            key = (contract_id, partner_id)
            if key in seen or listed[key] - {line.id if line else None}:
                contract = self.env["crm.contract"].sudo().browse(contract_id)
                partner = self.env["res.partner"].sudo().browse(partner_id)
                raise ValidationError(
                    self.env._(
                        "%(contact)s is already listed among the contacts of contract "
                        "%(contract)s.",
                        contact=partner.display_name,
                        contract=contract.display_name,
                    )
                )
            seen.add(key)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_bounds(self, vals)
        self._check_unique_partner(
            [(vals.get("contract_id"), vals.get("partner_id"), None) for vals in vals_list]
        )
        lines = super().create(vals_list)
        lines.contract_id._fix_primary_contact(preferred=lines.filtered("is_primary"))
        return lines

    def write(self, vals):
        check_bounds(self, vals)
        if "contract_id" in vals or "partner_id" in vals:
            self._check_unique_partner(
                [
                    (
                        vals.get("contract_id", line.contract_id.id),
                        vals.get("partner_id", line.partner_id.id),
                        line,
                    )
                    for line in self
                ]
            )
        res = super().write(vals)
        if is_internal(self, FIXING_PRIMARY):
            return res
        if "is_primary" in vals or "contract_id" in vals:
            self.contract_id._fix_primary_contact(
                preferred=self.filtered("is_primary") if vals.get("is_primary") else None
            )
        return res

    def unlink(self):
        contracts = self.contract_id
        res = super().unlink()
        contracts.exists()._fix_primary_contact()
        return res
