from odoo import models
from odoo.addons.crm_contract.models.crm_contract_renewal import AMENDED_FIELDS


class CrmContractAmendment(models.Model):
    """An amendment that changes the amount or the end date goes through the tiers a
    contract of the new values would meet (the contract's own tier definitions, evaluated on
    the contract as amended), besides the amendments' own tiers: no extra configuration."""

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

    # ------------------------------------------------------------------
    # The contract's tiers
    # ------------------------------------------------------------------

    def _crm_tier_amended_contract(self):
        """The contract as this amendment would make it (new amount, new end date), in
        memory only; None when the amendment changes neither."""
        self.ensure_one()
        changes = {
            fname: value
            for fname, value in self._contract_changes().items()
            if fname in AMENDED_FIELDS
        }
        if not changes:
            return None
        contract = self.contract_id.sudo()
        amended = contract.new(origin=contract)
        for fname, value in changes.items():
            amended[fname] = value
        return amended

    def _crm_tier_contract_definitions(self):
        """The contract's tier definitions that the amended contract meets."""
        self.ensure_one()
        Definition = self.env["tier.definition"].sudo()
        amended = self._crm_tier_amended_contract()
        if amended is None:
            return Definition
        Contract = self.env["crm.contract"]
        definitions = Definition.browse(
            Contract._crm_tier_definition_ids(self.contract_id.company_id.id)
        )
        return definitions.filtered(lambda definition: amended.evaluate_tier(definition))

    def _crm_tier_definitions(self):
        return super()._crm_tier_definitions() | self._crm_tier_contract_definitions()

    def _crm_tier_extra_review_vals(self, reviews):
        vals_list = super()._crm_tier_extra_review_vals(reviews)
        for amendment in self:
            if not amendment._check_state_from_condition():
                continue
            asked = amendment.review_ids.definition_id
            sequence = max(amendment.review_ids.mapped("sequence"), default=0)
            for definition in amendment._crm_tier_contract_definitions().sorted(
                "sequence", reverse=True
            ):
                if definition in asked:
                    continue
                sequence += 1
                vals_list.append(amendment._prepare_tier_review_vals(definition, sequence))
        return vals_list

    def _crm_tier_reviewer_source(self, definition):
        """The record whose field names the reviewers of ``definition`` (a definition of
        contracts names a field of the contract)."""
        if definition.model == "crm.contract":
            return self.contract_id
        return super()._crm_tier_reviewer_source(definition)

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
