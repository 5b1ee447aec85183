"""The same breaches over HTTP JSON-RPC, as an adversarial test tried them: forged totals,
other people's uploads and the import's markers are refused by the server, not only by the
web client."""

import base64
from datetime import date, timedelta

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import call_kw, csv_bytes


@tagged("post_install", "-at_install")
class TestHardeningRpc(HttpCase):
    def setUp(self):
        super().setUp()
        own = "base.group_user,crm_contract.crm_contract_group_user"
        self.olivia = new_test_user(self.env, login="rpc_olivia", groups=own)
        self.oscar = new_test_user(self.env, login="rpc_oscar", groups=own)
        customer = self.env["res.partner"].create({"name": "RPC Customer", "is_company": True})
        self.contract = self.env["crm.contract"].create(
            {
                "name": "RPC contract",
                "partner_id": customer.id,
                "amount_total": 1000,
                "user_id": self.olivia.id,
            }
        )
        self.contract.action_activate()
        self.plan = self.env["crm.contract.payment.plan"].create(
            {"contract_id": self.contract.id, "date_due": date(2030, 1, 1), "amount": 1000}
        )

    def _call(self, model, method, args, kwargs=None):
        return call_kw(self, model, method, args, kwargs)

    def test_forged_totals_refused(self):
        self.authenticate("rpc_olivia", "rpc_olivia")
        forged = {
            "amount_received": 1000,
            "amount_due": 0,
            "payment_state": "paid",
            "payment_progress": 100,
        }
        for fname, value in forged.items():
            with self.assertRaises(JsonRpcException) as caught:
                self._call("crm.contract", "write", [[self.contract.id], {fname: value}])
            self.assertIn("computed by the addon, cannot be set directly", str(caught.exception))
        for fname, value in {"state": "paid", "amount_residual": 0, "currency_id": False}.items():
            with self.assertRaises(JsonRpcException):
                self._call("crm.contract.payment.plan", "write", [[self.plan.id], {fname: value}])
        with self.assertRaises(JsonRpcException):
            self._call("crm.contract", "write", [[self.contract.id], {"state": "draft"}])
        # a context key sent over RPC does not open the lifecycle
        with self.assertRaises(JsonRpcException):
            self._call(
                "crm.contract",
                "write",
                [[self.contract.id], {"state": "cancelled"}],
                {"context": {"crm_contract_closing": True}},
            )
        self.contract.invalidate_recordset()
        self.plan.invalidate_recordset()
        self.assertEqual(self.contract.payment_state, "on_track")
        self.assertEqual(self.contract.amount_received, 0)
        self.assertEqual(self.contract.state, "active")
        self.assertEqual(self.plan.state, "pending")
        self.assertEqual(self.plan.amount_residual, 1000)

    def test_uploads_private(self):
        data = csv_bytes([["Contract Number", "Contract Name", "Customer"], ["", "", "Nobody"]])
        wizard = (
            self.env["crm.contract.import"]
            .with_user(self.olivia)
            .create({"file": base64.b64encode(data), "filename": "secret.csv"})
        )
        wizard.action_load()
        wizard.action_test()
        self.assertTrue(wizard.error_file)
        self.authenticate("rpc_oscar", "rpc_oscar")
        found = self._call(
            "crm.contract.import", "search_read", [[["id", "=", wizard.id]]], {"fields": ["file"]}
        )
        self.assertEqual(found, [])
        with self.assertRaises(JsonRpcException):
            self._call("crm.contract.import", "read", [[wizard.id], ["file"]])
        with self.assertRaises(JsonRpcException):
            self._call("crm.contract.import", "write", [[wizard.id], {"filename": "x.csv"}])
        # the problems are the import record's (a test run's, here)
        errors = self._call(
            "crm.contract.import.job.error",
            "search_read",
            [[["job_id", "=", wizard.last_job_id.id]]],
            {"fields": ["message"]},
        )
        self.assertEqual(errors, [])
        response = self.url_open(
            f"/web/content/crm.contract.import/{wizard.id}/error_file/errors.csv?download=true"
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(b"Nobody", response.content)
        # the terminate dialog reveals nothing of a contract Oscar cannot read
        with self.assertRaises(JsonRpcException) as caught:
            self._call(
                "crm.contract.terminate",
                "create",
                [{"contract_id": self.contract.id, "reason": "x"}],
            )
        self.assertNotIn("RPC contract", str(caught.exception))
        with self.assertRaises(JsonRpcException) as caught:
            self._call(
                "crm.contract.payment.plan.wizard",
                "create",
                [{"contract_id": self.contract.id}],
            )
        self.assertNotIn("RPC contract", str(caught.exception))
        # the owner downloads her error file
        self.authenticate("rpc_olivia", "rpc_olivia")
        response = self.url_open(
            f"/web/content/crm.contract.import/{wizard.id}/error_file/errors.csv?download=true"
        )
        self.assertEqual(response.status_code, 200)

    def test_import_markers_cannot_be_sent(self):
        """The import's markers are not context keys: a follow-up created over JSON-RPC
        with them is created as any other, logged in its contract's chatter, its next
        contact activity scheduled as usual (with the follow-up's text as its note)."""
        self.authenticate("rpc_olivia", "rpc_olivia")
        past = (date.today() - timedelta(days=10)).isoformat()
        forged = {"crm_contract_import": True, "crm_contract_import_past_activities": True}
        outcome = {}
        for label, context in (("plain", {}), ("forged", forged)):
            self.contract.invalidate_recordset(["message_ids"])
            messages = self.contract.message_ids
            followup_id = self._call(
                "crm.contract.followup",
                "create",
                [
                    {
                        "contract_id": self.contract.id,
                        "description": f"<p>Called the customer ({label})</p>",
                        "next_date": past,
                        "next_action": "Call back",
                    }
                ],
                {"context": context},
            )
            followup = self.env["crm.contract.followup"].browse(followup_id)
            self.contract.invalidate_recordset(["message_ids"])
            posted = self.contract.message_ids - messages
            activity = followup.activity_id
            self.assertIn(f"Called the customer ({label})", str(activity.note), label)
            self.assertIn(f"Called the customer ({label})", "".join(posted.mapped("body")))
            outcome[label] = (
                len(posted),
                activity.summary,
                activity.date_deadline,
                activity.user_id,
                activity.res_id,
            )
        self.assertEqual(outcome["forged"], outcome["plain"])
        self.assertEqual(outcome["plain"][0], 1)
