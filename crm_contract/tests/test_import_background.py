"""Background imports: a file above the threshold is queued, then imported by
the scheduled job a chunk at a time, with its progress, the notification of the user and,
after a kill in the middle of a chunk, a resume with neither duplicates nor gaps."""

import base64
import threading
import time
from unittest.mock import patch

from psycopg2 import errors as pg_errors

import odoo
from odoo.exceptions import UserError
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from .common import ImportCase, committed_env, csv_bytes

HEADER = ["Contract Number", "Contract Name", "Customer", "Amount"]
FOLLOWUP_HEADER = ["Contract Number", "Follow-up Date", "Content"]


def contract_rows(prefix, count, bad=()):
    return [HEADER] + [
        [
            f"{prefix}-{i}",
            f"Background contract {i}",
            "Nobody Such Ltd" if i in bad else "Harbour Freight Ltd",
            str(100 + i),
        ]
        for i in range(1, count + 1)
    ]


class BackgroundCase(ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"]
        params.set_param("crm_contract.import_background_rows", 5)
        params.set_param("crm_contract.import_chunk_rows", 2)
        cls.Job = cls.env["crm.contract.import.job"]
        # the job takes the oldest waiting import first: none but the test's
        cls.Job.search([("state", "in", ("queued", "running"))]).write({"state": "failed"})

    def _queue(self, rows, user=None, **options):
        wizard = self._wizard(csv_bytes(rows), user=user or self.user_manager, **options)
        action = wizard.action_import()
        self.assertEqual(action["res_model"], "crm.contract.import.job")
        return self.Job.browse(action["res_id"])

    def _run_all(self):
        calls = 0
        while self.Job._cron_process_imports():
            calls += 1
            self.assertLess(calls, 50, "the job never ends")
        return calls


class TestBackgroundImport(BackgroundCase):
    def test_queued_then_processed_with_progress(self):
        cron = self.env.ref("crm_contract.ir_cron_crm_contract_import")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        job = self._queue(contract_rows("BG", 7), error_policy="valid")
        # queued: nothing written in the request, the scheduled job is triggered
        self.assertEqual((job.state, job.background, job.row_count), ("queued", True, 7))
        self.assertEqual(job.user_id, self.user_manager)
        self.assertFalse(self._contracts([f"BG-{i}" for i in range(1, 8)]))
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1
        )
        # one chunk of two rows, with ir.cron's progress record as the server gives it
        cron, progress = cron._add_progress()
        self.Job.with_context(ir_cron_progress_id=progress.id)._cron_process_imports(max_chunks=1)
        self.assertEqual((job.state, job.rows_done, job.created_count), ("running", 2, 2))
        self.assertAlmostEqual(job.progress, 100 * 2 / 7)
        self.assertEqual((progress.done, progress.remaining), (2, 5))
        self.assertEqual(len(self._contracts([f"BG-{i}" for i in range(1, 8)])), 2)
        self._run_all()
        contracts = self._contracts([f"BG-{i}" for i in range(1, 8)])
        self.assertEqual(len(contracts), 7)
        self.assertEqual(job.contract_ids, contracts)
        self.assertEqual(
            (job.state, job.rows_done, job.created_count, job.error_count, job.progress),
            ("done", 7, 7, 0, 100.0),
        )
        self.assertEqual(set(contracts.mapped("create_uid")), {self.user_manager})
        self.assertIn("7 rows read: 7 created", job.result_summary)
        # the user is told: a message in their inbox on the import record
        message = self.env["mail.message"].search(
            [("model", "=", job._name), ("res_id", "=", job.id)], limit=1
        )
        self.assertIn(self.user_manager.partner_id, message.partner_ids)
        self.assertIn("7 created", message.body)

    def test_valid_rows_and_error_file(self):
        job = self._queue(contract_rows("BGV", 7, bad={4}), error_policy="valid")
        self._run_all()
        self.assertEqual((job.state, job.created_count, job.error_count), ("done", 6, 1))
        self.assertEqual(job.error_line_ids.mapped("row"), [5])
        self.assertIn("Nobody Such Ltd", job.error_line_ids.message)
        self.assertTrue(job.error_file)
        self.assertEqual(job.error_filename, "contracts-errors.xlsx")
        message = self.env["mail.message"].search(
            [("model", "=", job._name), ("res_id", "=", job.id)], limit=1
        )
        self.assertIn("/error_file/contracts-errors.xlsx", message.body)

    def test_all_or_nothing_checks_the_whole_file_first(self):
        job = self._queue(contract_rows("BGA", 7, bad={6}), error_policy="all")
        self.Job._cron_process_imports(max_chunks=1)
        # the first pass only checks: nothing written yet
        self.assertEqual((job.rows_checked, job.rows_done, job.created_count), (2, 0, 0))
        self.assertAlmostEqual(job.progress, 50 * 2 / 7)
        self._run_all()
        self.assertEqual((job.state, job.rows_checked, job.rows_done), ("failed", 7, 0))
        self.assertEqual((job.created_count, job.error_count), (0, 1))
        self.assertFalse(self._contracts([f"BGA-{i}" for i in range(1, 8)]))
        self.assertIn("nothing was imported", job.result_summary)
        self.assertTrue(job.error_file)

    def test_all_or_nothing_without_problem_writes_everything(self):
        job = self._queue(contract_rows("BGO", 6), error_policy="all")
        self._run_all()
        self.assertEqual((job.state, job.rows_checked, job.rows_done), ("done", 6, 6))
        self.assertEqual(len(self._contracts([f"BGO-{i}" for i in range(1, 7)])), 6)

    def test_repeated_number_in_another_chunk(self):
        rows = contract_rows("BGR", 6)
        rows[6][0] = "BGR-1"  # row 7 repeats row 2, three chunks later
        job = self._queue(rows, error_policy="valid")
        self._run_all()
        self.assertEqual((job.created_count, job.updated_count, job.error_count), (5, 0, 1))
        self.assertEqual(job.error_line_ids.row, 7)
        self.assertIn("also on row 2", job.error_line_ids.message)

    def test_followups_in_the_background(self):
        contract = self._create_contract(number="BGF-1", user_id=self.user_own.id)
        rows = [FOLLOWUP_HEADER] + [
            ["BGF-1", f"2026-03-0{i} 10:00", f"Call number {i}"] for i in range(1, 8)
        ]
        job = self._queue(rows, user=self.user_own, import_type="followup")
        self._run_all()
        self.assertEqual((job.state, job.created_count), ("done", 7), job.result_summary)
        self.assertEqual(job.followup_ids, contract.followup_ids)
        self.assertEqual(set(contract.followup_ids.mapped("user_id")), {self.user_own})
        # the same file again: nothing created twice
        again = self._queue(rows, user=self.user_own, import_type="followup")
        self._run_all()
        self.assertEqual((again.created_count, again.skipped_count), (0, 7))

    def test_no_test_run_in_the_background(self):
        wizard = self._wizard(csv_bytes(contract_rows("BGT", 6)), user=self.user_manager)
        with self.assertRaises(UserError) as caught:
            wizard.action_test()
        self.assertIn("6 rows are imported in the background", str(caught.exception))
        self.assertFalse(self.Job.search([("filename", "=", "contracts.csv")]))

    def test_small_file_stays_in_the_request(self):
        wizard = self._wizard(csv_bytes(contract_rows("BGS", 5)), user=self.user_manager)
        action = wizard.action_import()
        self.assertEqual(action["res_model"], "crm.contract.import")
        self.assertEqual(wizard.created_count, 5)
        self.assertEqual((wizard.job_id.state, wizard.job_id.background), ("done", False))

    def test_rights_of_the_importing_user(self):
        """The job imports with the rights of the user who queued the file."""
        rows = contract_rows("BGU", 6)
        rows[0].append("Person in Charge")
        for row in rows[1:]:
            row.append("Oscar Own")
        job = self._queue(rows, user=self.user_own, error_policy="valid")
        self._run_all()
        self.assertEqual((job.created_count, job.error_count), (0, 6))
        self.assertIn("person in charge", job.error_line_ids[0].message)


@tagged("post_install", "-at_install")
class TestBackgroundResume(BaseCase):
    """Real commits: the job commits a chunk, is killed in the middle of the next one
    (its transaction is lost), and the next run goes on after the committed chunk."""

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(get_db_name())
        with committed_env(self.registry) as env:
            params = env["ir.config_parameter"]
            self.old_params = {
                key: params.get_param(key)
                for key in (
                    "crm_contract.import_background_rows",
                    "crm_contract.import_chunk_rows",
                )
            }
            params.set_param("crm_contract.import_background_rows", 5)
            params.set_param("crm_contract.import_chunk_rows", 2)
            partner = env["res.partner"].create({"name": "Resume Imports Ltd"})
            self.contract_id = (
                env["crm.contract"]
                .create({"name": "Resume", "number": "RESUME-1", "partner_id": partner.id})
                .id
            )
            self.partner_id = partner.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with committed_env(self.registry) as env:
            contract = env["crm.contract"].browse(self.contract_id)
            env["crm.contract.import.job"].search([("filename", "=", "resume.csv")]).unlink()
            contract.followup_ids.unlink()
            contract.unlink()
            env["res.partner"].browse(self.partner_id).unlink()
            for key, value in self.old_params.items():
                env["ir.config_parameter"].set_param(key, value or False)

    def _in_thread(self, function):
        """Runs ``function`` in a thread of its own: outside the test runner's thread, the
        job commits its chunks as in the server."""
        outcome = {}

        def target():
            try:
                outcome["result"] = function()
            except Exception as exc:  # noqa: BLE001  (returned to the test)
                outcome["error"] = exc

        thread = threading.Thread(target=target)
        thread.start()
        thread.join(timeout=120)
        return outcome

    def _queue(self):
        rows = [FOLLOWUP_HEADER] + [
            ["RESUME-1", f"2026-04-0{i} 09:30", f"Resumed follow-up {i}"] for i in range(1, 8)
        ]
        with committed_env(self.registry) as env:
            wizard = env["crm.contract.import"].create(
                {
                    "file": base64.b64encode(csv_bytes(rows)),
                    "filename": "resume.csv",
                    "import_type": "followup",
                    "error_policy": "valid",
                }
            )
            return wizard.action_import()["res_id"]

    def _killed_in_second_chunk(self, job_id):
        with committed_env(self.registry) as env:
            job = env["crm.contract.import.job"].browse(job_id)
            job._process(time.time() + 60, max_chunks=1)  # chunk 1, committed
            rows = list(job._data_rows(job.rows_done))[:2]
            with env.cr.savepoint(flush=True):
                job._process_chunk(rows, False)  # chunk 2 written, not committed...
            raise RuntimeError("killed")  # ... and lost with the transaction

    def test_resume_after_kill(self):
        job_id = self._in_thread(self._queue)["result"]
        outcome = self._in_thread(lambda: self._killed_in_second_chunk(job_id))
        self.assertEqual(str(outcome.get("error")), "killed", outcome)
        with committed_env(self.registry) as env:
            job = env["crm.contract.import.job"].browse(job_id)
            self.assertEqual((job.state, job.rows_done, len(job.followup_ids)), ("running", 2, 2))
            self.assertEqual(job.followup_ids.import_job_id, job)
            self.assertEqual(len(env["crm.contract"].browse(self.contract_id).followup_ids), 2)

        def resume():
            with committed_env(self.registry) as env:
                return env["crm.contract.import.job"]._cron_process_imports()

        self.assertEqual(self._in_thread(resume), {"result": 0})
        with committed_env(self.registry) as env:
            job = env["crm.contract.import.job"].browse(job_id)
            followups = env["crm.contract"].browse(self.contract_id).followup_ids
            self.assertEqual(
                (job.state, job.rows_done, job.created_count, job.skipped_count),
                ("done", 7, 7, 0),
            )
            self.assertEqual(len(followups), 7)
            self.assertEqual(
                sorted(followups.mapped("description")),
                sorted(f"<p>Resumed follow-up {i}</p>" for i in range(1, 8)),
            )
            self.assertEqual(job.followup_ids, followups)
            # each created once, by this import (its id set at creation, kept by the resume)
            self.assertEqual(followups.import_job_id, job)

    def test_chunk_meeting_another_transaction_runs_again(self):
        """A chunk that meets another transaction (a serialization failure) runs again in a
        new transaction, from the position committed: every row once, the import done."""
        job_id = self._in_thread(self._queue)["result"]
        Job = self.registry["crm.contract.import.job"]
        process_chunk = Job._process_chunk
        calls = []

        def flaky(job, rows, checking):
            calls.append(len(rows))
            result = process_chunk(job, rows, checking)
            if len(calls) == 2:  # the second chunk, written, then refused
                raise pg_errors.SerializationFailure("could not serialize access")
            return result

        def run():
            with committed_env(self.registry) as env:
                return env["crm.contract.import.job"]._cron_process_imports()

        with patch.object(Job, "_process_chunk", flaky):
            self.assertEqual(self._in_thread(run), {"result": 0})
        self.assertEqual(calls, [2, 2, 2, 2, 1], "the second chunk ran twice")
        with committed_env(self.registry) as env:
            job = env["crm.contract.import.job"].browse(job_id)
            followups = env["crm.contract"].browse(self.contract_id).followup_ids
            self.assertEqual((job.state, job.rows_done, job.created_count), ("done", 7, 7))
            self.assertEqual(len(followups), 7)
            self.assertEqual(len(set(followups.mapped("description"))), 7)
