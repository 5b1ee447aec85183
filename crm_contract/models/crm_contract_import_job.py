"""Import records: every import of contracts or follow-up records, and its run.

The wizard (``crm.contract.import``) reads the file and matches its columns, then creates
an import record here, which runs the import: in the request (a test run, or a file up to
the setting's threshold: validated and written in one savepoint, rolled back for a test
run or when "import nothing" meets a problem) or in the background (a bigger file: one
scheduled job, ``ir.cron``, imports the queued files a chunk at a time, committing each
chunk together with the position reached, so that after a restart it goes on after the
last committed chunk). The import record keeps the options, the counts, the state, the
problems, the file of failed rows and the result; "Undo Import" deletes what it created.
Test runs are kept a day, out of the history.

The records an import creates carry it (``import_job_id``, set at their creation), the
contracts it updates get a line each: a chunk costs the same whatever was imported before
it. The data rows of a queued file are read once into a data file of the job, which each
chunk reads on from where the last one stopped. An import runs under a PostgreSQL advisory
lock of its own (``_import_lock``, kept through the chunks' commits): two cron threads, two
servers or Run Manually never run the same import at once, and the session that takes the
lock starts a new transaction first, so that it goes on from the last chunk committed.

The engine is plain Python (``tools/importer``): the job gives it its options
(``_import_options``), what the imported model knows of its import (``_import_knowledge``)
and the environment to run in (``_import_env_job``, the one hook of bridge addons).
"""

import base64
import threading
import time
from datetime import timedelta
from itertools import islice

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.base.models.ir_cron import MAX_BATCH_PER_CRON_JOB
from odoo.osv import expression
from odoo.tools import config

from ..tools.guards import count_text
from ..tools.importer.data_rows import DataRows
from ..tools.importer.error_file import build_error_file, error_line_commands
from ..tools.importer.footers import footer_note
from ..tools.importer.reader import Sheet, iter_sheet_rows
from ..tools.importer.rows import ImportRun
from ..tools.settings import get_setting
from .crm_contract_batch_mixin import RETRY_ATTEMPTS, RETRYABLE_ERRORS

# The first chunk of a call; then chunks of about CHUNK_SECONDS (at most the chunk rows).
FIRST_CHUNK_ROWS = 200
CHUNK_SECONDS = 2.0
# The share of the cron time limit the import's calls of one cron run may use.
CRON_SHARE = 0.7
# Test runs are kept this long (their result is shown by the wizard), out of the history.
TEST_RUN_KEEP = timedelta(days=1)
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Rollback(Exception):
    """Raised inside the write savepoint to undo a test run or a failed import."""


class CrmContractImportJob(models.Model):
    _name = "crm.contract.import.job"
    _description = "Contract Import"
    _inherit = ["crm.contract.import.options", "mail.thread", "crm.contract.batch.mixin"]
    _order = "id desc"
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Imported By",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    background = fields.Boolean(
        string="In the Background",
        readonly=True,
        help="Imported by the scheduled job, a chunk at a time, rather than in the request.",
    )
    state = fields.Selection(
        [
            ("queued", "Waiting"),
            ("running", "In Progress"),
            ("done", "Done"),
            ("failed", "Nothing Imported"),
            ("undone", "Undone"),
            ("test", "Test Run"),
        ],
        required=True,
        readonly=True,
        default="queued",
        tracking=True,
    )
    file = fields.Binary(readonly=True, attachment=True)
    filename = fields.Char(string="File Name", readonly=True)
    sheet_name = fields.Char(string="Sheet", readonly=True)
    header_row = fields.Integer(readonly=True)
    headers = fields.Json(readonly=True)
    mapping = fields.Json(readonly=True, help="Field name: column of the file (from 0).")
    presets = fields.Json(readonly=True, help="What was read from the whole file at queueing.")
    row_count = fields.Integer(string="Rows", readonly=True)
    rows_checked = fields.Integer(
        readonly=True, help="Rows checked by the validation pass of an all-or-nothing import."
    )
    rows_done = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress", help="Rows done, in percent.")
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    skipped_count = fields.Integer(string="Skipped", readonly=True)
    error_count = fields.Integer(string="Failed", readonly=True)
    date_done = fields.Datetime(string="Finished On", readonly=True, copy=False)
    result_summary = fields.Text(string="Result", readonly=True)
    error_line_ids = fields.One2many(
        "crm.contract.import.job.error", "job_id", string="Problems", readonly=True
    )
    error_file = fields.Binary(string="Rows with Problems", readonly=True, attachment=True)
    error_filename = fields.Char(readonly=True)
    # What the import created: the records whose "Import" is this one, set when they are
    # created (a Many2many written at each chunk read all its links again: quadratic).
    contract_ids = fields.One2many(
        "crm.contract",
        "import_job_id",
        string="Created Contracts",
        readonly=True,
        context={"active_test": False},
    )
    followup_ids = fields.One2many(
        "crm.contract.followup", "import_job_id", string="Created Follow-ups", readonly=True
    )
    update_ids = fields.One2many(
        "crm.contract.import.job.update", "job_id", string="Contract Updates", readonly=True
    )
    updated_contract_ids = fields.Many2many(
        "crm.contract", compute="_compute_updated_contract_ids", string="Updated Contracts"
    )
    # The data rows of the file, read once (JSON lines: [row number, cells]), and where
    # the current pass stands in them: a chunk reads on from there (an xlsx file has no
    # position to go back to, and reading it again takes seconds).
    data_file = fields.Binary(
        string="Rows to Import",
        readonly=True,
        attachment=True,
        copy=False,
        help="Technical: the data rows of the file, read once; deleted at the end.",
    )
    data_offset = fields.Integer(
        string="Position in the Rows",
        readonly=True,
        copy=False,
        help="Technical: where the last chunk stopped in the rows to import (bytes).",
    )
    data_offset_rows = fields.Integer(
        string="Rows Before the Position",
        readonly=True,
        copy=False,
        help="Technical: the rows of the current pass before that position.",
    )

    @api.depends("filename", "import_type")
    def _compute_name(self):
        labels = dict(self._fields["import_type"]._description_selection(self.env))
        for job in self:
            job.name = job.filename or labels.get(job.import_type) or ""

    @api.depends("update_ids.contract_id")
    def _compute_updated_contract_ids(self):
        Contract = self.env["crm.contract"].with_context(active_test=False)
        updated = {job: job.sudo().update_ids.contract_id.ids for job in self}
        all_ids = {i for ids in updated.values() for i in ids}
        # the contracts the current user may read, as a Many2many reads them (one search)
        readable = set(Contract.search([("id", "in", list(all_ids))]).ids) if all_ids else set()
        for job, ids in updated.items():
            job.updated_contract_ids = Contract.browse([i for i in ids if i in readable])

    @api.depends(
        "row_count",
        "rows_done",
        "rows_checked",
        "error_policy",
        "background",
        "state",
        "created_count",
        "updated_count",
    )
    def _compute_progress(self):
        for job in self:
            over = job.state in ("done", "undone", "test")
            if over or not job.row_count:
                # a full bar only for an import that wrote something (not a test run, nor
                # an import whose every row was skipped or failed)
                wrote = job.state != "test" and (job.created_count or job.updated_count)
                job.progress = 100.0 if over and wrote else 0.0
            elif job.error_policy == "all" and job.background:
                job.progress = 50.0 * (job.rows_checked + job.rows_done) / job.row_count
            else:
                job.progress = 100.0 * job.rows_done / job.row_count

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_download_errors(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self._error_file_url(),
            "target": "download",
        }

    def action_view_records(self):
        """The records this import created (and the contracts it updated)."""
        self.ensure_one()
        self.check_access("read")
        is_contract = self.import_type == "contract"
        domain = [("import_job_id", "=", self.id)]
        if is_contract:
            updated = self.sudo().updated_contract_ids.ids
            domain = expression.OR([domain, [("id", "in", updated)]]) if updated else domain
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported by %(import)s", **{"import": self.display_name}),
            "res_model": "crm.contract" if is_contract else "crm.contract.followup",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "target": "current",
        }

    def _error_file_url(self):
        return (
            f"/web/content/crm.contract.import.job/{self.id}/error_file/"
            f"{self.error_filename}?download=true&mimetype={XLSX_MIMETYPE}"
        )

    def _form_action(self):
        """This import record, opened in the main window."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------

    @api.model
    def _cron_process_imports(self, max_chunks=None):
        """Import queued files a chunk at a time until this call's time is up, then
        report the progress; ``ir.cron`` calls again while rows remain. Each import runs
        under a lock of its own (``_import_lock``): an import already running in another
        session (another cron thread or server, Run Manually) is left to it, and Run
        Manually is told so when that leaves it nothing to do."""
        deadline = self._call_deadline()
        done = 0
        elsewhere = []
        imported = False
        while True:
            job = self.search(
                [("state", "in", ("queued", "running")), ("id", "not in", elsewhere)],
                order="id",
                limit=1,
            )
            if not job:
                break
            if not self._try_job_lock(job._import_lock()):
                elsewhere.append(job.id)
                continue
            try:
                job = job._fresh_under_lock()
                if job.state in ("queued", "running"):
                    imported = True
                    done += job._process(deadline, max_chunks)
            finally:
                self._release_job_lock(job._import_lock())
            if time.time() >= deadline or max_chunks:
                break
        if elsewhere and not imported:
            running = self.browse(elsewhere)
            self._job_runs_elsewhere(
                "imports",
                self.env._(
                    "The import %(names)s is already running, on this server or another one: "
                    "it was not started again. Its result shows on the import once it ends.",
                    names=", ".join(running.sudo().mapped("display_name")),
                ),
            )
        remaining = sum(
            job._rows_remaining()
            for job in self.search(
                [("state", "in", ("queued", "running")), ("id", "not in", elsewhere)]
            )
        )
        self._cron_progress(done, remaining)
        if remaining:
            # wakes a cron worker at once after this run (rather than at its next poll)
            self._queue_trigger()
        return remaining

    def _import_lock(self):
        """The name of the lock under which this import runs (``_run_job``'s locks)."""
        self.ensure_one()
        return f"import {self.id}"

    def _fresh_under_lock(self):
        """This import as committed by the session that ran it last: the lock taken, the
        transaction starts again (outside tests), so that its snapshot holds every chunk
        committed before the lock was released (and no row is imported twice)."""
        if self._cron_commits():
            self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env.invalidate_all()
        return self

    @api.model
    def _call_deadline(self):
        """When this call stops taking new chunks: ``ir.cron`` calls a job up to
        MAX_BATCH_PER_CRON_JOB times in one run, all within limit_time_real_cron (by
        default limit_time_real, 120 s), so each call gets a share of it, and never
        more than the time left of the cron thread's run."""
        limit = config.get("limit_time_real_cron") or 0
        if limit < 0:
            limit = config.get("limit_time_real") or 0
        if limit <= 0:
            limit = 120
        deadline = time.time() + limit * CRON_SHARE / MAX_BATCH_PER_CRON_JOB
        started = getattr(threading.current_thread(), "start_time", None)
        if started:
            # past it, a call imports one first (small) chunk only: it still reports some
            # progress, so that ir.cron keeps its trigger and starts a new run at once
            deadline = min(deadline, started + limit * CRON_SHARE)
        return deadline

    @api.model
    def _cron_cleanup(self):
        """Import records older than the setting (and their files) are deleted, test runs
        after a day; what they created stays. Returns how many were deleted."""
        days = get_setting(self.env, "import_keep_days")
        now = fields.Datetime.now()
        limit = now - timedelta(days=max(days, 1))

        def pick():
            return self.search(
                expression.OR(
                    [
                        [("create_date", "<", limit), ("state", "not in", ("queued", "running"))],
                        [("create_date", "<", now - TEST_RUN_KEEP), ("state", "=", "test")],
                    ]
                ),
                order="id",
            )

        def delete(batch):
            batch._lock_rows().unlink()

        deleted = self._run_job(
            "import cleanup",
            pick,
            delete,
            cron="crm_contract.ir_cron_crm_contract_import_cleanup",
        )
        return len(deleted)

    # ------------------------------------------------------------------
    # Processing
    # ------------------------------------------------------------------

    def _rows_remaining(self):
        self.ensure_one()
        if self.error_policy == "all" and self.background:
            return 2 * self.row_count - self.rows_checked - self.rows_done
        return self.row_count - self.rows_done

    def _checking(self):
        return self.error_policy == "all" and self.rows_checked < self.row_count

    def _process(self, deadline, max_chunks=None):
        """Chunks of this job until the deadline: returns the rows processed. Each
        chunk commits with the position reached (in a test, savepoints only)."""
        self.ensure_one()
        if self.state == "queued":
            self.write({"state": "running"})
        done = 0
        chunks = 0
        conflicts = 0
        while self.state == "running":
            checking = self._checking()
            position = self.rows_checked if checking else self.rows_done
            rows_iter = self._data_rows(position)
            max_rows = get_setting(self.env, "import_chunk_rows")
            size = min(max_rows, FIRST_CHUNK_ROWS)
            finished = True
            continued = set((self.presets or {}).get("line_rows") or ())
            while chunk := list(islice(rows_iter, size)):
                # a chunk ends with the last line of its last contract
                chunk += rows_iter.take_while(continued.__contains__, str)
                started = time.time()
                try:
                    with self.env.cr.savepoint():
                        self._process_chunk(chunk, checking)
                except RETRYABLE_ERRORS as exc:
                    # another transaction (another import, a user) met on the same rows:
                    # the chunk again, in a new transaction, from the position committed
                    conflicts += 1
                    if conflicts >= RETRY_ATTEMPTS or not self._cron_commits():
                        self.env.invalidate_all()
                        self._fail(str(exc.args[0] if exc.args else exc))
                        self._commit(done)
                        return done
                    self._retry_in_new_transaction(exc, conflicts, f"Import {self.id}")
                    finished = False
                    break
                except Exception as exc:  # noqa: BLE001  (reported on the import record)
                    self.env.invalidate_all()
                    self._fail(str(exc.args[0] if exc.args else exc))
                    self._commit(done)
                    return done
                conflicts = 0
                done += len(chunk)
                self.write(
                    {
                        "data_offset": rows_iter.offset,
                        "data_offset_rows": self.rows_checked if checking else self.rows_done,
                    }
                )
                self._commit(done)
                chunks += 1
                seconds = max(time.time() - started, 0.001)
                # chunks of about CHUNK_SECONDS at the speed just measured
                size = max(min(max_rows, int(len(chunk) * CHUNK_SECONDS / seconds)), 1)
                if (max_chunks and chunks >= max_chunks) or (
                    time.time() + seconds * size / len(chunk) > deadline
                ):
                    finished = False
                    break
            if not finished:
                if conflicts:
                    continue  # the chunk again, from the position committed
                break
            self._end_pass(checking)
            self._commit(done)
        return done

    def _end_pass(self, checking):
        """All the rows went through the current pass: validation done (write, or fail
        when a row has a problem), or writing done."""
        # the file may hold fewer data rows than counted (read again): the pass ends here
        if checking:
            self.rows_checked = self.row_count
            if self.error_count:
                self._finish("failed")
            return
        self.rows_done = self.row_count
        self._finish("done")

    def _commit(self, done):
        """The cron commits each chunk (as Odoo's own batched jobs do); under the test
        runner the transaction belongs to the test."""
        self._cron_progress(done, self._rows_remaining(), commit=True)

    def _data_rows(self, start):
        """(row number, cells) of the data rows of the file after the first ``start``
        ones, read one at a time from the job's data file, from the position the last
        chunk reached when it is ``start`` (``.offset``: where the rows read end)."""
        raw = self._data_file_raw()
        offset = self.data_offset if start and self.data_offset_rows == start else 0
        return DataRows(raw, offset, 0 if offset else start)

    def _data_file_raw(self):
        """The job's data file, written from the import file at its first call."""
        attachment = self._attachment("data_file")
        if attachment:
            return attachment.raw
        raw = b"".join(
            DataRows.line(rowno, cells)
            for rowno, cells in iter_sheet_rows(
                self._attachment("file").raw or b"", self.filename, self.sheet_name, self.encoding
            )
            if rowno > self.header_row and any((c or "").strip() for c in cells)
        )
        self.write({"data_file": base64.b64encode(raw), "data_offset": 0, "data_offset_rows": 0})
        return raw

    def _attachment(self, fname):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", fname),
                    ("res_id", "=", self.id),
                ],
                limit=1,
            )
        )

    def _import_env_job(self):
        """The job as its import runs: with its user's rights and company (in the
        background, also their language and time zone; in the request, the request's).
        The engine reads and writes in this environment: bridge addons add their context
        markers here, for the request and the background alike."""
        user = self.user_id
        job = self.with_user(user).with_company(self.company_id)
        if self.background:
            job = job.with_context(lang=user.lang, tz=user.tz)
        return job

    def _new_run(self, rows, sheet=None):
        """An engine run over ``rows`` ([(row number, cells)]) of this import's file;
        ``sheet``: the sheet read in the request (the background reads its facts from the
        presets)."""
        presets = self.presets or {}
        if sheet is None:
            sheet = Sheet(self.sheet_name or "", [])
            sheet.formulas_without_value = set(presets.get("formulas_without_value", []))
        mapping = {fname: int(index) for fname, index in (self.mapping or {}).items()}
        job = self._import_env_job()
        return ImportRun(
            job.env,
            self._import_options(),
            job.env[self.res_model]._import_knowledge(),
            self.headers or [],
            rows,
            mapping,
            sheet,
            presets,
            job=job,
        )

    def _run_now(self, rows, sheet, dry_run=False):
        """The import in the request (a test run with ``dry_run``): every row validated,
        the valid ones written, even in a test run or when other rows failed, so that the
        database's own refusals are reported too; then all of it undone for a test run or
        when "import nothing" met a problem."""
        self.ensure_one()
        run = self._new_run(rows, sheet)
        run.validate()
        try:
            with self.env.cr.savepoint():
                run.write_rows()
                if dry_run or (run.errors and self.error_policy == "all"):
                    raise _Rollback
        except _Rollback:
            self.env.invalidate_all()
        failed = bool(run.errors) and self.error_policy == "all"
        written = not dry_run and not failed
        counted = written or dry_run
        job = self.with_context(mail_notrack=True)
        job.write(
            {
                "rows_done": self.row_count,
                "created_count": run.created if counted else 0,
                "updated_count": run.updated if counted else 0,
                "skipped_count": run.skipped,
                "error_count": len({error[0] for error in run.errors}),
                "error_line_ids": error_line_commands(run.errors),
            }
        )
        if written:
            self._add_updated((run.written - run.created_records).ids)
        state = "test" if dry_run else ("failed" if failed else "done")
        job._finish(state, run, dict(rows))
        return run

    def _queue(self, rows, sheet):
        """A big file: queued for the scheduled job, with what a chunk of it cannot tell
        alone, read here from all its rows."""
        self.ensure_one()
        self.presets = self._new_run(rows, sheet).file_presets()
        self._queue_trigger()

    def _process_chunk(self, rows, checking):
        run = self._new_run(rows)
        run.validate()
        if checking:
            self._add_errors(run)
            self.rows_checked += len(rows)
            return
        run.write_rows()
        self._add_errors(run)
        vals = {
            "rows_done": self.rows_done + len(rows),
            "created_count": self.created_count + run.created,
            "updated_count": self.updated_count + run.updated,
            "skipped_count": self.skipped_count + run.skipped,
        }
        # the records created carry the import (set by the writer); the contracts updated
        # get a line each
        self._add_updated((run.written - run.created_records).ids)
        self.write(vals)

    def _add_updated(self, contract_ids):
        if contract_ids:
            self.env["crm.contract.import.job.update"].sudo().create(
                [{"job_id": self.id, "contract_id": contract_id} for contract_id in contract_ids]
            )

    def _add_errors(self, run):
        if not run.errors:
            return
        self.write(
            {
                "error_count": self.error_count + len({error[0] for error in run.errors}),
                "error_line_ids": error_line_commands(run.errors),
            }
        )

    def _fail(self, message):
        self.write(
            {
                "state": "failed",
                "date_done": fields.Datetime.now(),
                "result_summary": self.env._(
                    "The import stopped: %(error)s. Rows written before stay.", error=message
                ),
                "data_file": False,
            }
        )
        self._notify_user()

    def _finish(self, state, run=None, rows_by_number=None):
        """The end of the import: its state, the result, the file of failed rows; the
        user of a background import is notified. ``run``: the run of an import done in
        the request, whose rows ({row number: cells}) are ``rows_by_number``; a
        background import reads its failed rows again from its data file."""
        if run:
            errors = run.errors
        else:
            errors = [(e.row, e.column, e.value, e.message) for e in self.error_line_ids]
        failed_rows = {error[0] for error in errors}
        if rows_by_number is None:
            rows_by_number = {}
            if failed_rows:
                for rowno, cells in self._data_rows(0):
                    if rowno in failed_rows:
                        rows_by_number[rowno] = cells
        self.write(
            {
                "state": state,
                "date_done": fields.Datetime.now(),
                "result_summary": self._summary(state, run),
                "error_file": build_error_file(
                    self.env, self.headers or [], rows_by_number, errors, failed_rows
                ),
                "error_filename": self._error_filename() if failed_rows else False,
                "data_file": False,
            }
        )
        if self.background:
            self._notify_user()

    def _summary(self, state, run=None):
        """The result sentence, in the importing user's language, and the notes of
        ``_result_notes``."""
        job = self._import_env_job()
        env = job.env
        sentences = [
            env._(
                "%(rows)s rows read: %(created)s created, %(updated)s updated, "
                "%(skipped)s skipped, %(failed)s failed.",
                rows=count_text(env, self.row_count),
                created=count_text(env, self.created_count),
                updated=count_text(env, self.updated_count),
                skipped=count_text(env, self.skipped_count),
                failed=count_text(env, self.error_count),
            )
        ]
        if state == "failed" and self.background:
            sentences.append(
                env._("Some rows have problems, so nothing was imported (Import nothing).")
            )
        footers = run.footers if run else (self.presets or {}).get("footer_rows", {}).items()
        if footers:
            sentences.append(footer_note(env, footers))
        return " ".join([*sentences, *job._result_notes(run, self._kept_records(state))])

    def _kept_records(self, state):
        """The records the import wrote and kept: those it created and the contracts it
        updated (none unless it is done: a test run or a failed import rolled back)."""
        model = self.env[self.res_model].sudo()
        if state != "done":
            return model
        job = self.sudo()
        if self.import_type == "contract":
            return model.browse(job.contract_ids.ids + job.update_ids.contract_id.ids)
        return model.browse(job.followup_ids.ids)

    def _result_notes(self, run, records):
        """Sentences appended to the result, e.g. by bridge addons; a list of translated
        sentences. Called once, at the end of the import, in the importing user's
        environment: ``run`` is the engine's run of an import done in the request (test
        runs included: ``run.row_values()`` gives the values of its rows), None for a
        background import; ``records`` are the records the import wrote and kept (none
        after a test run or a failed import)."""
        return []

    def _error_filename(self):
        stem = (self.filename or "import").rsplit(".", 1)[0]
        return f"{stem}-errors.xlsx"

    def _notify_user(self):
        """A message in the user's inbox (with the counts and links to the import and
        its error file) and a notification on their screen."""
        env = self._import_env_job().env
        link = Markup('<a href="/odoo/crm.contract.import.job/%s">%s</a>') % (self.id, self.name)
        body = Markup("<p>%s</p><p>%s</p>") % (
            env._("Import %(import)s finished.", **{"import": link}),
            self.result_summary or "",
        )
        if self.error_file:
            body += Markup('<p><a href="%s">%s</a></p>') % (
                self._error_file_url(),
                env._("Download the rows with problems"),
            )
        self.message_notify(
            partner_ids=self.user_id.partner_id.ids,
            subject=env._("Import %(import)s finished", **{"import": self.name}),
            body=body,
        )
        self.user_id._bus_send(
            "simple_notification",
            {
                "type": "success" if self.state == "done" and not self.error_count else "warning",
                "title": env._("Import %(import)s finished", **{"import": self.name}),
                "message": self.result_summary or "",
            },
        )

    # ------------------------------------------------------------------
    # Queueing
    # ------------------------------------------------------------------

    @api.model
    def _queue_trigger(self):
        self.env.ref("crm_contract.ir_cron_crm_contract_import").sudo()._trigger()
