from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
        " ('is_company', '=', False)]",
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

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.contract_id._fix_primary_contact(preferred=lines.filtered("is_primary"))
        return lines

    def write(self, vals):
        res = super().write(vals)
        if self.env.context.get("crm_contract_fixing_primary"):
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
