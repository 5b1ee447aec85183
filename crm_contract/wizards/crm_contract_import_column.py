from odoo import api, fields, models

from ..tools.importer.rows import AMOUNT_FIELDS
from ..tools.importer.values import header_unit


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
    unit = fields.Char(
        compute="_compute_unit",
        help="The unit of an amount column, read from its header: its values are "
        "multiplied by it (合同金额(万元): x 10,000).",
    )

    @api.depends("header", "field_id", "import_id.import_type")
    def _compute_unit(self):
        for column in self:
            column.unit = False
            amounts = AMOUNT_FIELDS.get(column.import_id.import_type, ())
            if column.field_id.field_name not in amounts:
                continue
            factor, unit = header_unit(column.header)
            if factor is None:
                column.unit = self.env._("unit not understood: %(unit)s", unit=unit)
            elif unit:
                column.unit = f"× {factor:,} ({unit})"
