from odoo import models
from odoo.addons.crm_contract.tools.guards import internal_context

from ..models.crm_contract_tier_validation_mixin import IMPORTING


class CrmContractImport(models.TransientModel):
    _inherit = "crm.contract.import"

    def _run(self, dry_run):
        return super(CrmContractImport, internal_context(self, IMPORTING))._run(dry_run)

    def _result_notes(self, run, written):
        notes = super()._result_notes(run, written)
        if self.import_type == "contract" and self._crm_tier_has_active_rows(run, written):
            notes.append(
                self.env._(
                    "Contracts imported as Active are not held back by approval tiers: they "
                    "count as signed elsewhere."
                )
            )
        return notes

    def _crm_tier_has_active_rows(self, run, written):
        """Whether a row of the file gives the status Active: read from the rows (a test
        run has rolled the records back), or, for a background import reporting at its
        end, from the records it wrote (``written``)."""
        rows = [vals for _rowno, vals in getattr(run, "to_create", [])]
        rows += [vals for _rowno, _record, vals in getattr(run, "to_update", [])]
        if any(vals.get("state") == "active" for vals in rows):
            return True
        # a background import reports once at its end, with the records it wrote
        return written and any(
            state in ("active", "expired") for state in run.written.sudo().mapped("state")
        )
