"""Import history: every import leaves a record, seen by its user and by
administrators; Undo deletes what it created unless something changed since; old
records are cleaned up."""

import base64
from datetime import timedelta

import odoo
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools.safe_eval import safe_eval

from .common import ImportCase, call_kw, committed_env, csv_bytes

HEADER = ["Contract Number", "Contract Name", "Customer"]
FOLLOWUP_HEADER = ["Contract Number", "Follow-up Date", "Content"]


def contracts_file(prefix, count):
    return csv_bytes(
        [HEADER]
        + [[f"{prefix}-{i}", f"History {i}", "Harbour Freight Ltd"] for i in range(1, count + 1)]
    )


class TestImportHistory(ImportCase):
    def _import(self, data, user, **options):
        wizard = self._wizard(data, user=user, **options)
        wizard.action_import()
        return wizard.job_id

    def test_record_of_each_import(self):
        job = self._import(contracts_file("HIS", 3), self.user_manager, filename="his.csv")
        self.assertEqual(
            (
                job.user_id,
                job.import_type,
                job.filename,
                job.state,
                job.row_count,
                job.created_count,
                job.background,
            ),
            (self.user_manager, "contract", "his.csv", "done", 3, 3, False),
        )
        self.assertEqual(base64.b64decode(job.file), contracts_file("HIS", 3))
        self.assertEqual(job.contract_ids, self._contracts(["HIS-1", "HIS-2", "HIS-3"]))
        # a failed all-or-nothing import is listed too, with its problems and error file
        bad = csv_bytes([HEADER, ["HIS-9", "Bad", "Nobody Such Ltd"]])
        failed = self._import(bad, self.user_manager)
        self.assertEqual((failed.state, failed.created_count, failed.error_count), ("failed", 0, 1))
        self.assertEqual(failed.error_line_ids.row, 2)
        self.assertTrue(failed.error_file)
        # a test run leaves nothing
        wizard = self._wizard(contracts_file("HIT", 2), user=self.user_manager)
        wizard.action_test()
        self.assertFalse(wizard.job_id)

    def test_result_details(self):
        """Counts with thousands separators in the sentence, no full bar for an import
        that wrote nothing nor for a test run, Test not offered above the background
        threshold, and the whole value of a problem kept."""
        job = self._import(contracts_file("DET", 2), self.user_manager)
        self.assertEqual(job.progress, 100.0)
        nothing = self._import(
            csv_bytes([HEADER, ["DET-9", "Bad", "Nobody Such Ltd"]]),
            self.user_manager,
            error_policy="valid",
        )
        self.assertEqual((nothing.state, nothing.created_count, nothing.progress), ("done", 0, 0.0))
        wizard = self._wizard(contracts_file("DET-T", 2), user=self.user_manager)
        wizard.action_test()
        self.assertEqual((wizard.last_job_id.state, wizard.last_job_id.progress), ("test", 0.0))
        self.assertTrue(wizard.test_offered)
        self.env["ir.config_parameter"].set_param("crm_contract.import_background_rows", 1)
        wizard.invalidate_recordset(["test_offered"])
        self.assertFalse(wizard.test_offered)
        job.invalidate_recordset()
        job.sudo().row_count = 20000  # the sentence of a big import
        self.assertIn("20,000 rows read", job._summary("done"))
        long_name = "X" * 1500
        bad = self._import(
            csv_bytes([HEADER, ["DET-L", long_name, "Harbour Freight Ltd"]]),
            self.user_manager,
            error_policy="valid",
        )
        self.assertIn(long_name, bad.error_line_ids.mapped("value"))

    def test_each_user_sees_own_imports(self):
        mine = self._import(contracts_file("VIS", 1), self.user_own)
        other = self._import(contracts_file("VIT", 1), self.user_own_2)
        Job = self.env["crm.contract.import.job"]
        self.assertEqual(Job.with_user(self.user_own).search([]), mine)
        self.assertEqual(Job.with_user(self.user_own_2).search([]), other)
        self.assertEqual(Job.with_user(self.user_all).search([]), Job)
        self.assertEqual(Job.with_user(self.user_manager).search([]) & (mine | other), mine | other)
        with self.assertRaises(AccessError):
            other.with_user(self.user_own).read(["filename", "file"])
        with self.assertRaises(AccessError):
            other.with_user(self.user_own).action_undo()
        # nobody writes an import record or creates one by hand (the job would run as the
        # user it names)
        with self.assertRaises(AccessError):
            mine.with_user(self.user_own).write({"rows_done": 0})
        with self.assertRaises(AccessError):
            Job.with_user(self.user_own).create(
                {"import_type": "contract", "user_id": self.user_manager.id}
            )

    def test_undo(self):
        job = self._import(contracts_file("UND", 3), self.user_manager)
        contracts = job.contract_ids
        self.assertEqual(len(contracts), 3)
        job.with_user(self.user_manager).action_undo()
        self.assertFalse(contracts.exists())
        self.assertEqual(job.state, "undone")
        with self.assertRaises(UserError):
            job.with_user(self.user_manager).action_undo()

    def test_undo_by_the_own_documents_user_who_imported(self):
        """A salesperson with own documents only takes back the contracts they imported,
        active ones and ones given to another person in charge included, which they could
        not delete by hand; Undo is offered to them, not to another salesperson."""
        data = csv_bytes(
            [
                ["Contract Number", "Contract Name", "Customer", "Status", "Person in Charge"],
                ["OWN-1", "Own one", "Harbour Freight Ltd", "Active", self.user_own.name],
                ["OWN-2", "Own two", "Harbour Freight Ltd", "Draft", self.user_own.name],
            ]
        )
        job = self._import(data, self.user_own)
        contracts = job.contract_ids
        self.assertEqual(len(contracts), 2, self._messages(job))
        self.assertIn("active", contracts.mapped("state"))
        mine = job.with_user(self.user_own)
        self.assertTrue(mine.can_undo)
        self.assertFalse(mine.undo_blocker)
        mine.action_undo()
        self.assertFalse(contracts.exists())
        self.assertEqual(job.state, "undone")
        self.assertFalse(mine.can_undo)

    def test_undo_not_offered_with_the_reason(self):
        job = self._import(contracts_file("UNB", 2), self.user_own)
        first = self._contracts(["UNB-1"])
        self.env["crm.contract.followup"].create(
            {"contract_id": first.id, "description": "<p>Added after the import</p>"}
        )
        mine = job.with_user(self.user_own)
        self.assertFalse(mine.can_undo)
        self.assertIn("UNB-1", mine.undo_blocker)
        # another salesperson sees neither (nor may read the import)
        self.assertFalse(job.with_user(self.user_own_2).sudo(False)._may_undo())

    def test_undo_refused_when_nothing_is_left(self):
        job = self._import(contracts_file("UNG", 2), self.user_manager)
        job.contract_ids.unlink()  # deleted by hand since
        with self.assertRaises(UserError) as caught:
            job.with_user(self.user_manager).action_undo()
        self.assertIn("Nothing to undo", str(caught.exception))
        self.assertEqual(job.state, "done")

    def test_undo_followups_by_their_author(self):
        contract = self._create_contract(number="UNF-1", user_id=self.user_own.id)
        data = csv_bytes(
            [FOLLOWUP_HEADER]
            + [["UNF-1", f"2026-05-0{i} 11:00", f"Visit {i}"] for i in range(1, 4)]
        )
        job = self._import(data, self.user_own, import_type="followup")
        self.assertEqual(len(contract.followup_ids), 3)
        job.with_user(self.user_own).action_undo()
        self.assertFalse(contract.followup_ids)
        self.assertEqual(job.state, "undone")

    def test_undo_refused_when_records_attached_later(self):
        job = self._import(contracts_file("UNR", 2), self.user_manager)
        first = self._contracts(["UNR-1"])
        self.env["crm.contract.followup"].create(
            {"contract_id": first.id, "description": "<p>Added after the import</p>"}
        )
        with self.assertRaises(UserError) as caught:
            job.with_user(self.user_manager).action_undo()
        self.assertIn("UNR-1", str(caught.exception))
        self.assertNotIn("UNR-2", str(caught.exception))
        self.assertEqual(len(job.contract_ids), 2)
        self.assertEqual(job.state, "done")

    def test_cleanup(self):
        old = self._import(contracts_file("CLN", 1), self.user_manager)
        recent = self._import(contracts_file("CLR", 1), self.user_manager)
        created = old.contract_ids
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", old._name), ("res_id", "=", old.id), ("res_field", "=", "file")]
        )
        self.assertTrue(attachments)
        self.env["ir.config_parameter"].set_param("crm_contract.import_keep_days", 10)
        self.env.cr.execute(
            "UPDATE crm_contract_import_job SET create_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=11), old.id],
        )
        old.invalidate_recordset()
        self.env["crm.contract.import.job"]._cron_cleanup()
        self.assertFalse(old.exists())
        self.assertFalse(attachments.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(created.exists(), "the records an import created stay")

    def test_test_run_kept_a_day_out_of_the_history(self):
        """A test run keeps its result on an import record in the state Test Run: out of
        Import History, refused by Undo, deleted by the cleanup after a day."""
        Job = self.env["crm.contract.import.job"]
        wizard = self._wizard(contracts_file("HTR", 2), user=self.user_manager)
        wizard.action_test()
        run = wizard.last_job_id
        self.assertEqual((run.state, run.created_count, wizard.created_count), ("test", 2, 2))
        self.assertFalse(self._contracts(["HTR-1", "HTR-2"]))
        self.assertFalse(wizard.job_id)
        action = self.env.ref("crm_contract.crm_contract_import_job_action")
        self.assertNotIn(run, Job.search(safe_eval(action.domain)))
        with self.assertRaises(UserError):
            run.with_user(self.user_manager).action_undo()
        Job._cron_cleanup()
        self.assertTrue(run.exists(), "kept a day")
        self.env.cr.execute(
            "UPDATE crm_contract_import_job SET create_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(hours=25), run.id],
        )
        run.invalidate_recordset()
        Job._cron_cleanup()
        self.assertFalse(run.exists())

    def test_test_runs_are_private(self):
        """A test run keeps the upload a day, private to its user as the wizard is: an
        administrator sees neither it nor its problems (they see the imports)."""
        bad = csv_bytes([HEADER, ["HTP-1", "Private", "Nobody Such Ltd"]])
        wizard = self._wizard(bad, user=self.user_all)
        wizard.action_test()
        run = wizard.last_job_id
        self.assertTrue(run.error_line_ids)
        for user in (self.user_manager, self.user_own):
            self.assertFalse(
                self.env["crm.contract.import.job"].with_user(user).search([("id", "=", run.id)])
            )
            Error = self.env["crm.contract.import.job.error"].with_user(user)
            self.assertFalse(Error.search([("job_id", "=", run.id)]))
        self.assertTrue(run.with_user(self.user_all).read(["file"]))
        imported = self._import(bad, self.user_all, error_policy="valid")
        Job = self.env["crm.contract.import.job"].with_user(self.user_manager)
        self.assertEqual(Job.search([("id", "in", (run | imported).ids)]), imported)

    def test_wizard_shows_only_its_own_runs(self):
        """The results a wizard shows are those of its own runs: nobody links it to
        another import record (the results of someone else's import)."""
        other = self._import(contracts_file("OWN", 1), self.user_own_2)
        Wizard = self.env["crm.contract.import"].with_user(self.user_own)
        with self.assertRaises(UserError):
            Wizard.create({"import_type": "contract", "last_job_id": other.id})
        wizard = self._wizard(contracts_file("OWO", 1), user=self.user_own)
        with self.assertRaises(UserError):
            wizard.write({"last_job_id": other.id})
        wizard.action_import()
        self.assertEqual(wizard.job_id.user_id, self.user_own)

    def test_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.crm_contract_import_background_rows, 2000)
        self.assertEqual(settings.crm_contract_import_keep_days, 30)
        with self.assertRaises(Exception) as caught:
            self.env["res.config.settings"].create({"crm_contract_import_keep_days": 0})
        self.assertIn("Keep Import Records", str(caught.exception))


@tagged("post_install", "-at_install")
class TestUndoChangedSince(BaseCase):
    """A contract changed after the import (in a later transaction, as in real use):
    Undo refuses and names it. Real commits, cleaned up afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(get_db_name())
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with committed_env(self.registry) as env:
            env["crm.contract.import.job"].search([("filename", "=", "changed.csv")]).unlink()
            env["crm.contract"].search([("number", "=like", "CHG-%")]).unlink()
            env["res.partner"].search([("name", "=", "Changed Since Ltd")]).unlink()

    def test_changed_contract_named(self):
        data = csv_bytes(
            [HEADER] + [[f"CHG-{i}", f"Changed {i}", "Changed Since Ltd"] for i in range(1, 4)]
        )
        with committed_env(self.registry) as env:
            env["res.partner"].create({"name": "Changed Since Ltd", "is_company": True})
        with committed_env(self.registry) as env:
            wizard = env["crm.contract.import"].create(
                {"file": base64.b64encode(data), "filename": "changed.csv"}
            )
            wizard.action_import()
            job_id = wizard.job_id.id
        with committed_env(self.registry) as env:
            env["crm.contract"].search([("number", "=", "CHG-2")]).name = "Renamed since"
        with committed_env(self.registry) as env:
            job = env["crm.contract.import.job"].browse(job_id)
            with self.assertRaises(UserError) as caught:
                job.action_undo()
            self.assertIn("Renamed since", str(caught.exception))
            self.assertNotIn("Changed 1", str(caught.exception))
            self.assertEqual(len(job.contract_ids), 3)


@tagged("post_install", "-at_install")
class TestImportHistoryRpc(HttpCase):
    """Over JSON-RPC, another user cannot read an import record nor undo it."""

    def setUp(self):
        super().setUp()
        own = "base.group_user,crm_contract.crm_contract_group_user"
        self.olivia = new_test_user(self.env, login="hist_olivia", groups=own)
        self.oscar = new_test_user(self.env, login="hist_oscar", groups=own)
        self.env["res.partner"].create({"name": "History RPC Ltd", "is_company": True})
        data = csv_bytes([HEADER, ["HRPC-1", "RPC history", "History RPC Ltd"]])
        wizard = (
            self.env["crm.contract.import"]
            .with_user(self.olivia)
            .create({"file": base64.b64encode(data), "filename": "olivia.csv"})
        )
        wizard.action_import()
        self.job = wizard.job_id
        self.assertTrue(self.job)

    def _call(self, method, args, kwargs=None):
        return call_kw(self, "crm.contract.import.job", method, args, kwargs)

    def test_other_user_cannot_read_or_undo(self):
        self.authenticate("hist_oscar", "hist_oscar")
        self.assertEqual(self._call("search_read", [[]], {"fields": ["filename"]}), [])
        for method, args in (
            ("read", [[self.job.id], ["filename", "file", "result_summary"]]),
            ("action_undo", [[self.job.id]]),
            ("action_view_records", [[self.job.id]]),
            ("write", [[self.job.id], {"state": "done", "rows_done": 0}]),
        ):
            with self.assertRaises(JsonRpcException) as caught:
                self._call(method, args)
            self.assertIn("AccessError", str(caught.exception), method)
        self.assertEqual(self.job.contract_ids.number, "HRPC-1")
        # the owner reads it
        self.authenticate("hist_olivia", "hist_olivia")
        records = self._call("read", [[self.job.id], ["filename", "created_count"]])
        self.assertEqual(records[0]["created_count"], 1)
