"""The context of what an import writes: internal markers (``tools.guards.INTERNAL``, a
Python object no JSON-RPC call can carry) and the import record itself (a record, which
no JSON-RPC call can send either)."""

from odoo import models

# The import writes these records: no chatter work per row (follow-ups are not posted one
# by one on their contract; their next-contact activities are created in one batch).
IMPORT = "crm_contract_import"
# With IMPORT: follow-ups whose next contact date has passed get an activity too.
IMPORT_PAST_ACTIVITIES = "crm_contract_import_past_activities"
# The import record (crm.contract.import.job) whose rows are being written.
IMPORT_JOB = "crm_contract_import_job"
JOB_MODEL = "crm.contract.import.job"


def import_job_context(records, job):
    """``records`` in the context of the import ``job``: what they create is the job's."""
    return records.with_context(**{IMPORT_JOB: job})


def context_job(model):
    """The import record in the context of ``model`` when it imports records of that
    model, else None (a context value holding an id, as JSON-RPC could send, is none)."""
    job = model.env.context.get(IMPORT_JOB)
    if not isinstance(job, models.BaseModel) or job._name != JOB_MODEL or len(job) != 1:
        return None
    return job if job.sudo().res_model == model._name else None
