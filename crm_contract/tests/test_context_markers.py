"""No client steers a write through the context: the context keys that once changed what a
write does (the Sent mark, two primary contacts) are internal markers or decisions the
server takes itself; sent over JSON-RPC or by a portal visitor, they change nothing."""

from odoo.tests import new_test_user, tagged

from .common import call_kw
from .test_portal import PortalCase


@tagged("post_install", "-at_install")
class TestContextMarkers(PortalCase):
    def test_portal_message_does_not_mark_sent(self):
        """A portal visitor's message with mark_contract_as_sent in its context is posted,
        and the contract stays not sent."""
        self.authenticate("harbour_portal", "harbour_portal")
        token = self.draft._portal_ensure_token()
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "crm.contract",
                "thread_id": self.draft.id,
                "post_data": {"body": "Looks good to us"},
                "token": token,
                "context": {"mark_contract_as_sent": True},
            },
        )
        self.assertIn("Looks good to us", self.draft.message_ids[0].body)
        self.draft.invalidate_recordset()
        self.assertFalse(self.draft.is_sent)
        self.assertFalse(self.draft.sent_date)

    def test_rpc_message_post_does_not_mark_sent(self):
        self.authenticate(self.salesman.login, self.salesman.login)
        call_kw(
            self,
            "crm.contract",
            "message_post",
            [[self.draft.id]],
            {"body": "Internal note", "context": {"mark_contract_as_sent": True}},
        )
        self.draft.invalidate_recordset()
        self.assertFalse(self.draft.is_sent)

    def test_rpc_cannot_leave_two_primary_contacts(self):
        first, second = self.env["res.partner"].create(
            [
                {"name": "Pia Primary", "parent_id": self.customer.id},
                {"name": "Sid Second", "parent_id": self.customer.id},
            ]
        )
        lines = self.env["crm.contract.contact"].create(
            [
                {"contract_id": self.draft.id, "partner_id": first.id, "is_primary": True},
                {"contract_id": self.draft.id, "partner_id": second.id},
            ]
        )
        self.assertEqual(lines.filtered("is_primary").partner_id, first)
        manager = new_test_user(
            self.env,
            login="marker_manager",
            groups="base.group_user,crm_contract.crm_contract_group_manager",
        )
        self.authenticate(manager.login, manager.login)
        call_kw(
            self,
            "crm.contract.contact",
            "write",
            [[lines[1].id], {"is_primary": True}],
            {"context": {"crm_contract_fixing_primary": True}},
        )
        lines.invalidate_recordset()
        self.assertEqual(lines.filtered("is_primary").partner_id, second)
        self.assertEqual(len(self.draft.contact_ids.filtered("is_primary")), 1)
