"""Undo Import in the web client, by the salesperson with own documents only who imported
(desktop and phone): the contracts the import created are taken back, an active one
included; where Undo is not possible, the form says why."""

import base64

from odoo.tests import HttpCase, new_test_user, tagged

from .common import csv_bytes

HEADER = ["Contract Number", "Contract Name", "Customer", "Status", "Person in Charge"]


@tagged("post_install", "-at_install")
class TestImportUndoTour(HttpCase):
    browser_size = "1366x768"
    touch_enabled = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="undo_tour_sales",
            name="Uma Undo",
            groups="base.group_user,crm_contract.crm_contract_group_user",
        )
        cls.env["res.partner"].create({"name": "Undo Tour Ltd", "is_company": True})
        cls.job = cls._import("UNDO-TOUR-A", "undo-a.csv")
        cls.blocked = cls._import("UNDO-TOUR-B", "undo-b.csv")
        contract = cls.blocked.contract_ids.filtered(lambda c: c.number == "UNDO-TOUR-B-1")
        cls.env["crm.contract.followup"].create(
            {"contract_id": contract.id, "description": "<p>Called after the import</p>"}
        )

    @classmethod
    def _import(cls, prefix, filename):
        rows = [HEADER] + [
            [f"{prefix}-{i}", f"Undo tour {i}", "Undo Tour Ltd", state, "Uma Undo"]
            for i, state in ((1, "Active"), (2, "Draft"), (3, "Draft"))
        ]
        wizard = (
            cls.env["crm.contract.import"]
            .with_user(cls.salesman)
            .create(
                {
                    "file": base64.b64encode(csv_bytes(rows)),
                    "filename": filename,
                    "import_type": "contract",
                }
            )
        )
        wizard.action_import()
        job = wizard.job_id
        assert job.state == "done" and job.created_count == 3, job.result_summary
        return job

    def _url(self, job):
        return f"/odoo/action-crm_contract.crm_contract_import_job_action/{job.id}"

    def test_undo_by_the_salesperson(self):
        contracts = self.job.contract_ids
        self.assertIn("active", contracts.mapped("state"))
        self.start_tour(
            self._url(self.job), "crm_contract_import_undo_tour", login="undo_tour_sales"
        )
        self.assertEqual(self.job.state, "undone")
        self.assertFalse(contracts.exists())

    def test_undo_not_offered_with_the_reason(self):
        self.start_tour(
            self._url(self.blocked),
            "crm_contract_import_undo_blocked_tour",
            login="undo_tour_sales",
        )
        self.assertEqual(self.blocked.state, "done")
        self.assertEqual(len(self.blocked.contract_ids), 3)


@tagged("post_install", "-at_install")
class TestImportUndoTourPhone(TestImportUndoTour):
    browser_size = "375x667"
    touch_enabled = True
