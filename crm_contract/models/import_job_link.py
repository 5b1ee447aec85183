"""The import that created a record (``import_job_id`` of contracts and follow-ups).

Only the import sets it: its writer creates the records with the import record itself in
the context (``tools.importer.markers.import_job_context``: a record, which no JSON-RPC
call can send), and every other create or write that gives the field is refused."""

from odoo import api, fields, models

from ..tools.guards import check_protected_fields
from ..tools.importer.markers import context_job


def check_import_job_vals(model, vals_list, stamp=False):
    """Refuse ``import_job_id`` given by anyone but the import; with ``stamp`` (create),
    the records created by an import get its id."""
    job = context_job(model)
    for vals in vals_list:
        if "import_job_id" in vals and not (job and vals["import_job_id"] == job.id):
            check_protected_fields(model, vals, ("import_job_id",))
        if stamp and job:
            vals["import_job_id"] = job.id


class CrmContractImportLinked(models.AbstractModel):
    """What an import creates (contracts, follow-ups): the import that created it, set
    by the import only."""

    _name = "crm.contract.import.linked"
    _description = "Record Created by an Import"

    import_job_id = fields.Many2one(
        "crm.contract.import.job",
        string="Import",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_import_job_vals(self, vals_list, stamp=True)
        return super().create(vals_list)

    def write(self, vals):
        check_import_job_vals(self, [vals])
        return super().write(vals)
