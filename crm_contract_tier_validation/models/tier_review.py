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

    def _get_reviewers(self):
        # a review by a field of the record: on the guarded models, the record that holds
        # the field may be another one (an amendment reviewed by a tier of contracts names
        # a field of its contract)
        field = self.reviewer_field_id
        if (
            field
            and not (self.reviewer_id or self.reviewer_group_id.users)
            and self.model in self._crm_tier_guarded_models()
        ):
            record = self.env[self.model].browse(self.res_id)
            source = record._crm_tier_reviewer_source(self.definition_id)
            if source != record:
                value = source[field.name] if field.name in source._fields else False
                if value and value._name == "res.groups":
                    return value.users
                return value if value and value._name == "res.users" else self.env["res.users"]
        return super()._get_reviewers()

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
