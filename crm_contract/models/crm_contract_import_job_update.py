from odoo import fields, models


class CrmContractImportJobUpdate(models.Model):
    """A contract updated by an import: one row per contract, created with the chunk that
    updated it (a Many2many on the import would read all the links of the import again at
    each chunk)."""

    _name = "crm.contract.import.job.update"
    _description = "Contract Updated by an Import"
    _log_access = False

    job_id = fields.Many2one(
        "crm.contract.import.job", string="Import", required=True, index=True, ondelete="cascade"
    )
    contract_id = fields.Many2one("crm.contract", required=True, index=True, ondelete="cascade")
