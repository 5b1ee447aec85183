"""The batch runner of the addon's scheduled jobs (contracts, instalments, import jobs).

A job hands it the records to process and what to do with a batch of them: the records are
cut with ``odoo.tools.split_every``, each batch runs in a savepoint and is committed
(outside tests), and the progress is reported to the scheduler with
``ir.cron._notify_progress``. When a batch fails, its records run one by one: a record that
fails is logged, noted on the record for the administrators (``_note_cron_failure``) and
skipped; the others go on."""

import logging
import threading

from odoo import api, models
from odoo.tools import split_every

_logger = logging.getLogger(__name__)

CRON_BATCH_SIZE = 200


def cron_auto_commit():
    """Scheduled jobs commit each batch, except in tests (as res.users.deletion does)."""
    return not getattr(threading.current_thread(), "testing", False)


class CrmContractBatchMixin(models.AbstractModel):
    _name = "crm.contract.batch.mixin"
    _description = "Scheduled Job in Batches"

    @api.model
    def _run_in_batches(self, records, process, what, size=CRON_BATCH_SIZE):
        """Run ``process`` (on a recordset) over ``records``, ``size`` records at a time:
        each batch is committed (outside tests) and reported to the scheduler's progress.
        Returns the records that failed."""
        remaining = len(records)
        self._cron_progress(0, remaining)
        done = 0
        failed = []
        batches = split_every(
            size, records._ids, lambda ids: records.browse(ids).with_prefetch(records._prefetch_ids)
        )
        for batch in batches:
            if not self._run_protected(process, batch):
                for record in batch:
                    error = self._run_protected(process, record, raise_error=False)
                    if error is not True:
                        failed.append(record)
                        _logger.error("Scheduled job %s skipped %s: %s", what, record, error)
                        record._note_cron_failure(what, error)
            done += len(batch)
            remaining -= len(batch)
            self._cron_progress(done, remaining, commit=True)
        return failed

    @api.model
    def _cron_progress(self, done, remaining, commit=False):
        """Report the progress to the scheduler; with ``commit``, keep the work done so far
        (each batch of a scheduled job is kept, whatever happens to the next ones), except
        under the test runner, where the transaction belongs to the test."""
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if commit and cron_auto_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _run_protected(self, process, records, raise_error=True):
        try:
            with self.env.cr.savepoint():
                process(records)
                self.env.flush_all()
        except Exception as exc:  # noqa: BLE001  (one record must not stop the job)
            self.env.invalidate_all()
            return False if raise_error else exc
        return True

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
