from odoo import api, models

# What the cached lists of definitions depend on (besides the definitions added and removed).
CACHED_FIELDS = {"active", "model_id", "model", "company_id"}


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        return [
            *super()._get_tier_validation_model_names(),
            "crm.contract",
            "crm.contract.payment",
            "crm.contract.amendment",
        ]

    # ------------------------------------------------------------------
    # The approval models cache the ids of their definitions per company
    # (crm.contract.tier.validation._crm_tier_definition_ids).
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        if CACHED_FIELDS & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
