from odoo import fields, models


class CrmContractImportError(models.TransientModel):
    _name = "crm.contract.import.error"
    _description = "Contract Import: Problem"
    _order = "row, id"

    import_id = fields.Many2one("crm.contract.import", required=True, ondelete="cascade")
    row = fields.Integer(help="Row number in the sheet, as the spreadsheet numbers it.")
    column = fields.Char()
    value = fields.Char()
    message = fields.Char(required=True)
