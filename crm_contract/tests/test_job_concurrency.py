"""The scheduled jobs side by side ("the night shift"): a job's lock (Run Manually refused
while the job or the import runs elsewhere), the retry of a batch that meets another
transaction in a new transaction, a record left for the job's next call (not skipped) when
it keeps meeting one, reminders checked again under a row lock, and the first contract
number (and receipt number) of a year taken by two transactions at once.

The tests of real concurrency use transactions of their own (real cursors and commits, in
threads, where the batch runner commits as under the scheduler) and clean up afterwards."""

import threading
from contextlib import contextmanager
from datetime import date, timedelta
from unittest.mock import patch

from psycopg2 import errors as pg_errors

import odoo
from odoo import fields
from odoo.tests import BaseCase, HttpCase, JsonRpcException, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from ..models import crm_contract_batch_mixin as batch_mixin
from ..models.crm_contract_batch_mixin import TURN_LOCK, job_lock_key
from .common import ContractCase, call_kw, committed_env
from .test_import_background import BackgroundCase, contract_rows

BATCH_LOGGER = job_lock_key.__module__  # the batch runner's logger


def _run_in_thread(target, *args):
    """Run ``target`` in a thread of its own (the scheduler's: the batch runner commits) and
    return what it returned, or raise what it raised."""
    result = {}

    def run():
        try:
            result["value"] = target(*args)
        except Exception as exc:  # noqa: BLE001  (raised again in the test's thread)
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if "error" in result:
        raise result["error"]
    return result.get("value")


@contextmanager
def held_elsewhere(job):
    """The lock of ``job`` held by another session (another cron thread or server)."""
    with odoo.sql_db.db_connect(get_db_name()).cursor() as other:
        key = job_lock_key(job)
        other.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            other.execute("SELECT pg_advisory_unlock(%s)", [key])


@tagged("post_install", "-at_install")
class TestJobLock(ContractCase):
    def _due_contract(self):
        today = fields.Date.context_today(self.env["crm.contract"])
        contract = self._create_contract(
            date_start=today - timedelta(days=30),
            date_end=today + timedelta(days=5),
            user_id=self.user_own.id,
        )
        contract.action_activate()
        return contract

    def _expiry_activities(self, contract):
        activity_type = self.env.ref("crm_contract.mail_activity_type_contract_expiry")
        contract.invalidate_recordset(["activity_ids"])
        return contract.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_second_run_returns_while_the_lock_is_held(self):
        contract = self._due_contract()
        # another session (another cron thread or server) runs the job: holds its lock
        with held_elsewhere("expiry reminders"):
            done = self.env["crm.contract"]._cron_expiry_reminders()
        self.assertFalse(done)
        self.assertFalse(self._expiry_activities(contract))
        # the lock released, the job runs (and released its own lock: a third run too)
        self.assertIn(contract, self.env["crm.contract"]._cron_expiry_reminders())
        self.assertEqual(len(self._expiry_activities(contract)), 1)
        self.env["crm.contract"]._cron_expiry_reminders()
        self.assertEqual(len(self._expiry_activities(contract)), 1)
        self.env.cr.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "the job's lock is released")

    def test_daily_jobs_take_turns(self):
        """Another daily job has the turn (another session holds it): this one waits, then,
        past the wait, is called again a minute later; once the turn is free it runs."""
        contract = self._due_contract()
        cron = self.env.ref("crm_contract.ir_cron_crm_contract_expiry_reminder")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        with (
            held_elsewhere(TURN_LOCK),
            patch.object(batch_mixin, "TURN_WAIT", "200ms"),
            mute_logger(BATCH_LOGGER),
        ):
            self.assertFalse(self.env["crm.contract"]._cron_expiry_reminders())
        self.assertFalse(self._expiry_activities(contract))
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)
        self.assertIn(contract, self.env["crm.contract"]._cron_expiry_reminders())
        self.assertEqual(len(self._expiry_activities(contract)), 1)

    def test_stale_list_of_instalments_reminded_once(self):
        """A batch given instalments already reminded since the list was picked (by another
        run) reminds nothing more: the marker is read again once the rows are locked."""
        contract = self._create_contract(
            date_start=date(2025, 1, 1), date_end=date(2025, 12, 31), user_id=self.user_own.id
        )
        Plan = self.env["crm.contract.payment.plan"]
        plans = Plan.create(
            [
                {"contract_id": contract.id, "date_due": date(2025, 2, 5), "amount": 10},
                {"contract_id": contract.id, "date_due": date(2025, 3, 5), "amount": 10},
            ]
        )
        contract.action_activate()
        overdue = self.env.ref("crm_contract.mail_activity_type_payment_overdue")

        def activities():
            contract.invalidate_recordset(["activity_ids"])
            return contract.activity_ids.filtered(lambda a: a.activity_type_id == overdue)

        def due(plan):
            return plan.state == "overdue" and plan.overdue_reminded_date != plan.date_due

        picked = plans.filtered(due)  # the list of a run, picked before the other run
        self.assertEqual(picked, plans)
        Plan._send_overdue_reminders()  # the other run
        self.assertEqual(len(activities()), 2)
        Plan._remind_in_batches(
            "payment overdue reminders",
            lambda: picked,
            due,
            "crm_contract.mail_activity_type_payment_overdue",
            lambda plan: plan.date_due,
            lambda plan, lang: "stale",
            "overdue_reminded_date",
        )
        self.assertEqual(len(activities()), 2)
        Plan._send_overdue_reminders()
        self.assertEqual(len(activities()), 2)


@tagged("post_install", "-at_install")
class TestJobsSideBySide(BaseCase):
    """Transactions of their own, side by side (committed, cleaned up afterwards)."""

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(get_db_name())
        with committed_env(self.registry) as env:
            self.partner_id = env["res.partner"].create({"name": "Night Shift Ltd"}).id
            self.follower_id = env["res.partner"].create({"name": "Night Watch"}).id
            today = fields.Date.context_today(env["crm.contract"])
            contracts = env["crm.contract"].create(
                [
                    {
                        "name": f"Night shift {n}",
                        "partner_id": self.partner_id,
                        "amount_total": 100,
                        "date_start": today - timedelta(days=30),
                        "date_end": today + timedelta(days=5 + n),
                    }
                    for n in range(3)
                ]
            )
            contracts.action_activate()
            self.contract_ids = contracts.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with committed_env(self.registry) as env:
            contracts = env["crm.contract"].browse(self.contract_ids)
            contracts.activity_ids.unlink()
            contracts._cancel("Test clean-up")
            contracts.unlink()
            env["res.partner"].browse([self.partner_id, self.follower_id]).unlink()

    def _skipped_notes(self, env):
        contracts = env["crm.contract"].browse(self.contract_ids)
        return contracts.message_ids.filtered(lambda m: "skipped" in (m.body or ""))

    def _other_transaction(self, work):
        with committed_env(self.registry) as env:
            work(env["crm.contract"].browse(self.contract_ids))

    def test_serialization_failure_retried_in_new_transaction(self):
        """The rows of a batch changed by a transaction committed after this one began: the
        lock raises a serialization failure, and the batch runs again in a new transaction,
        where it succeeds; nothing is skipped."""
        calls = []

        def process(batch):
            calls.append(len(batch))
            if len(calls) == 1:
                self._other_transaction(lambda c: c.write({"description": "<p>other</p>"}))
            batch._lock_rows()
            batch.write({"termination_reason": "processed"})

        def job():
            with committed_env(self.registry) as env:
                contracts = env["crm.contract"].browse(self.contract_ids)
                contracts.read(["name"])  # the snapshot, before the other transaction
                with mute_logger(BATCH_LOGGER, "odoo.sql_db"):
                    return len(env["crm.contract"]._run_in_batches(contracts, process, "test"))

        failed = _run_in_thread(job)
        self.assertEqual(failed, 0)
        self.assertEqual(calls, [3, 3], "the batch ran again, as a whole")
        with committed_env(self.registry) as env:
            contracts = env["crm.contract"].browse(self.contract_ids)
            self.assertEqual(set(contracts.mapped("termination_reason")), {"processed"})
            self.assertFalse(self._skipped_notes(env))

    def test_unique_violation_retried_in_new_transaction(self):
        """Two jobs adding the same follower (mail_followers is unique per record and
        partner): the second one's insert fails, and its batch runs again in a new
        transaction, which sees the follower."""
        calls = []

        def process(batch):
            calls.append(len(batch))
            if len(calls) == 1:
                self._other_transaction(
                    lambda c: c.message_subscribe(partner_ids=[self.follower_id])
                )
            batch.message_subscribe(partner_ids=[self.follower_id])

        def job():
            with committed_env(self.registry) as env:
                contracts = env["crm.contract"].browse(self.contract_ids)
                contracts.read(["message_partner_ids"])  # the snapshot
                with mute_logger(BATCH_LOGGER, "odoo.sql_db"):
                    return len(env["crm.contract"]._run_in_batches(contracts, process, "test"))

        failed = _run_in_thread(job)
        self.assertEqual(failed, 0)
        self.assertEqual(calls, [3, 3])
        with committed_env(self.registry) as env:
            env.cr.execute(
                "SELECT count(*) FROM mail_followers WHERE res_model = 'crm.contract' "
                "AND res_id IN %s AND partner_id = %s",
                [tuple(self.contract_ids), self.follower_id],
            )
            self.assertEqual(env.cr.fetchone()[0], 3)
            self.assertFalse(self._skipped_notes(env))

    def test_expiry_reminders_stale_list_in_another_transaction(self):
        """A run whose list was picked before another run made the reminders and committed:
        its batch, once locked, meets the change (serialization failure), runs again in a
        new transaction and creates nothing more."""
        activity_type_xmlid = "crm_contract.mail_activity_type_contract_expiry"

        def remind(env):
            contracts = env["crm.contract"].browse(self.contract_ids)
            contracts._remind_expiry_batch(env.ref(activity_type_xmlid))

        def job():
            with committed_env(self.registry) as env:
                contracts = env["crm.contract"].browse(self.contract_ids)
                picked = contracts.filtered(lambda c: not c.expiry_reminded_date_end)
                self.assertEqual(len(picked), 3)  # the list, picked in this snapshot
                with committed_env(self.registry) as other:  # the other run, committed
                    remind(other)
                activity_type = env.ref(activity_type_xmlid)
                with mute_logger(BATCH_LOGGER, "odoo.sql_db"):
                    return env["crm.contract"]._run_in_batches(
                        picked, lambda batch: batch._remind_expiry_batch(activity_type), "test"
                    )

        self.assertFalse(_run_in_thread(job))
        with committed_env(self.registry) as env:
            contracts = env["crm.contract"].browse(self.contract_ids)
            activity_type = env.ref(activity_type_xmlid)
            activities = contracts.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
            self.assertEqual(len(activities), 3, "one reminder per contract")
            self.assertFalse(self._skipped_notes(env))


@tagged("post_install", "-at_install")
class TestConflictLeftForNextCall(ContractCase):
    def test_record_meeting_another_transaction_is_left_not_skipped(self):
        """A record that keeps meeting another transaction is left as it is, unnoted, and
        the job's scheduled action is triggered at once (its next call picks it again); a
        record failing for its own data is skipped and noted; the others are done."""
        contracts = self._create_contract(name="Conflict A") | self._create_contract(
            name="Conflict B"
        )
        contracts |= self._create_contract(name="Conflict C")
        conflicting, broken, fine = contracts
        cron = self.env.ref("crm_contract.ir_cron_crm_contract_expire")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])

        def process(batch):
            if conflicting in batch:
                raise pg_errors.SerializationFailure("could not serialize access")
            if broken in batch:
                raise ValueError("its own data")
            batch.write({"termination_reason": "processed"})

        with mute_logger(BATCH_LOGGER):
            failed = self.env["crm.contract"]._run_in_batches(
                contracts, process, "test job", cron="crm_contract.ir_cron_crm_contract_expire"
            )
        self.assertEqual(failed, [broken])
        self.assertEqual(fine.termination_reason, "processed")
        self.assertFalse(conflicting.termination_reason)

        def skipped(contract):
            return contract.message_ids.filtered(lambda m: "skipped" in (m.body or ""))

        self.assertFalse(skipped(conflicting), "left for the next call, not skipped")
        self.assertTrue(skipped(broken))
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)


@tagged("post_install", "-at_install")
class TestRunManuallyElsewhere(BackgroundCase, HttpCase):
    """Run Manually (a web request) of a job or an import that runs in another session is
    refused with a message; a scheduled run just leaves it to the other session."""

    def _run_manually(self, xmlid):
        return call_kw(self, "ir.cron", "method_direct_trigger", [[self.env.ref(xmlid).id]])

    def test_job_running_elsewhere(self):
        self.authenticate("admin", "admin")
        with held_elsewhere("expiry"), mute_logger(BATCH_LOGGER, "odoo.http"):
            with self.assertRaisesRegex(JsonRpcException, "already running"):
                self._run_manually("crm_contract.ir_cron_crm_contract_expire")
        self.assertTrue(self._run_manually("crm_contract.ir_cron_crm_contract_expire"))

    def test_run_manually_while_a_cron_thread_runs_it(self):
        """A cron thread holds the action's row (Odoo's scheduler): Run Manually says the
        import is already running, not Odoo's generic "cannot be modified"."""
        cron = self.env.ref("crm_contract.ir_cron_crm_contract_import")
        self.authenticate("admin", "admin")
        with odoo.sql_db.db_connect(get_db_name()).cursor() as scheduler:
            scheduler.execute("SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE", [cron.id])
            with mute_logger("odoo.http"):
                with self.assertRaisesRegex(JsonRpcException, "import is already running"):
                    self._run_manually("crm_contract.ir_cron_crm_contract_import")
                with self.assertRaisesRegex(JsonRpcException, "already running"):
                    expire = self.env.ref("crm_contract.ir_cron_crm_contract_expire")
                    scheduler.execute(
                        "SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE", [expire.id]
                    )
                    self._run_manually("crm_contract.ir_cron_crm_contract_expire")
            scheduler.rollback()

    def test_import_running_elsewhere(self):
        job = self._queue(contract_rows("RME", 7), error_policy="valid")
        self.authenticate("admin", "admin")
        with held_elsewhere(job._import_lock()):
            with mute_logger(BATCH_LOGGER, "odoo.http"):
                with self.assertRaisesRegex(JsonRpcException, "already running"):
                    self._run_manually("crm_contract.ir_cron_crm_contract_import")
            # the scheduled run leaves it to the session running it
            self.Job._cron_process_imports()
            self.assertEqual((job.state, job.rows_done), ("queued", 0))
        self.assertFalse(self._contracts([f"RME-{i}" for i in range(1, 8)]))
        self.assertTrue(self._run_manually("crm_contract.ir_cron_crm_contract_import"))
        job.invalidate_recordset()
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self._contracts([f"RME-{i}" for i in range(1, 8)])), 7)


@tagged("post_install", "-at_install")
class TestFirstNumberOfYear(BaseCase):
    """Two transactions take the first number of a year at once: the year's date range of
    the sequence is created once, and the numbers differ (contracts and receipts)."""

    YEAR = 2091

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(get_db_name())
        with committed_env(self.registry) as env:
            self.partner_id = env["res.partner"].create({"name": "New Year Ltd"}).id
        self.addCleanup(self._cleanup)

    def _ranges(self, env, xmlid):
        return env["ir.sequence.date_range"].search(
            [
                ("sequence_id", "=", env.ref(xmlid).id),
                ("date_from", "=", date(self.YEAR, 1, 1)),
            ]
        )

    def _cleanup(self):
        with committed_env(self.registry) as env:
            contracts = env["crm.contract"].search([("partner_id", "=", self.partner_id)])
            contracts.payment_ids.unlink()  # drafts
            contracts._cancel("Test clean-up")
            contracts.unlink()
            for xmlid in ("crm_contract.seq_crm_contract", "crm_contract.seq_crm_contract_payment"):
                self._ranges(env, xmlid).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _side_by_side(self, create):
        """``create(env, key)`` in two transactions at once, each with its snapshot taken
        before either creates anything; returns {key: number or error}."""
        barrier = threading.Barrier(2)
        results = {}

        def run(key):
            try:
                with committed_env(self.registry) as env:
                    env["crm.contract"].search_count([])  # the snapshot: no range for the year
                    barrier.wait(timeout=30)
                    results[key] = create(env, key)
            except Exception as exc:  # noqa: BLE001  (reported by the test)
                results[key] = exc

        threads = [threading.Thread(target=run, args=(key,)) for key in ("a", "b")]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertFalse(any(thread.is_alive() for thread in threads), "no transaction hangs")
        self.assertTrue(all(isinstance(n, str) for n in results.values()), results)
        self.assertEqual(len(set(results.values())), 2, results)
        self.assertTrue(all(f"/{self.YEAR}/" in n for n in results.values()), results)
        return results

    def _contract_vals(self, key):
        return {
            "name": f"First of the year {key}",
            "partner_id": self.partner_id,
            "amount_total": 100,
            "date_start": date(self.YEAR, 1, 1),
            "date_end": date(self.YEAR, 12, 31),
            "date_signed": date(self.YEAR, 1, 2),
        }

    def test_first_contract_number_of_a_year_taken_twice_at_once(self):
        def create(env, key):
            return env["crm.contract"].create(self._contract_vals(key)).number

        self._side_by_side(create)
        with committed_env(self.registry) as env:
            self.assertEqual(len(self._ranges(env, "crm_contract.seq_crm_contract")), 1)
            # later numbers of the year go on from the range both used
            later = env["crm.contract"].create(self._contract_vals("later")).number
        self.assertTrue(later.endswith("00003"), later)

    def test_first_receipt_number_of_a_year_taken_twice_at_once(self):
        with committed_env(self.registry) as env:
            contract = env["crm.contract"].create(self._contract_vals("receipts"))
            contract.action_activate()
            contract_id = contract.id

        def create(env, key):
            receipt = env["crm.contract.payment"].create(
                {"contract_id": contract_id, "amount": 10, "date": date(self.YEAR, 1, 3)}
            )
            return receipt.number

        self._side_by_side(create)
        with committed_env(self.registry) as env:
            self.assertEqual(len(self._ranges(env, "crm_contract.seq_crm_contract_payment")), 1)
