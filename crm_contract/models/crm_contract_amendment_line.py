"""Product lines of an amendment (``crm.contract.amendment.line``): the lines its contract
has once it is applied (``kind`` "new", given by the user while the amendment is a draft),
and, once applied, a copy of the lines the contract had before (``kind`` "old", written by
the addon), so that the amendment shows both as the contract's history."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.guards import check_record_access, is_internal
from .crm_contract_amendment import AMENDMENT_STATE


class CrmContractAmendmentLine(models.Model):
    _name = "crm.contract.amendment.line"
    _inherit = ["crm.contract.line.mixin"]
    _description = "Contract Amendment Product Line"
    _order = "amendment_id, kind, sequence, id"
    _check_company_auto = True

    amendment_id = fields.Many2one(
        "crm.contract.amendment", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [("new", "New"), ("old", "Before")],
        required=True,
        default="new",
        help="New: the contract's lines once the amendment is applied. Before: the lines it "
        "replaced (kept when it is applied).",
    )
    contract_id = fields.Many2one(
        related="amendment_id.contract_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="amendment_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")

    def _check_editable(self, amendments, vals_list):
        """New lines change with their draft amendment only; the lines before are written by
        the addon when it applies the amendment."""
        if is_internal(self, AMENDMENT_STATE):
            return
        check_record_access(amendments, "write")
        done = amendments.filtered(lambda a: a.state != "draft")
        if done:
            raise UserError(
                self.env._(
                    "Amendment %(amendment)s is not a draft: its product lines are the "
                    "contract's history and cannot be changed.",
                    amendment=done[0].display_name,
                )
            )
        if any(vals.get("kind", "new") != "new" for vals in vals_list) or "old" in self.mapped(
            "kind"
        ):
            raise UserError(
                self.env._(
                    "The lines a contract had before an amendment are kept by the addon when "
                    "it applies the amendment: they cannot be given or changed."
                )
            )

    def _line_protected_fields(self):
        return super()._line_protected_fields() + ("contract_id", "company_id", "currency_id")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_line_vals(vals)
        amendment_ids = {v["amendment_id"] for v in vals_list if v.get("amendment_id")}
        self._check_editable(self.env["crm.contract.amendment"].browse(amendment_ids), vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_line_vals(vals)
        if "amendment_id" in vals and self.filtered(
            lambda line: line.amendment_id.id != vals["amendment_id"]
        ):
            raise UserError(self.env._("A product line stays on the amendment it was made for."))
        self._check_editable(self.amendment_id, [vals])
        return super().write(vals)

    def unlink(self):
        self._check_editable(self.amendment_id, [])
        return super().unlink()
