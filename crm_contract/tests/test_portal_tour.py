from odoo.tests import tagged

from .test_portal import PortalCase


class PortalTourCase(PortalCase):
    """A customer signs a contract on the portal in headless Chromium."""

    def _run_sign_tour(self):
        contract = self.env["crm.contract"].create(
            self._vals(
                "Tour supply",
                self.customer,
                number="PTOUR-1",
                description="<p>Delivery within 30 days of each order.</p>",
            )
        )
        self.env["crm.contract.payment.plan"].create(
            {"contract_id": contract.id, "date_due": "2026-03-31", "amount": 600.0}
        )
        self.start_tour("/my", "crm_contract_portal_sign_tour", login="harbour_portal")
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.signed_by, "Hannah Harbour")
        self.assertTrue(contract.signature)
        self.assertEqual(contract.activity_ids.user_id, self.salesman)


@tagged("post_install", "-at_install")
class TestPortalTour(PortalTourCase):
    def test_portal_sign_desktop(self):
        self._run_sign_tour()


@tagged("post_install", "-at_install")
class TestPortalTourMobile(PortalTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_portal_sign_phone(self):
        self._run_sign_tour()
