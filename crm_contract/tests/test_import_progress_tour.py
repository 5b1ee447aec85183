"""The background import's form follows the import's progress live (desktop and phone)."""

import base64

from odoo.tests import HttpCase, tagged

from .common import csv_bytes

ROWS = [
    ["Contract Number", "Contract Name", "Customer", "Amount"],
    ["LIVE-1", "Live progress 1", "Live Progress Ltd", "100"],
    ["LIVE-2", "Live progress 2", "Live Progress Ltd", "200"],
    ["LIVE-3", "Live progress 3", "Live Progress Ltd", "300"],
]


@tagged("post_install", "-at_install")
class TestImportProgressTour(HttpCase):
    browser_size = "1366x768"
    touch_enabled = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"].create({"name": "Live Progress Ltd", "is_company": True})
        cls.env["ir.config_parameter"].set_param("crm_contract.import_background_rows", 2)
        Job = cls.env["crm.contract.import.job"]
        # the scheduled job takes the oldest waiting import first: none but this one
        Job.search([("state", "in", ("queued", "running"))]).write({"state": "failed"})
        wizard = cls.env["crm.contract.import"].create(
            {
                "file": base64.b64encode(csv_bytes(ROWS)),
                "filename": "live.csv",
                "import_type": "contract",
            }
        )
        cls.job = Job.browse(wizard.action_import()["res_id"])

    def test_form_follows_the_import(self):
        self.assertEqual(self.job.state, "queued")
        self.start_tour(
            f"/odoo/action-crm_contract.crm_contract_import_job_action/{self.job.id}",
            "crm_contract_import_progress_tour",
            login="admin",
        )
        self.assertEqual((self.job.state, self.job.created_count), ("done", 3))
        self.assertEqual(
            sorted(
                self.env["crm.contract"]
                .search([("number", "like", "LIVE-")])
                .mapped("amount_total")
            ),
            [100.0, 200.0, 300.0],
        )


@tagged("post_install", "-at_install")
class TestImportProgressTourPhone(TestImportProgressTour):
    browser_size = "375x667"
    touch_enabled = True
