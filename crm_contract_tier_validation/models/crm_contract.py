from odoo import fields, models
from odoo.addons.crm_contract.models.crm_contract_renewal import RENEWING
from odoo.addons.crm_contract.tools.guards import is_internal

from .crm_contract_tier_validation_mixin import IMPORTING


class CrmContract(models.Model):
    _name = "crm.contract"
    _inherit = ["crm.contract", "crm.contract.tier.validation"]

    _state_from = ["draft"]
    _state_to = ["active"]
    _cancel_state = "cancelled"
    # What the approval is about: changed after a request, the approval starts again.
    _crm_tier_restart_fields = (
        "amount_total",
        "currency_id",
        "partner_id",
        "date_start",
        "date_end",
        "type_id",
        "description",
        "team_id",
        "company_id",
    )

    team_leader_id = fields.Many2one(
        related="team_id.user_id",
        string="Sales Team Leader",
        help="The leader of the contract's sales team: an approval tier can name this field "
        "as its reviewer (Validated by: Field in related record).",
    )

    def _crm_tier_exempt(self):
        # Contracts imported as active were signed elsewhere: no approval holds them back.
        # Only the contract import's own run counts (its marker cannot come over JSON-RPC).
        # An automatic renewal carries on the terms approved and signed before (the daily
        # job's own marker, as unreachable).
        return is_internal(self, IMPORTING) or is_internal(self, RENEWING)

    def _crm_tier_refusal_message(self):
        return self.env._(
            "Contract %(contract)s cannot be signed before it is approved (approval: "
            "%(status)s). Use Request Validation and wait for the reviewers; a change of "
            "amount, customer, dates, type or terms starts the approval again.",
            contract=self.display_name,
            status=self._crm_tier_status_label(),
        )

    def _crm_tier_created_refusal_message(self):
        return self.env._(
            "Contract %(contract)s needs approval: create it as a draft, request validation, "
            "then sign it. Contracts already signed elsewhere are imported (Import Contracts).",
            contract=self.display_name,
        )

    def _has_to_be_signed(self):
        # The customer signs online only what the reviewers approved (when a tier applies).
        return super()._has_to_be_signed() and self._crm_tier_is_approved()
