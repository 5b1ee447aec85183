import base64
import threading

import odoo
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from .common import committed_env, csv_bytes

HEADER = ["Contract Number", "Contract Name", "Customer"]


@tagged("post_install", "-at_install")
class TestConcurrentImports(BaseCase):
    """Two imports committed at the same time, in two transactions of their own (real
    cursors, real commits, cleaned up afterwards): they overlap on 25 contract numbers.
    Whichever saves second meets the unique number, and, all-or-nothing, writes nothing."""

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(get_db_name())
        with committed_env(self.registry) as env:
            self.customer_id = env["res.partner"].create({"name": "Concurrent Imports Ltd"}).id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with committed_env(self.registry) as env:
            env["crm.contract"].search([("number", "=like", "CONC-%")]).unlink()
            env["res.partner"].browse(self.customer_id).unlink()

    def _import(self, numbers, barrier, results, key):
        data = csv_bytes(
            [HEADER] + [[n, f"Contract {n}", "Concurrent Imports Ltd"] for n in numbers]
        )
        try:
            with committed_env(self.registry) as env:
                wizard = env["crm.contract.import"].create(
                    {"file": base64.b64encode(data), "filename": f"{key}.csv"}
                )
                barrier.wait(timeout=30)
                wizard.action_import()
                results[key] = (
                    wizard.created_count,
                    wizard.error_count,
                    wizard.error_line_ids.mapped("message"),
                )
        except Exception as exc:  # noqa: BLE001  (reported by the test)
            results[key] = exc

    def test_two_imports_at_once(self):
        first = [f"CONC-{i:03d}" for i in range(1, 51)]
        second = [f"CONC-{i:03d}" for i in range(26, 76)]
        barrier = threading.Barrier(2)
        results = {}
        threads = [
            threading.Thread(target=self._import, args=(first, barrier, results, "a")),
            threading.Thread(target=self._import, args=(second, barrier, results, "b")),
        ]
        # the database's refusal of the second insert is the point of the test (muted once,
        # here: mute_logger swaps the logger's handlers, which two threads must not do)
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertEqual(set(results), {"a", "b"}, results)
        for result in results.values():
            self.assertIsInstance(result, tuple, result)
        outcomes = sorted(results.values(), key=lambda r: r[0])
        failed, succeeded = outcomes
        self.assertEqual(succeeded[:2], (50, 0))
        self.assertEqual(failed[0], 0)
        self.assertEqual(failed[1], 25)
        self.assertIn("already used by another contract", failed[2][0])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(DISTINCT number) FROM crm_contract"
                " WHERE number LIKE 'CONC-%%'"
            )
            self.assertEqual(cr.fetchone(), (50, 50))
