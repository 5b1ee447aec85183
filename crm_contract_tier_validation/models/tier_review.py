from odoo import api, models
from odoo.addons.crm_contract.tools.guards import is_internal
from odoo.exceptions import AccessError

from .crm_contract_tier_validation_mixin import REVIEWING


class TierReview(models.Model):
    _inherit = "tier.review"

    def _crm_tier_guarded_models(self, extra=()):
        """The models among the reviews' (and ``extra``) whose reviews only the approval
        buttons change."""
        names = {name for name in [*self.mapped("model"), *extra] if name}
        return [
            name
            for name in names
            if name in self.env.registry and getattr(self.env[name], "_crm_tier_guarded", False)
        ]

    def _crm_tier_check_guard(self, extra=()):
        if self.env.su or is_internal(self, REVIEWING):
            return
        if self._crm_tier_guarded_models(extra):
            raise AccessError(
                self.env._(
                    "Approvals of contracts and receipts change only through their buttons "
                    "(Request Validation, Validate, Reject, Restart Validation)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_tier_check_guard([vals.get("model") for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        self._crm_tier_check_guard([vals.get("model")])
        return super().write(vals)

    def unlink(self):
        self._crm_tier_check_guard()
        return super().unlink()
