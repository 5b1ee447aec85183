from odoo import fields, models


class CrmContractImportColumn(models.TransientModel):
    _name = "crm.contract.import.column"
    _description = "Contract Import: Column Match"
    _order = "sequence, id"

    import_id = fields.Many2one("crm.contract.import", required=True, ondelete="cascade")
    sequence = fields.Integer(help="Position of the column in the file, from 0.")
    header = fields.Char(string="Column", readonly=True)
    field_id = fields.Many2one(
        "crm.contract.import.field",
        string="Imported As",
        ondelete="set null",
        help="The field this column fills; leave empty to ignore the column.",
    )
    sample = fields.Char(string="First Values", readonly=True)
