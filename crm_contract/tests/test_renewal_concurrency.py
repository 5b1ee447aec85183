import threading

import odoo
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from .common import committed_env

ROUNDS = 5


@tagged("post_install", "-at_install")
class TestConcurrentAutoRenewal(BaseCase):
    """Two workers run the automatic renewal of the same contract at the same time, in two
    transactions of their own (real cursors, real commits; cleaned up afterwards): one
    renewal is created and signed, never two."""

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(get_db_name())
        self.contract_ids = []
        with committed_env(self.registry) as env:
            partner = env["res.partner"].create({"name": "Concurrent Renewals Ltd"})
            self.partner_id = partner.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with committed_env(self.registry) as env:
            contracts = env["crm.contract"].search(
                [("partner_id", "=", self.partner_id)], order="id desc"
            )
            contracts.filtered(lambda c: c.state == "active")._cancel("Test clean-up")
            contracts.unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _contract(self, round_no):
        with committed_env(self.registry) as env:
            contract = env["crm.contract"].create(
                {
                    "name": f"Concurrent renewal {round_no}",
                    "partner_id": self.partner_id,
                    "amount_total": 100,
                    "date_start": "2025-01-01",
                    "date_end": "2025-12-31",
                    "auto_renew": True,
                }
            )
            contract.action_activate()
            return contract.id

    def _renew(self, barrier, results, key, contract_id):
        try:
            with committed_env(self.registry) as env:
                contract = env["crm.contract"].browse(contract_id)
                contract.read(["renewal_ids"])  # the snapshot: before the other one commits
                barrier.wait(timeout=30)
                results[key] = len(contract._auto_renew())
                env.cr.commit()
        except Exception as exc:  # noqa: BLE001  (a refused second worker is reported)
            results[key] = exc

    def test_two_workers_renew_once(self):
        for round_no in range(ROUNDS):
            contract_id = self._contract(round_no)
            barrier = threading.Barrier(2)
            results = {}
            threads = [
                threading.Thread(target=self._renew, args=(barrier, results, key, contract_id))
                for key in ("a", "b")
            ]
            with mute_logger("odoo.sql_db"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=120)
            # one worker renews; the other finds the contract locked or already renewed
            # (nothing done, or refused by the database), never a second renewal
            self.assertEqual(sorted(r for r in results.values() if isinstance(r, int))[-1:], [1])
            with committed_env(self.registry) as env:
                renewals = env["crm.contract"].search([("previous_contract_id", "=", contract_id)])
                self.assertEqual(len(renewals), 1, results)
                self.assertEqual(renewals.state, "active")
