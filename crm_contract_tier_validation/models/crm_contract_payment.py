from odoo import models


class CrmContractPayment(models.Model):
    _name = "crm.contract.payment"
    _inherit = ["crm.contract.payment", "crm.contract.tier.validation"]

    _state_from = ["draft"]
    _state_to = ["confirmed"]
    _cancel_state = "cancelled"
    _crm_tier_restart_fields = ("amount", "date", "contract_id", "plan_id")

    def _crm_tier_refusal_message(self):
        return self.env._(
            "Receipt %(receipt)s cannot be confirmed before it is approved (approval: "
            "%(status)s). Save it as a draft, open it from Receipts and use Request "
            "Validation.",
            receipt=self.display_name,
            status=self._crm_tier_status_label(),
        )

    def _crm_tier_created_refusal_message(self):
        return self.env._(
            "Receipt %(receipt)s needs approval: it is created as a draft, then approved and "
            "confirmed.",
            receipt=self.display_name,
        )
