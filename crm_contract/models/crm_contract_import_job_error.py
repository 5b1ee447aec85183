from odoo import fields, models


class CrmContractImportJobError(models.Model):
    """A problem of a row of an import, kept with the import record."""

    _name = "crm.contract.import.job.error"
    _description = "Contract Import: Problem of a Row"
    _order = "row, id"

    job_id = fields.Many2one(
        "crm.contract.import.job", required=True, ondelete="cascade", index=True
    )
    row = fields.Integer(help="Row number in the sheet, as the spreadsheet numbers it.")
    column = fields.Char()
    value = fields.Char()
    message = fields.Char(required=True)
