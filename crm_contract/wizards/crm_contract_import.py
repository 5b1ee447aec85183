"""The import wizard of contracts and follow-up records.

The work is split by responsibility: ``import_reader`` reads the file and finds the
header row, ``import_matching`` matches columns to fields, ``import_converters``
converts cell texts, ``import_rows`` validates the rows of each model,
``import_writer`` writes them in chunks and ``import_error_file`` builds the file of
failed rows; what each model knows of its own import (headers, aliases, required
columns) is ``_import_knowledge`` next to ``get_import_templates``.
"""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.res_config_settings import (
    BACKGROUND_ROWS_PARAM,
    DEFAULT_BACKGROUND_ROWS,
    DEFAULT_IMPORT_MAX_SIZE_MB,
    IMPORT_MAX_SIZE_PARAM,
    int_param,
)
from .import_error_file import build_error_file, error_line_commands
from .import_matching import alias_map, column_letter, match_headers, suggest_with_base_import
from .import_messages import translated
from .import_reader import ReadError, find_header, read_file
from .import_rows import ImportRun
from .import_values import normalize_header


class _Rollback(Exception):
    """Raised inside the write savepoint to undo a test run or a failed import."""


class CrmContractImport(models.TransientModel):
    _name = "crm.contract.import"
    _description = "Import Contracts or Follow-up Records"

    # Not required at the model level: Download Template works before a file is chosen;
    # the actions that read the file check it.
    file = fields.Binary(attachment=False)
    filename = fields.Char()
    import_type = fields.Selection(
        [("contract", "Contracts"), ("followup", "Follow-up Records")],
        string="The File Holds",
        required=True,
        default="contract",
    )
    res_model = fields.Char(compute="_compute_res_model")
    allowed_field_ids = fields.One2many("crm.contract.import.field", "import_id")
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
    datetime_utc = fields.Boolean(
        string="Date-times in UTC",
        help="The file's date-times are in UTC; otherwise they are in your time zone.",
    )
    create_past_activities = fields.Boolean(
        string="Create Activities for Past Next Contact Dates",
        help="Follow-ups whose next contact date has passed get an (overdue) activity too.",
    )
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
    read_notes = fields.Text(string="Not Imported", readonly=True)
    dry_run = fields.Boolean(readonly=True, help="The last run was a test: nothing was written.")
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    skipped_count = fields.Integer(string="Skipped", readonly=True)
    error_count = fields.Integer(string="Failed", readonly=True)
    result_summary = fields.Char(readonly=True)
    result_ids = fields.Char(readonly=True, help="Ids of the records written.")
    error_line_ids = fields.One2many("crm.contract.import.error", "import_id", string="Problems")
    error_file = fields.Binary(string="Rows with Problems", readonly=True, attachment=False)
    error_filename = fields.Char(readonly=True)
    job_id = fields.Many2one(
        "crm.contract.import.job", string="Import Record", readonly=True, ondelete="set null"
    )

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

    @api.depends("import_type")
    def _compute_res_model(self):
        for wizard in self:
            wizard.res_model = (
                "crm.contract" if wizard.import_type == "contract" else "crm.contract.followup"
            )

    @api.onchange("file", "import_type")
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
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/crm.contract.import/{self.id}/error_file/"
            f"{self.error_filename}?download=true&mimetype="
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "target": "download",
        }

    def action_view_records(self):
        """The contracts or follow-ups the last import created or updated."""
        self.ensure_one()
        ids = [int(i) for i in (self.result_ids or "").split(",") if i]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported %(what)s", what=self._type_label()),
            "res_model": self.res_model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", ids)],
            "target": "current",
        }

    def action_open_job(self):
        """The import record (history) of the last import."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.contract.import.job",
            "res_id": self.job_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

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
        max_mb = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(IMPORT_MAX_SIZE_PARAM, DEFAULT_IMPORT_MAX_SIZE_MB)
        )
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
            sheets = read_file(raw, name)
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
        self.write({"sheet_name": sheet.name or False, "header_row": header_rowno})
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

    # ------------------------------------------------------------------
    # Running
    # ------------------------------------------------------------------

    def _run(self, dry_run):
        self.ensure_one()
        headers, rows, sheet = self._read_rows()
        if not self.column_ids:
            self._match_columns(headers, rows)
        mapping = {c.field_id.field_name: c.sequence for c in self.column_ids if c.field_id}
        self._check_required(mapping)
        if not dry_run:
            self._remember_matches()
        run = ImportRun(self, headers, rows, mapping, sheet)
        if len(rows) > self._background_threshold():
            if dry_run:
                raise UserError(
                    self.env._(
                        "%(rows)s rows are imported in the background, where a test run is not "
                        'offered: import with "Import nothing", which checks every row before '
                        "writing any and writes nothing when a row has a problem.",
                        rows=len(rows),
                    )
                )
            return self._queue(run, headers, rows, mapping)
        run.validate()
        # The valid rows are written even in a test run or when other rows failed, so
        # that the database's own refusals are reported too; then it is all undone.
        try:
            with self.env.cr.savepoint():
                run.write_rows()
                if dry_run or (run.errors and self.error_policy == "all"):
                    raise _Rollback
        except _Rollback:
            self.env.invalidate_all()
        self._write_result(run, dry_run, headers, rows)
        if not dry_run:
            self._record_history(run)
        return self._reopen()

    # ------------------------------------------------------------------
    # History and background imports
    # ------------------------------------------------------------------

    def _background_threshold(self):
        return int_param(self.env, BACKGROUND_ROWS_PARAM, DEFAULT_BACKGROUND_ROWS)

    def _job_values(self):
        return {
            "user_id": self.env.uid,
            "company_id": self.env.company.id,
            "import_type": self.import_type,
            "file": self.file,
            "filename": self.filename,
            "sheet_name": self.sheet_name,
            "header_row": self.header_row,
            "existing_policy": self.existing_policy,
            "create_missing_partners": self.create_missing_partners,
            "error_policy": self.error_policy,
            "date_order": self.date_order,
            "decimal_separator": self.decimal_separator,
            "datetime_utc": self.datetime_utc,
            "create_past_activities": self.create_past_activities,
        }

    def _queue(self, run, headers, rows, mapping):
        """A big file: queued for the scheduled job, with what a chunk of it cannot tell
        alone (read here, from all its rows); the import record shows the progress."""
        Job = self.env["crm.contract.import.job"]
        job = Job.sudo().create(
            dict(
                self._job_values(),
                background=True,
                state="queued",
                headers=headers,
                mapping=mapping,
                presets=run.file_presets(),
                row_count=len(rows),
            )
        )
        Job._queue_trigger()
        self.write({"job_id": job.id, "row_count": len(rows)})
        return {
            "type": "ir.actions.act_window",
            "res_model": Job._name,
            "res_id": job.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _record_history(self, run):
        """The import record of an import done in the request."""
        written = self.created_count or self.updated_count
        created = run.created_records.ids if written else []
        updated = (run.written - run.created_records).ids if written else []
        failed = self.error_count and self.error_policy == "all"
        vals = dict(
            self._job_values(),
            state="failed" if failed else "done",
            row_count=self.row_count,
            rows_done=self.row_count,
            created_count=self.created_count,
            updated_count=self.updated_count,
            skipped_count=self.skipped_count,
            error_count=self.error_count,
            date_done=fields.Datetime.now(),
            result_summary=self.result_summary,
            error_file=self.error_file,
            error_filename=self.error_filename,
            error_line_ids=[
                fields.Command.create(
                    {"row": e.row, "column": e.column, "value": e.value, "message": e.message}
                )
                for e in self.error_line_ids
            ],
        )
        self.job_id = self.env["crm.contract.import.job"].sudo().create(vals)
        self.job_id._link_records(run.model.browse(created), updated)

    def _write_result(self, run, dry_run, headers, rows):
        failed_rows = {error[0] for error in run.errors}
        written = not dry_run and not (run.errors and self.error_policy == "all")
        created = run.created if written or dry_run else 0
        updated = run.updated if written or dry_run else 0
        self.error_line_ids.unlink()
        self.write(
            {
                "state": "done",
                "dry_run": dry_run,
                "row_count": len(rows),
                "created_count": created,
                "updated_count": updated,
                "skipped_count": run.skipped,
                "error_count": len(failed_rows),
                "result_summary": " ".join(
                    [
                        self.env._(
                            "%(rows)s rows read: %(created)s created, %(updated)s updated, "
                            "%(skipped)s skipped, %(failed)s failed.",
                            rows=len(rows),
                            created=created,
                            updated=updated,
                            skipped=run.skipped,
                            failed=len(failed_rows),
                        ),
                        *self._result_notes(run, written),
                    ]
                ),
                "result_ids": ",".join(str(i) for i in run.written.ids)
                if written and run.written
                else False,
                "error_line_ids": error_line_commands(run.errors),
                "error_file": build_error_file(
                    self.env, headers, dict(rows), run.errors, failed_rows
                ),
                "error_filename": self._error_filename() if failed_rows else False,
            }
        )

    def _result_notes(self, run, written):
        """Sentences appended to the import result, e.g. by bridge addons.

        ``run`` is the finished import run; ``written`` says whether its records were
        kept (``run.written`` can then be read); in a test run or an all-or-nothing
        import that failed they were rolled back. Returns a list of translated sentences.
        """
        return []

    def _error_filename(self):
        stem = (self.filename or "import").rsplit(".", 1)[0]
        return f"{stem}-errors.xlsx"
