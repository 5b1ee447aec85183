"""The batch runner of the addon's scheduled jobs (contracts, instalments; the import job
reports its progress and commits its chunks through ``_cron_progress``).

A job runs under a lock of its own (``_run_job``): a PostgreSQL session-level advisory lock
named after the job, which survives the job's commits and is always released at the end; a
second run of the same job while the first holds it (another cron thread, another server)
returns at once; Run Manually is refused with a message saying it is already running. The
job hands the runner the records to process and what to do with a batch of them: the records
are cut with ``odoo.tools.split_every``, each batch runs in a savepoint and is committed
(outside tests), and the progress is reported to the scheduler with
``ir.cron._notify_progress``.

A batch that meets another transaction (serialization failure, deadlock, lock timeout,
unique violation) is run again in a new transaction: the batches before it are committed,
the transaction is rolled back, the cache invalidated, and after a short random pause the
batch runs again, a few times (``RETRY_ATTEMPTS``). A batch that fails for another reason,
or keeps conflicting, runs record by record (each record retried the same way): a record
that fails for its own data is logged, noted on the record for the administrators
(``_note_cron_failure``) and skipped; one that still meets another transaction is left as it
is, and the job's scheduled action is triggered to run again at once (the record is still
due: the next call picks it). The others go on. Under the test runner nothing is committed
nor rolled back (the transaction belongs to the test): a failed batch runs record by record
in savepoints.

A job's ``process`` locks the rows it changes (``_lock_rows``) and checks again, once they
are locked, that the work is still to do (a reminder not already made): under Odoo's
REPEATABLE READ, a row changed by a transaction committed since this one began makes the
lock fail with a serialization failure, and the batch runs again on a fresh snapshot."""

import hashlib
import logging
import random
import time
from datetime import datetime, timedelta

from psycopg2 import errors as pg_errors
from psycopg2.extensions import TRANSACTION_STATUS_INERROR

from odoo import api, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import SQL, split_every

from ..tools.guards import cron_auto_commit
from .ir_cron import already_running_message

_logger = logging.getLogger(__name__)

CRON_BATCH_SIZE = 200
# The lock the daily jobs take turns with; how long Run Manually waits for it, and when a
# scheduled job that found it taken is called again.
TURN_LOCK = "daily jobs"
TURN_WAIT = "60s"
TURN_RETRY = timedelta(minutes=1)
# Errors of a transaction meeting another one: the batch is run again in a new transaction.
RETRYABLE_ERRORS = (
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.LockNotAvailable,
    pg_errors.UniqueViolation,
)
RETRY_ATTEMPTS = 5
RETRY_PAUSE = 0.2  # seconds: the pause before attempt n is random, up to n times this


def job_lock_key(job):
    """The key of the advisory lock of a scheduled job (a signed 64-bit integer)."""
    digest = hashlib.sha256(f"crm_contract job: {job}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class CrmContractBatchMixin(models.AbstractModel):
    _name = "crm.contract.batch.mixin"
    _description = "Scheduled Job in Batches"

    # ------------------------------------------------------------------
    # The job's lock
    # ------------------------------------------------------------------

    @api.model
    def _run_job(self, job, pick, process, what=None, size=CRON_BATCH_SIZE, cron=None):
        """Run the scheduled job ``job`` under its lock: ``pick()`` returns the records due,
        ``process`` runs over them in batches (``_run_in_batches``; ``what`` names the job
        in the notes of the records skipped, ``job`` by default; ``cron``, the xmlid of the
        scheduled action, is called again at once when records were left for a conflict,
        and in a minute when another daily job had the turn). The daily jobs take turns
        (``_take_turn``). Returns the records picked, or none when the job already runs
        elsewhere (Run Manually is then refused with a message) or waits for its turn."""
        if not self._try_job_lock(job):
            self._job_runs_elsewhere(job)
            return self.browse()
        try:
            if not self._take_turn(job, cron):
                return self.browse()
            try:
                records = pick()
                self._run_in_batches(records, process, what or job, size=size, cron=cron)
                return records
            finally:
                self._release_job_lock(TURN_LOCK)
        finally:
            self._release_job_lock(job)

    @api.model
    def _take_turn(self, job, cron=None):
        """Take the turn of the daily jobs: they change the same contracts (their followers,
        activities and totals), so they run one after the other, on any number of cron
        threads and servers, each on a snapshot taken once the one before committed (a
        new transaction starts once the turn is taken). A job waits for its turn up to
        TURN_WAIT (within the cron time limit); past it, a scheduled run is called again in
        a minute, and Run Manually is told to try again. False when the turn was not
        taken."""
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute(SQL("SET LOCAL lock_timeout = %s", TURN_WAIT))
                cr.execute(
                    SQL("SELECT pg_advisory_lock(%s)", job_lock_key(TURN_LOCK)),
                    log_exceptions=False,
                )
        except pg_errors.LockNotAvailable:
            if request:
                raise UserError(
                    self.env._(
                        "The other daily jobs of contracts are running: this one waits for "
                        "them. Try again in a few minutes."
                    )
                ) from None
            _logger.info("Scheduled job %s waited for the other daily jobs: called again", job)
            if cron:
                self.env.ref(cron).sudo()._trigger(at=datetime.now() + TURN_RETRY)
            return False
        if self._cron_commits():
            cr.commit()  # pylint: disable=invalid-commit
        self.env.invalidate_all()
        return True

    @api.model
    def _job_runs_elsewhere(self, job, message=None):
        """The job ``job`` already runs in another session: a scheduled run just returns
        (the other one does the work); Run Manually (a web request) is told so."""
        _logger.info("Scheduled job %s already runs elsewhere: nothing done here", job)
        if request:
            raise UserError(message or already_running_message(self.env))

    @api.model
    def _try_job_lock(self, job):
        """Take the session-level advisory lock of ``job``: kept through the job's commits
        and rollbacks, until released. False when another session holds it."""
        self.env.cr.execute(SQL("SELECT pg_try_advisory_lock(%s)", job_lock_key(job)))
        return self.env.cr.fetchone()[0]

    @api.model
    def _release_job_lock(self, job):
        cr = self.env.cr
        if cr._cnx.closed:
            return  # the connection is gone, and its session's locks with it
        if cr._cnx.get_transaction_status() == TRANSACTION_STATUS_INERROR and self._cron_commits():
            cr.rollback()  # the job failed: its work is lost anyway, the lock must go
        try:
            cr.execute(SQL("SELECT pg_advisory_unlock(%s)", job_lock_key(job)))
        except Exception:
            _logger.exception("Could not release the lock of the scheduled job %s", job)
            raise

    # ------------------------------------------------------------------
    # Batches
    # ------------------------------------------------------------------

    @api.model
    def _run_in_batches(self, records, process, what, size=CRON_BATCH_SIZE, cron=None):
        """Run ``process`` (on a recordset) over ``records``, ``size`` records at a time:
        each batch is committed (outside tests) and reported to the scheduler's progress; a
        batch meeting another transaction runs again in a new one. A record that still meets
        one after the last attempt is left as it is, for the job's next call, at once
        (``cron``); a record that fails for its own data is skipped and noted. Returns the
        records skipped."""
        remaining = len(records)
        self._cron_progress(0, remaining)
        done = 0
        failed = []
        left = []
        batches = split_every(
            size, records._ids, lambda ids: records.browse(ids).with_prefetch(records._prefetch_ids)
        )
        for batch in batches:
            if self._run_with_retries(process, batch, what) is not None:
                for record in batch:
                    error = self._run_with_retries(process, record, what)
                    if isinstance(error, RETRYABLE_ERRORS):
                        left.append(record)
                        _logger.warning(
                            "Scheduled job %s left %s for its next call: it kept meeting "
                            "another transaction (%s)",
                            what,
                            record,
                            type(error).__name__,
                        )
                    elif error is not None:
                        failed.append(record)
                        _logger.error("Scheduled job %s skipped %s: %s", what, record, error)
                        record._note_cron_failure(what, error)
                    self._commit_batch()
            done += len(batch)
            remaining -= len(batch)
            self._cron_progress(done, remaining, commit=True)
        if left and cron:
            self.env.ref(cron).sudo()._trigger()
            self._commit_batch()
        return failed

    @api.model
    def _cron_progress(self, done, remaining, commit=False):
        """Report the progress to the scheduler; with ``commit``, keep the work done so far
        (each batch of a scheduled job is kept, whatever happens to the next ones), except
        under the test runner, where the transaction belongs to the test."""
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if commit:
            self._commit_batch()

    @api.model
    def _cron_commits(self):
        """Whether the runner commits and rolls back the transaction (not under the test
        runner, where it belongs to the test)."""
        return cron_auto_commit()

    @api.model
    def _commit_batch(self):
        if self._cron_commits():
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _run_with_retries(self, process, records, what):
        """Run ``process`` on ``records`` in a savepoint; when it meets another transaction,
        again in a new transaction (what was done before is committed), a few times.
        Returns None when done, else the error."""
        for attempt in range(1, RETRY_ATTEMPTS + 1):
            try:
                with self.env.cr.savepoint():
                    process(records)
                    self.env.flush_all()
                return None
            except RETRYABLE_ERRORS as exc:
                if attempt == RETRY_ATTEMPTS or not self._cron_commits():
                    self.env.invalidate_all()
                    return exc
                records._retry_in_new_transaction(exc, attempt, f"Scheduled job {what}")
            except Exception as exc:  # noqa: BLE001  (one record must not stop the job)
                self.env.invalidate_all()
                return exc
        return None  # not reached

    def _retry_in_new_transaction(self, exc, attempt, what):
        """``exc`` (another transaction met) ended attempt ``attempt`` of the work on these
        records: what was done before it is already committed; the transaction is rolled
        back, the cache invalidated, and after a short random pause (longer at each
        attempt) the caller tries again on a new snapshot."""
        _logger.info(
            "%s met another transaction on %s (%s): attempt %s of %s in a new transaction",
            what,
            self,
            type(exc).__name__,
            attempt + 1,
            RETRY_ATTEMPTS,
        )
        self.env.cr.rollback()  # pylint: disable=invalid-commit
        self.env.invalidate_all()
        time.sleep(random.uniform(0, RETRY_PAUSE * attempt))  # noqa: S311

    def _lock_rows(self, skip_locked=False):
        """Lock the rows of these records (in id order, so that two transactions never
        wait for each other in a cycle) until the end of the transaction: whoever changes
        them at the same time waits (or, with ``skip_locked``, leaves them). Under REPEATABLE
        READ, a row changed by a transaction committed after this one began raises a
        serialization failure (the batch runner runs the batch again in a new transaction).
        Returns the records locked."""
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE%s",
                SQL.identifier(self._table),
                tuple(self.ids),
                SQL(" SKIP LOCKED") if skip_locked else SQL(),
            ),
            # a conflict here is expected and handled (the batch runs again): not an ERROR
            log_exceptions=False,
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _note_cron_failure(self, what, exc):
        """Tell the administrators, in the record's chatter, that a scheduled job skipped
        it (models without a chatter only log it)."""
        if not hasattr(self, "message_post"):
            return
        try:
            with self.env.cr.savepoint():
                self.sudo().message_post(
                    body=self.env._(
                        "Scheduled job %(job)s skipped this record: %(error)s",
                        job=what,
                        error=str(exc)[:500],
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        except Exception:  # noqa: BLE001
            _logger.exception("Could not note the failure on %s", self)
