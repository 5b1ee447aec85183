from odoo import models
from odoo.addons.crm_contract.tools.guards import internal_context
from odoo.exceptions import AccessError

from ..models.crm_contract_tier_validation_mixin import REVIEWING


class CommentWizard(models.TransientModel):
    _inherit = "comment.wizard"

    def add_comment(self):
        """For the guarded models, only the reviews the user may decide now, of the record
        the dialog was opened on."""
        self.ensure_one()
        model = self.env.registry.get(self.res_model or "")
        if model is None or not getattr(model, "_crm_tier_guarded", False):
            return super().add_comment()
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise AccessError(self.env._("The record to review does not exist anymore."))
        record._crm_tier_check_reviewer()
        allowed = record._crm_tier_reviews_of(self.env.user)
        if not self.review_ids or self.review_ids - allowed:
            raise AccessError(
                self.env._(
                    "%(record)s: you may only decide the reviews awaiting your approval.",
                    record=record.display_name,
                )
            )
        if self.validate_reject not in ("validate", "reject"):
            raise AccessError(self.env._("Choose to validate or to reject."))
        return super(CommentWizard, internal_context(self, REVIEWING)).add_comment()
