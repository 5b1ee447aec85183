from odoo import models
from odoo.addons.crm_contract.tools.guards import internal_context
from odoo.addons.crm_contract.tools.states import SIGNED_STATES

from .crm_contract_tier_validation_mixin import IMPORTING


class CrmContractImportJob(models.Model):
    _inherit = "crm.contract.import.job"

    def _import_env_job(self):
        # The one environment the import runs in, in the request and in the background:
        # contracts imported as Active are exempted from the approval there.
        return internal_context(super()._import_env_job(), IMPORTING)

    def _result_notes(self, run, records):
        notes = super()._result_notes(run, records)
        if self.import_type == "contract" and self._crm_tier_has_active_rows(run, records):
            notes.append(
                self.env._(
                    "Contracts imported as Active are not held back by approval tiers: they "
                    "count as signed elsewhere."
                )
            )
        return notes

    def _crm_tier_has_active_rows(self, run, records):
        """Whether a row of the file gives the status Active: read from the rows of an
        import done in the request (a test run has rolled its records back), else from
        the records the import wrote (a background import reports at its end)."""
        if run and any(vals.get("state") == "active" for vals in run.row_values()):
            return True
        return any(state in SIGNED_STATES for state in records.sudo().mapped("state"))
