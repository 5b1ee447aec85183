from odoo import models


class CrmContractAmendment(models.Model):
    _name = "crm.contract.amendment"
    _inherit = ["crm.contract.amendment", "crm.contract.tier.validation"]

    _state_from = ["draft"]
    _state_to = ["applied"]
    _cancel_state = "cancelled"
    _crm_tier_restart_fields = ("amount_total", "date_end", "description", "date_effective")

    def _apply(self):
        # Refused before anything is written to the contract (the state write at the end of
        # the amendment's own apply checks it again).
        self._crm_tier_check_approved({self._state_field: self._state_to[0]})
        return super()._apply()

    def _crm_tier_refusal_message(self):
        return self.env._(
            "Amendment %(amendment)s cannot be applied before it is approved (approval: "
            "%(status)s). Use Request Validation and wait for the reviewers; a change of the "
            "new amount, end date, terms or effective date starts the approval again.",
            amendment=self.display_name,
            status=self._crm_tier_status_label(),
        )

    def _crm_tier_created_refusal_message(self):
        return self.env._(
            "Amendment %(amendment)s needs approval: it is created as a draft, then approved "
            "and applied.",
            amendment=self.display_name,
        )
