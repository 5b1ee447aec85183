from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


class RenewalTourCase(HttpCase):
    """Renews a contract and amends the renewal's amount through the web client in headless
    Chromium, as a salesperson (own-documents contract user through CRM's Sales group)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="tour_renewal_salesman",
            name="Rita Renewal",
            groups="sales_team.group_sale_salesman",
        )
        customer = cls.env["res.partner"].create({"name": "Tour Renewals Ltd", "is_company": True})
        cls.contract = cls.env["crm.contract"].create(
            {
                "number": "TOUR-RENEW-1",
                "name": "Tour maintenance",
                "partner_id": customer.id,
                "user_id": cls.salesman.id,
                "amount_total": 10000,
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 12, 31),
            }
        )
        cls.contract.action_activate()

    def _run_tour(self):
        self.start_tour(
            f"/odoo/action-crm_contract.crm_contract_action/{self.contract.id}",
            "crm_contract_renewal_amend_tour",
            login="tour_renewal_salesman",
        )
        old = self.contract
        new = old.renewal_ids
        self.assertEqual(len(new), 1)
        self.assertEqual(new.state, "active")
        self.assertEqual((new.date_start, new.date_end), (date(2026, 1, 1), date(2026, 12, 31)))
        self.assertTrue(old.renewed)
        self.assertEqual(old.renewed_by_id, new)
        self.assertEqual(old.amount_total, 10000)
        amendment = new.amendment_ids
        self.assertEqual(amendment.state, "applied")
        self.assertEqual(amendment.name, f"{new.number}-A1")
        self.assertEqual(amendment.reason, "Two more sites covered")
        self.assertEqual(amendment.amount_before, 12000)
        self.assertEqual(new.amount_total, 13500)


@tagged("post_install", "-at_install")
class TestRenewalTour(RenewalTourCase):
    def test_renew_and_amend_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestRenewalTourMobile(RenewalTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_renew_and_amend_phone(self):
        self._run_tour()
