from odoo import models
from odoo.addons.crm_contract.models.guards import internal_context

from ..models.crm_contract_tier_validation_mixin import IMPORTING


class CrmContractImport(models.TransientModel):
    _inherit = "crm.contract.import"

    def _run(self, dry_run):
        return super(CrmContractImport, internal_context(self, IMPORTING))._run(dry_run)

    def _result_notes(self, run, written):
        notes = super()._result_notes(run, written)
        if self.import_type == "contract" and self._crm_tier_has_active_rows(run):
            notes.append(
                self.env._(
                    "Contracts imported as Active are not held back by approval tiers: they "
                    "count as signed elsewhere."
                )
            )
        return notes

    def _crm_tier_has_active_rows(self, run):
        """Whether a row of the file gives the status Active (read from the rows, not from
        the written records, which a test run has rolled back)."""
        rows = [vals for _rowno, vals in getattr(run, "to_create", [])]
        rows += [vals for _rowno, _record, vals in getattr(run, "to_update", [])]
        return any(vals.get("state") == "active" for vals in rows)
