"""The import wizard of contracts and follow-up records: the front end of an import.

It reads the file (``tools/importer/reader``), matches its columns to fields
(``tools/importer/matching``: saved mappings, the headers of known exports, base_import's
suggestions; the user corrects them), then creates an import record
(``crm.contract.import.job``), which runs the import now (a test run, or a file up to the
threshold of the settings) or queues it for the background. The result shown here (counts,
summary, problems, file of failed rows) is the import record's.
"""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.guards import check_protected_fields, count_text, internal_context, is_internal
from ..tools.importer.matching import (
    alias_map,
    column_letter,
    match_headers,
    suggest_with_base_import,
)
from ..tools.importer.messages import translated
from ..tools.importer.reader import ENCODINGS, ReadError, find_header, read_file
from ..tools.importer.rows import AMOUNT_FIELDS
from ..tools.importer.values import ImportValueError, header_unit, normalize_header
from ..tools.settings import get_setting

# Marker of the wizard's own run: only it links the wizard to an import record (whose
# results the wizard shows).
RUNNING = "crm_contract_import_running"


class CrmContractImport(models.TransientModel):
    _name = "crm.contract.import"
    _description = "Import Contracts or Follow-up Records"
    _inherit = ["crm.contract.import.options"]

    # Not required at the model level: Download Template works before a file is chosen;
    # the actions that read the file check it.
    file = fields.Binary(attachment=False)
    filename = fields.Char()
    allowed_field_ids = fields.One2many("crm.contract.import.field", "import_id")
    state = fields.Selection(
        [("upload", "Upload"), ("match", "Match Columns"), ("done", "Done")],
        default="upload",
        required=True,
    )
    column_ids = fields.One2many("crm.contract.import.column", "import_id", string="Columns")
    row_count = fields.Integer(string="Rows", readonly=True)
    sheet_name = fields.Char(string="Sheet", readonly=True)
    header_row = fields.Integer(readonly=True)
    header_note = fields.Char(compute="_compute_header_note")
    is_text_file = fields.Boolean(compute="_compute_is_text_file")
    encoding_read = fields.Selection(
        list(ENCODINGS.items()),
        string="Read As",
        readonly=True,
        help="The encoding the CSV or text file was read in (detected, or as chosen).",
    )
    preview = fields.Char(
        string="First Row",
        readonly=True,
        help="The first data row of the file as read: wrong characters mean another encoding.",
    )
    read_notes = fields.Text(string="Not Imported", readonly=True)
    # The import record of the last run (a test run or an import): the results are its.
    last_job_id = fields.Many2one(
        "crm.contract.import.job", string="Last Run", readonly=True, ondelete="set null"
    )
    job_id = fields.Many2one(
        "crm.contract.import.job",
        string="Import Record",
        compute="_compute_job_id",
        help="The import record of the last import (a test run has none in the history).",
    )
    # Read as the user (compute_sudo=False): the import record's own rules apply.
    dry_run = fields.Boolean(
        compute="_compute_job_id", help="The last run was a test: nothing was written."
    )
    test_offered = fields.Boolean(
        compute="_compute_test_offered",
        help="A test run is offered up to the background threshold (a bigger file is imported "
        'in the background, where "Import nothing" checks every row first).',
    )
    created_count = fields.Integer(related="last_job_id.created_count", compute_sudo=False)
    updated_count = fields.Integer(related="last_job_id.updated_count", compute_sudo=False)
    skipped_count = fields.Integer(related="last_job_id.skipped_count", compute_sudo=False)
    error_count = fields.Integer(related="last_job_id.error_count", compute_sudo=False)
    result_summary = fields.Text(related="last_job_id.result_summary", compute_sudo=False)
    error_line_ids = fields.One2many(
        related="last_job_id.error_line_ids", string="Problems", compute_sudo=False
    )
    error_file = fields.Binary(related="last_job_id.error_file", compute_sudo=False)
    error_filename = fields.Char(related="last_job_id.error_filename", compute_sudo=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_last_job(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_last_job(vals)
        return super().write(vals)

    def _check_last_job(self, vals):
        """Only the wizard's own run links it to an import record."""
        if not is_internal(self, RUNNING):
            check_protected_fields(self, vals, ("last_job_id",))

    @api.depends("last_job_id.state")
    def _compute_job_id(self):
        for wizard in self:
            job = wizard.last_job_id
            wizard.dry_run = job.state == "test"
            wizard.job_id = job if job and job.state != "test" else False

    @api.depends("row_count")
    def _compute_test_offered(self):
        threshold = self._background_threshold()
        for wizard in self:
            wizard.test_offered = wizard.row_count <= threshold

    @api.depends("header_row", "sheet_name")
    def _compute_header_note(self):
        for wizard in self:
            if not wizard.header_row:
                wizard.header_note = False
            elif wizard.sheet_name:
                wizard.header_note = self.env._(
                    "Header read on row %(row)s of the sheet %(sheet)s.",
                    row=wizard.header_row,
                    sheet=wizard.sheet_name,
                )
            else:
                wizard.header_note = self.env._(
                    "Header read on row %(row)s.", row=wizard.header_row
                )

    @api.depends("filename")
    def _compute_is_text_file(self):
        for wizard in self:
            name = (wizard.filename or "").lower()
            wizard.is_text_file = not name.endswith((".xlsx", ".xlsm", ".xls", ".ods"))

    @api.onchange("file", "import_type", "encoding")
    def _onchange_file(self):
        self.column_ids = [fields.Command.clear()]
        self.state = "upload"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_load(self):
        """Read the file and propose a field for each column."""
        self.ensure_one()
        headers, rows, _sheet = self._read_rows()
        self._match_columns(headers, rows)
        self.write({"state": "match", "row_count": len(rows)})
        return self._reopen()

    def action_test(self):
        """Dry run: validate and write every row, then undo it all; report the problems."""
        return self._run(dry_run=True)

    def action_import(self):
        return self._run(dry_run=False)

    def action_back(self):
        self.write({"state": "match"})
        return self._reopen()

    def action_download_template(self):
        """The template of the user's language when there is one, else the English one."""
        self.ensure_one()
        templates = self.env[self.res_model].get_import_templates()
        lang = (self.env.context.get("lang") or self.env.user.lang or "en_US").split("_")[0]
        chosen = next((t for t in templates if t.get("lang") == lang), templates[0])
        return {"type": "ir.actions.act_url", "url": chosen["template"], "target": "download"}

    def action_download_errors(self):
        self.ensure_one()
        return self.last_job_id.action_download_errors()

    def action_view_records(self):
        """The contracts or follow-ups the last import created or updated."""
        self.ensure_one()
        return self.job_id.action_view_records()

    def action_open_job(self):
        """The import record (history) of the last import."""
        self.ensure_one()
        return self.job_id._form_action()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import %(what)s", what=self._type_label()),
        }

    def _type_label(self):
        return dict(self._fields["import_type"]._description_selection(self.env))[self.import_type]

    # ------------------------------------------------------------------
    # Reading and matching
    # ------------------------------------------------------------------

    def _knowledge(self):
        return self.env[self.res_model]._import_knowledge()

    def _field_labels(self):
        knowledge = self._knowledge()
        Model = self.env[self.res_model]
        return {
            fname: knowledge["labels"].get(fname)
            or Model._fields[fname].get_description(self.env)["string"]
            for fname in knowledge["headers"]
        }

    def _check_size(self, raw, name):
        if not raw.strip():
            raise UserError(self.env._("%(file)s is empty.", file=name))
        max_mb = get_setting(self.env, "import_max_size_mb")
        if len(raw) > max_mb * 1024 * 1024:
            raise UserError(
                self.env._(
                    "%(file)s is %(size).1f MB; imports are limited to %(max)s MB "
                    "(an administrator can raise the limit in Settings).",
                    file=name,
                    size=len(raw) / 1024 / 1024,
                    max=max_mb,
                )
            )

    def _read_rows(self):
        """The header and data rows ([(row number, cells)]) of the sheet whose header
        is recognised; title lines and blank rows before the header are skipped."""
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the file to import first."))
        raw = base64.b64decode(self.file)
        name = self.filename or self.env._("the file")
        self._check_size(raw, name)
        try:
            sheets = read_file(raw, name, self.encoding)
        except ReadError as exc:
            raise UserError(translated(self.env, exc)) from None
        known = set(alias_map(self._knowledge()["headers"], self._field_labels()))
        sheet, position = find_header(sheets, known)
        if sheet is None or position is None:
            raise UserError(self.env._("%(file)s has no rows.", file=name))
        header_rowno, header_cells = sheet.rows[position]
        headers = [(h or "").strip() for h in header_cells]
        data = [
            (rowno, cells)
            for rowno, cells in sheet.rows[position + 1 :]
            if any((c or "").strip() for c in cells)
        ]
        if not data:
            raise UserError(self.env._("%(file)s has a header row but no data rows.", file=name))
        self.write(
            {
                "sheet_name": sheet.name or False,
                "header_row": header_rowno,
                "encoding_read": sheet.encoding or False,
                "preview": " | ".join(c for c in data[0][1] if c)[:300],
            }
        )
        return headers, data, sheet

    def _match_columns(self, headers, rows):
        """Saved mappings first (base_import.mapping), then the headers of known exports,
        then base_import's own suggestions from field names and labels. Duplicated and
        unmatched columns are listed in read_notes."""
        self.column_ids.unlink()
        self.allowed_field_ids.unlink()
        labels = self._field_labels()
        known = self._knowledge()["headers"]
        self.allowed_field_ids = [
            fields.Command.create(
                {"sequence": sequence, "field_name": fname, "name": labels[fname]}
            )
            for sequence, fname in enumerate(known)
        ]
        fields_by_name = {f.field_name: f for f in self.allowed_field_ids}
        saved = {
            m.column_name: m.field_name
            for m in self.env["base_import.mapping"].search([("res_model", "=", self.res_model)])
        }
        matches, duplicates = match_headers(headers, alias_map(known, labels), saved)
        duplicate_indexes = {index for index, _f, _u in duplicates}
        unmatched = [
            i
            for i in range(len(headers))
            if i not in matches and headers[i] and i not in duplicate_indexes
        ]
        if unmatched:
            matches.update(
                suggest_with_base_import(
                    self.env,
                    self.res_model,
                    headers,
                    [r for _n, r in rows],
                    unmatched,
                    matches,
                    set(known) - {"term_months"},
                )
            )
        self.column_ids = [
            fields.Command.create(
                {
                    "sequence": index,
                    "header": header,
                    "field_id": fields_by_name[matches[index]].id if index in matches else False,
                    "sample": ", ".join(
                        v[:40]
                        for v in (row[index] for _n, row in rows[:5] if index < len(row))
                        if v
                    )[:200],
                }
            )
            for index, header in enumerate(headers)
        ]
        self.read_notes = self._read_notes(headers, matches, duplicates, labels) or False

    def _read_notes(self, headers, matches, duplicates, labels):
        notes = []
        for index, fname, used in duplicates:
            notes.append(
                self.env._(
                    "Column %(column)s (%(letter)s) also holds %(field)s: column %(used)s "
                    "(%(used_letter)s) is used, this one is not imported.",
                    column=headers[index],
                    letter=column_letter(index),
                    field=labels[fname],
                    used=headers[used],
                    used_letter=column_letter(used),
                )
            )
        skipped = [
            f"{header} ({column_letter(index)})"
            for index, header in enumerate(headers)
            if header and index not in matches and index not in {d[0] for d in duplicates}
        ]
        if skipped:
            notes.append(
                self.env._("Columns not imported: %(columns)s", columns=", ".join(skipped))
            )
        return "\n".join(notes)

    def _remember_matches(self):
        """Columns the user matched by hand are remembered for the next file
        (base_import's saved mappings)."""
        Mapping = self.env["base_import.mapping"]
        known = self._knowledge()["headers"]
        existing = {
            m.column_name: m
            for m in Mapping.search(
                [
                    ("res_model", "=", self.res_model),
                    ("column_name", "in", self.column_ids.mapped("header")),
                ]
            )
        }
        for column in self.column_ids.filtered("field_id"):
            fname = column.field_id.field_name
            standard = normalize_header(column.header) in {
                normalize_header(a) for a in known.get(fname, [])
            }
            mapping = existing.get(column.header)
            if mapping and mapping.field_name != fname:
                mapping.field_name = fname
            elif not mapping and not standard:
                Mapping.create(
                    {"res_model": self.res_model, "column_name": column.header, "field_name": fname}
                )

    def _check_required(self, mapping):
        knowledge = self._knowledge()
        required = list(knowledge["required"])
        update_only = (
            self.import_type == "contract"
            and self.existing_policy == "update"
            and all(f in mapping for f in knowledge.get("required_update", []))
        )
        if update_only:
            required = knowledge["required_update"]
        missing = [f for f in required if f not in mapping]
        if not missing:
            return
        labels = self._field_labels()
        hints = "; ".join(
            self.env._(
                "%(field)s: a column titled %(headers)s",
                field=labels[f],
                headers=", ".join([labels[f], *knowledge["headers"][f][:4]]),
            )
            for f in missing
        )
        raise UserError(
            self.env._(
                "Required columns missing: %(columns)s. Match a column of the file to each "
                "(%(hints)s).",
                columns=", ".join(labels[f] for f in missing),
                hints=hints,
            )
        )

    def _check_units(self, headers, mapping):
        """An amount column whose unit (in brackets) is not understood is refused before
        anything is read into a record: its numbers would be stored as they are."""
        for fname in AMOUNT_FIELDS[self.import_type]:
            index = mapping.get(fname)
            if index is None or index >= len(headers):
                continue
            factor, unit = header_unit(headers[index])
            if factor is None:
                column = f"{headers[index]} ({column_letter(index)})"
                error = ImportValueError("unknown_unit", unit=unit, column=column)
                raise UserError(translated(self.env, error))

    # ------------------------------------------------------------------
    # Running: an import record runs the import
    # ------------------------------------------------------------------

    def _run(self, dry_run):
        self.ensure_one()
        headers, rows, sheet = self._read_rows()
        if not self.column_ids:
            self._match_columns(headers, rows)
        mapping = {c.field_id.field_name: c.sequence for c in self.column_ids if c.field_id}
        self._check_required(mapping)
        self._check_units(headers, mapping)
        background = len(rows) > self._background_threshold()
        if background and dry_run:
            raise UserError(
                self.env._(
                    "%(rows)s rows are imported in the background, where a test run is not "
                    'offered: import with "Import nothing", which checks every row before '
                    "writing any and writes nothing when a row has a problem.",
                    rows=count_text(self.env, len(rows)),
                )
            )
        if not dry_run:
            self._remember_matches()
        job = self._create_job(headers, mapping, rows, background)
        internal_context(self, RUNNING).write({"last_job_id": job.id, "row_count": len(rows)})
        if background:
            job._queue(rows, sheet)
            return job._form_action()
        job._run_now(rows, sheet, dry_run=dry_run)
        self.write({"state": "done"})
        return self._reopen()

    def _background_threshold(self):
        return get_setting(self.env, "import_background_rows")

    def _create_job(self, headers, mapping, rows, background):
        """The import record of a run: the file, what was read of it, the options (each
        option of crm.contract.import.options, copied as it is)."""
        return (
            self.env["crm.contract.import.job"]
            .sudo()
            .create(
                dict(
                    self._import_option_values(),
                    # the encoding the file was read in: the background reads it so again
                    encoding=self.encoding_read or self.encoding,
                    user_id=self.env.uid,
                    company_id=self.env.company.id,
                    file=self.file,
                    filename=self.filename,
                    sheet_name=self.sheet_name,
                    header_row=self.header_row,
                    headers=headers,
                    mapping=mapping,
                    row_count=len(rows),
                    background=background,
                    state="queued" if background else "running",
                )
            )
        )
