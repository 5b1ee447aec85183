"""The contract's PDF carries its history: the contract it renews and its applied
amendments (draft and cancelled ones left out)."""

from datetime import date

from odoo.tests import tagged

from .test_amendment import AmendmentCase
from .test_report import CONTRACT_REPORT


@tagged("post_install", "-at_install")
class TestContractReportHistory(AmendmentCase):
    def _html(self, contract):
        report = self.env["ir.actions.report"]
        return report._render_qweb_html(CONTRACT_REPORT, contract.ids)[0].decode()

    def test_applied_amendments_listed(self):
        applied = self._amend(
            amount_total=1500.0, date_effective=date(2025, 3, 1), reason="Scope extended"
        )
        applied.action_apply()
        draft = self._amend(amount_total=1800.0, reason="Second thoughts")
        html = self._html(self.contract)
        self.assertIn(applied.name, html)
        self.assertIn("Scope extended", html)
        self.assertIn("1,500.00", html)
        self.assertNotIn(draft.name, html)
        self.assertNotIn("Second thoughts", html)

    def test_no_amendment_section_without_applied_amendment(self):
        self._amend(amount_total=1800.0, reason="Not applied yet")
        html = self._html(self.contract)
        self.assertNotIn('name="contract_amendments"', html)

    def test_renewal_names_previous_contract(self):
        action = self.contract.action_renew()
        renewal = self.env["crm.contract"].browse(action["res_id"])
        self.assertEqual(renewal.previous_contract_id, self.contract)
        html = self._html(renewal)
        self.assertIn('name="contract_renewal_of"', html)
        self.assertIn(self.contract.number, html)
