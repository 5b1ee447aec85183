from odoo import fields, models


class CrmContractImportField(models.TransientModel):
    """A field a column of the import file can go to (the choices of one import)."""

    _name = "crm.contract.import.field"
    _description = "Contract Import: Importable Field"
    _order = "sequence, id"

    import_id = fields.Many2one("crm.contract.import", required=True, ondelete="cascade")
    sequence = fields.Integer()
    name = fields.Char(required=True)
    field_name = fields.Char(required=True)
