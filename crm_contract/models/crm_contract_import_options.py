"""The options of an import, declared once: the import wizard (where the user chooses
them) and the import record (which keeps them and runs the import) both inherit them; the
engine reads them as ``tools.importer.options.ImportOptions`` (the same names)."""

from odoo import api, fields, models

from ..tools.importer.options import RES_MODELS, ImportOptions
from ..tools.importer.reader import ENCODINGS


class CrmContractImportOptions(models.AbstractModel):
    _name = "crm.contract.import.options"
    _description = "Contract Import: Options"

    import_type = fields.Selection(
        [("contract", "Contracts"), ("followup", "Follow-up Records")],
        string="The File Holds",
        required=True,
        default="contract",
    )
    res_model = fields.Char(compute="_compute_res_model")
    existing_policy = fields.Selection(
        [("update", "Update them"), ("skip", "Skip them")],
        string="Existing Contracts",
        required=True,
        default="update",
        help="Contracts of the file whose number already exists. With Update, a file may "
        "hold only the contract number and the columns to change.",
    )
    create_missing_partners = fields.Boolean(
        string="Create Missing Customers",
        help="Customers (and customer signers) not found by name are created; otherwise "
        "each one is reported.",
    )
    error_policy = fields.Selection(
        [("all", "Import nothing"), ("valid", "Import the valid rows, skip the others")],
        string="When a Row Has a Problem",
        required=True,
        default="all",
        help="A file of more rows than the threshold of the settings is imported in the "
        "background; there, Import nothing first checks every row of the file, then "
        "writes only when no row has a problem.",
    )
    date_order = fields.Selection(
        [("auto", "Detect"), ("dmy", "Day/Month/Year"), ("mdy", "Month/Day/Year")],
        required=True,
        default="auto",
        help="How to read dates like 03/04/2026 when the file does not tell.",
    )
    decimal_separator = fields.Selection(
        [("auto", "Detect"), (".", "Point (1,234.56)"), (",", "Comma (1.234,56)")],
        required=True,
        default="auto",
        help="How to read amounts like 12.500 when the column does not tell (another "
        "value such as 97.019,25 tells). A column that does not tell is reported, "
        "never guessed.",
    )
    encoding = fields.Selection(
        [("auto", "Detect"), *ENCODINGS.items()],
        required=True,
        default="auto",
        help="The encoding of a CSV or text file. Detect reads UTF-8 (with or without BOM), "
        "UTF-16, GB18030, Big5 and Windows-1252 files; choose it when the preview shows "
        "wrong characters.",
    )
    datetime_utc = fields.Boolean(
        string="Date-times in UTC",
        help="The file's date-times are in UTC; otherwise they are in your time zone.",
    )
    create_past_activities = fields.Boolean(
        string="Create Activities for Past Next Contact Dates",
        help="Follow-ups whose next contact date has passed get an (overdue) activity too.",
    )

    create_missing_products = fields.Boolean(
        help="Products of the product columns not found by internal reference, barcode or "
        "name are created (once per name, with the reference when given), if you may "
        "create products; otherwise each one is reported.",
    )
    amount_mismatch = fields.Selection(
        [("refuse", "Refuse the contract"), ("follow", "Follow the lines")],
        string="When the Amount Differs from the Lines",
        required=True,
        default="refuse",
        help="A contract of the file with product lines whose amount column differs from "
        "the sum of its lines: refused (the message gives both), or imported with the "
        "lines' sum as its amount.",
    )

    @api.depends("import_type")
    def _compute_res_model(self):
        for record in self:
            record.res_model = RES_MODELS.get(record.import_type, False)

    def _import_options(self):
        """The options as the engine reads them."""
        self.ensure_one()
        return ImportOptions.of(self)

    def _import_option_values(self):
        """{option: value}: what an import record copies of the wizard's options."""
        self.ensure_one()
        return {name: self[name] for name in ImportOptions.names()}
