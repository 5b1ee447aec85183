import random
import threading
import time

import psycopg2.errors

import odoo
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from .common import committed_env

ROUNDS = 20
MAX_TRIES = 8


@tagged("post_install", "-at_install")
class TestConcurrentInstalments(BaseCase):
    """Two users add an instalment to the same contract at the same time, in two
    transactions of their own (real cursors, real commits, run as the server runs a request:
    retried on a serialization failure; cleaned up afterwards). When both fit, both are
    saved with numbers of their own; when only one fits, the other is told why."""

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(get_db_name())
        with committed_env(self.registry) as env:
            partner = env["res.partner"].create({"name": "Concurrent Instalments Ltd"})
            self.partner_id = partner.id
            self.contract_id = (
                env["crm.contract"]
                .create(
                    {
                        "name": "Concurrent instalments",
                        "number": "CONC-PLAN-1",
                        "partner_id": partner.id,
                        "amount_total": ROUNDS * 2 * 10 + 10,
                    }
                )
                .id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with committed_env(self.registry) as env:
            env["crm.contract"].browse(self.contract_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _add(self, barrier, results, key, amount):
        try:
            with committed_env(self.registry) as env:
                barrier.wait(timeout=30)
                results[key] = self._retrying(env, amount)
        except Exception as exc:  # noqa: BLE001  (reported by the test)
            results[key] = exc

    def _retrying(self, env, amount):
        """Creates the instalment and commits, retrying on a serialization failure as the
        server retries a request (odoo.service.model.retrying: roll back, forget the
        caches, wait a little, try again). Not retrying() itself: it looks the registry up
        by name, which waits forever for the lock Odoo's own test runner holds."""
        for attempt in range(MAX_TRIES):
            try:
                number = (
                    env["crm.contract.payment.plan"]
                    .create(
                        {
                            "contract_id": self.contract_id,
                            "date_due": "2026-01-01",
                            "amount": amount,
                        }
                    )
                    .installment
                )
                env.cr.commit()
                return number
            except psycopg2.errors.SerializationFailure:
                env.cr.rollback()
                env.invalidate_all()
                time.sleep(random.uniform(0.0, 0.05 * 2**attempt))
        raise AssertionError(f"still refused after {MAX_TRIES} tries")

    def _round(self, amount=10):
        barrier = threading.Barrier(2)
        results = {}
        threads = [
            threading.Thread(target=self._add, args=(barrier, results, key, amount))
            for key in ("a", "b")
        ]
        # the waiting transaction's serialization failure is expected (and retried): muted
        # once, here, not in the threads (mute_logger swaps the logger's handlers)
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        return results

    def test_two_users_add_instalments_at_once(self):
        wrong = []
        for round_no in range(ROUNDS):
            results = self._round()
            if not all(isinstance(r, int) for r in results.values()) or len(results) != 2:
                wrong.append((round_no, results))
        self.assertFalse(wrong, f"wrong refusals: {wrong}")
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(DISTINCT installment), max(installment)"
                " FROM crm_contract_payment_plan WHERE contract_id = %s",
                [self.contract_id],
            )
            self.assertEqual(cr.fetchone(), (ROUNDS * 2, ROUNDS * 2, ROUNDS * 2))
        # 10 left on the contract: both ask for 10, one is told the real reason
        results = self._round(amount=10)
        outcomes = sorted(results.values(), key=lambda r: isinstance(r, Exception))
        self.assertIsInstance(outcomes[0], int)
        self.assertIsInstance(outcomes[1], Exception)
        self.assertIn("more than the contract amount", str(outcomes[1]))
