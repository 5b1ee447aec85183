"""The import that created a record (200,000 follow-ups imported in the background):
contracts and follow-ups carry their import, set by the import only; a chunk of a
background import reads no more of the database after many chunks than after a few; Undo
deletes exactly what the import created."""

import base64
from contextlib import contextmanager
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.sql_db import Cursor
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from ..tools.importer.data_rows import DataRows
from ..tools.importer.values import NumberCell
from .common import call_kw, csv_bytes, xlsx_bytes
from .test_import_background import FOLLOWUP_HEADER, BackgroundCase, contract_rows


@contextmanager
def rows_read(cr):
    """Counts the queries of ``cr`` and the rows they return or write, the way Odoo's
    own ``assertQueries`` watches the queries of a test (the cursor still runs them)."""
    counter = {"queries": 0, "rows": 0}
    execute = Cursor.execute

    def counting(cursor, query, params=None, log_exceptions=None):
        result = execute(cursor, query, params, log_exceptions)
        if cursor is cr:
            counter["queries"] += 1
            counter["rows"] += max(cursor.rowcount, 0)
        return result

    with patch.object(Cursor, "execute", counting):
        yield counter


class TestImportJobLink(BackgroundCase):
    def test_created_records_carry_their_import(self):
        updated = self._create_contract(number="LNK-1", name="Before the import")
        job = self._queue(contract_rows("LNK", 7), error_policy="valid")
        self._run_all()
        contracts = self._contracts([f"LNK-{i}" for i in range(2, 8)])
        self.assertEqual((job.created_count, job.updated_count), (6, 1))
        self.assertEqual(contracts.import_job_id, job)
        self.assertEqual(job.contract_ids, contracts)
        # the updated contract is listed as updated, not as created by the import
        self.assertFalse(updated.import_job_id)
        self.assertEqual(job.updated_contract_ids, updated)
        self.assertEqual(updated.name, "Background contract 1")
        action = job.action_view_records()
        self.assertEqual(self.env["crm.contract"].search(action["domain"]), contracts | updated)
        # follow-ups
        rows = [FOLLOWUP_HEADER] + [
            ["LNK-2", f"2026-03-0{i} 10:00", f"Linked call {i}"] for i in range(1, 7)
        ]
        followup_job = self._queue(rows, import_type="followup")
        self._run_all()
        followups = contracts.filtered(lambda c: c.number == "LNK-2").followup_ids
        self.assertEqual(len(followups), 6)
        self.assertEqual(followups.import_job_id, followup_job)
        self.assertEqual(followup_job.followup_ids, followups)
        self.assertEqual(contracts.import_job_id, job, "follow-ups do not move their contract")

    def test_import_in_the_request(self):
        """A small file imported in the request: its records carry the import record of
        the history, which Undo deletes."""
        wizard = self._wizard(csv_bytes(contract_rows("LNR", 3)), user=self.user_manager)
        wizard.action_import()
        contracts = self._contracts(["LNR-1", "LNR-2", "LNR-3"])
        self.assertEqual(len(contracts), 3)
        self.assertEqual(contracts.import_job_id, wizard.job_id)
        self.assertFalse(wizard.job_id.background)
        # a contract created by hand has none
        self.assertFalse(self._create_contract(number="LNR-HAND").import_job_id)

    def test_nobody_sets_the_import(self):
        job = self._queue(contract_rows("LNP", 6), error_policy="valid")
        self._run_all()
        contract = self._contracts(["LNP-1"])
        followup = self.env["crm.contract.followup"].create(
            {"contract_id": contract.id, "description": "<p>By hand</p>"}
        )
        Contract = self.env["crm.contract"]
        partner = contract.partner_id
        for user in (self.user_own, self.user_manager):
            with self.assertRaisesRegex(UserError, '"Import"'):
                Contract.with_user(user).create(
                    {"name": "Forged", "partner_id": partner.id, "import_job_id": job.id}
                )
            with self.assertRaisesRegex(UserError, '"Import"'):
                contract.with_user(user).write({"import_job_id": False})
            with self.assertRaisesRegex(UserError, '"Import"'):
                followup.with_user(user).write({"import_job_id": job.id})
        # not even the system, nor with the context key holding an id
        with self.assertRaisesRegex(UserError, '"Import"'):
            contract.sudo().with_context(crm_contract_import_job=job.id).write(
                {"import_job_id": False}
            )
        with self.assertRaisesRegex(UserError, '"Import"'):
            self.env["crm.contract.followup"].with_context(crm_contract_import_job=job.id).create(
                {"contract_id": contract.id, "description": "<p>x</p>", "import_job_id": job.id}
            )
        # a context key holding an id stamps nothing
        plain = Contract.with_context(crm_contract_import_job=job.id).create(
            {"name": "Plain", "partner_id": partner.id}
        )
        self.assertFalse(plain.import_job_id)
        self.assertEqual(contract.import_job_id, job)
        self.assertFalse(followup.import_job_id)

    def _chunk_reads(self, job, chunks):
        """{chunk: queries and rows of its call}, for chunks of three rows."""
        counts = {}
        for chunk in range(1, chunks + 1):
            # the server commits each chunk, which empties the cache
            self.env.invalidate_all()
            with rows_read(self.env.cr) as counter:
                self.Job._cron_process_imports(max_chunks=1)
                self.env.flush_all()
            counts[chunk] = dict(counter)
        self.assertEqual(job.rows_done, 3 * chunks)
        return counts

    def test_chunk_reads_do_not_grow(self):
        """The queries of a chunk return as many rows after ten chunks as after three: a
        chunk costs the same whatever was imported before (the Many2many of the created
        contracts, written at each chunk, read all its links again)."""
        self.env["ir.config_parameter"].set_param("crm_contract.import_chunk_rows", 3)
        job = self._queue(contract_rows("LNQ", 36), error_policy="valid")
        counts = self._chunk_reads(job, 10)
        self.assertEqual(counts[10], counts[3], counts)
        self._run_all()
        self.assertEqual(len(job.contract_ids), 36)

    def test_followup_chunk_reads_do_not_grow(self):
        """Follow-ups of the same two contracts: a chunk reads no follow-up of the earlier
        chunks (the contracts' last follow-up date read them all)."""
        self.env["ir.config_parameter"].set_param("crm_contract.import_chunk_rows", 3)
        for number in ("LNG-1", "LNG-2"):
            self._create_contract(number=number, user_id=self.user_own.id)
        rows = [FOLLOWUP_HEADER] + [
            [f"LNG-{1 + i % 2}", f"2026-07-01 {8 + i // 60:02d}:{i % 60:02d}", f"Call {i}"]
            for i in range(36)
        ]
        job = self._queue(rows, user=self.user_own, import_type="followup", error_policy="valid")
        counts = self._chunk_reads(job, 10)
        self.assertEqual(counts[10], counts[3], counts)
        self._run_all()
        self.assertEqual(len(job.followup_ids), 36)
        self.assertEqual(
            set(job.followup_ids.contract_id.mapped("last_followup_date")),
            {max(job.followup_ids.mapped("date"))} | {sorted(job.followup_ids.mapped("date"))[-2]},
        )

    def test_undo_deletes_what_the_import_created(self):
        contract = self._create_contract(number="LNU-1", user_id=self.user_own.id)
        other = self._create_contract(number="LNU-2", user_id=self.user_own.id)
        by_hand = self.env["crm.contract.followup"].create(
            {"contract_id": contract.id, "description": "<p>Before the import</p>"}
        )
        rows = [[*FOLLOWUP_HEADER, "Next Contact"]] + [
            [f"LNU-{1 + i % 2}", f"2026-06-0{i} 10:00", f"Undone call {i}", f"2099-01-0{i}"]
            for i in range(1, 10)
        ]
        job = self._queue(rows, user=self.user_own, import_type="followup")
        self._run_all()
        self.assertEqual(len(job.followup_ids), 9)
        activities = job.followup_ids.activity_id
        self.assertEqual(len(activities), 9)
        messages = (contract | other).message_ids
        job.with_user(self.user_own).action_undo()
        self.assertEqual(job.state, "undone")
        self.assertEqual(contract.followup_ids, by_hand)
        self.assertFalse(other.followup_ids)
        # the activities the import scheduled are gone with it, without a message each
        self.assertFalse(activities.exists())
        self.assertEqual((contract | other).message_ids, messages)

    def test_data_rows_from_an_offset(self):
        raw = b"".join(
            DataRows.line(rowno, cells)
            for rowno, cells in [
                (2, ["A-1", NumberCell("12.5"), "中文"]),
                (4, ["A-2", "line\nbreak", ""]),
                (5, ["A-3", NumberCell("7"), "x"]),
            ]
        )
        rows = DataRows(raw)
        self.assertEqual(next(rows), (2, ["A-1", "12.5", "中文"]))
        self.assertEqual(next(rows), (4, ["A-2", "line\nbreak", ""]))
        # read on from where the first two rows end, as the next chunk does
        rest = list(DataRows(raw, rows.offset))
        self.assertEqual(rest, [(5, ["A-3", "7", "x"])])
        self.assertIsInstance(rest[0][1][1], NumberCell)
        self.assertNotIsInstance(rest[0][1][2], NumberCell)
        self.assertEqual(list(DataRows(raw, 0, skip=2)), rest)
        self.assertEqual(list(DataRows(raw, len(raw))), [])

    def test_xlsx_in_the_background(self):
        """An xlsx file is read once into the job's data file; each chunk reads on from
        where the last one stopped (numbers stay numbers: 1001.25 is not 100125)."""
        rows = [["Contract Number", "Contract Name", "Customer", "Amount"]] + [
            [f"LNX-{i}", f"Sheet contract {i}", "Harbour Freight Ltd", 1000 + i + 0.25]
            for i in range(1, 8)
        ]
        wizard = self._wizard(
            xlsx_bytes(rows),
            filename="contracts.xlsx",
            user=self.user_manager,
            error_policy="valid",
            decimal_separator=",",
        )
        job = self.Job.browse(wizard.action_import()["res_id"])
        self.Job._cron_process_imports(max_chunks=1)
        self.assertTrue(job.data_file)
        self.assertEqual((job.rows_done, job.data_offset_rows), (2, 2))
        self.assertGreater(job.data_offset, 0)
        self._run_all()
        contracts = self._contracts([f"LNX-{i}" for i in range(1, 8)])
        self.assertEqual((job.state, job.created_count, len(contracts)), ("done", 7, 7))
        self.assertEqual(
            sorted(contracts.mapped("amount_total")), [1000 + i + 0.25 for i in range(1, 8)]
        )
        self.assertFalse(job.data_file, "the data file is deleted at the end")

    def test_undo_in_batches(self):
        """Undo deletes a batch at a time (here of two), all in its one transaction."""
        job = self._queue(contract_rows("LNB", 7), error_policy="valid")
        self._run_all()
        contracts = job.contract_ids
        self.assertEqual(len(contracts), 7)
        with patch("odoo.addons.crm_contract.models.crm_contract_import_job_undo.UNDO_BATCH", 2):
            job.with_user(self.user_manager).action_undo()
        self.assertFalse(contracts.exists())
        self.assertEqual(job.state, "undone")
        self.assertIn("7 records deleted", job.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestImportJobRpc(HttpCase):
    """Over JSON-RPC nobody sets the import of a record."""

    def setUp(self):
        super().setUp()
        self.olivia = new_test_user(
            self.env,
            login="link_olivia",
            groups="base.group_user,crm_contract.crm_contract_group_manager",
        )
        partner = self.env["res.partner"].create({"name": "Link RPC Ltd", "is_company": True})
        data = csv_bytes(
            [["Contract Number", "Contract Name", "Customer"], ["LRPC-1", "Linked", partner.name]]
        )
        wizard = (
            self.env["crm.contract.import"]
            .with_user(self.olivia)
            .create({"file": base64.b64encode(data), "filename": "link.csv"})
        )
        wizard.action_import()
        self.job = wizard.job_id
        self.contract = self.job.contract_ids
        self.partner = partner

    def test_rpc_cannot_set_the_import(self):
        self.assertEqual(self.contract.number, "LRPC-1")
        self.authenticate("link_olivia", "link_olivia")
        context = {"crm_contract_import_job": self.job.id}
        calls = [
            ("crm.contract", "write", [[self.contract.id], {"import_job_id": False}]),
            (
                "crm.contract",
                "create",
                [{"name": "Forged", "partner_id": self.partner.id, "import_job_id": self.job.id}],
            ),
            (
                "crm.contract.followup",
                "create",
                [
                    {
                        "contract_id": self.contract.id,
                        "description": "<p>Forged</p>",
                        "import_job_id": self.job.id,
                    }
                ],
            ),
        ]
        for model, method, args in calls:
            with self.assertRaises(JsonRpcException) as caught:
                call_kw(self, model, method, args, {"context": context})
            self.assertIn("UserError", str(caught.exception), method)
            self.assertIn('"Import": computed by the addon', str(caught.exception), method)
        self.assertEqual(self.contract.import_job_id, self.job)
