from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.crm_contract import EXPIRY_REMINDING
from ..tools.guards import internal_context
from .common import ImportCase, PaymentCase, csv_bytes


class RenewalCase(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Renewal Team"})
        cls.finance_contact = cls.env["res.partner"].create(
            {"name": "Fiona Finance", "parent_id": cls.customer.id}
        )

    @classmethod
    def _signed(cls, start=date(2025, 1, 1), end=date(2025, 12, 31), **values):
        contract = cls._create_contract(date_start=start, date_end=end, **values)
        contract.action_activate()
        return contract

    def _expiring_domain(self, today):
        """The Expiring within 30 days filter of the contract search view."""
        return [
            ("state", "=", "active"),
            ("renewed", "=", False),
            ("date_end", ">=", today),
            ("date_end", "<=", today + timedelta(days=30)),
        ]


@tagged("post_install", "-at_install")
class TestRenewal(RenewalCase):
    def test_successor_values(self):
        old = self._signed(
            user_id=self.user_own.id,
            team_id=self.team.id,
            customer_signer_id=self.customer_contact.id,
            company_signer_id=self.user_all.id,
            amount_total=4800.0,
            description="<p>Delivery every Monday</p>",
        )
        self.env["crm.contract.contact"].create(
            {
                "contract_id": old.id,
                "partner_id": self.finance_contact.id,
                "role": "finance",
                "is_primary": True,
            }
        )
        action = old.action_renew()
        new = self.env["crm.contract"].browse(action["res_id"])
        self.assertEqual(new.state, "draft")
        self.assertNotEqual(new.number, old.number)
        self.assertEqual(new.partner_id, self.customer)
        self.assertEqual(new.type_id, self.contract_type)
        self.assertEqual(new.user_id, self.user_own)
        self.assertEqual(new.team_id, self.team)
        self.assertEqual(new.customer_signer_id, self.customer_contact)
        self.assertEqual(new.company_signer_id, self.user_all)
        self.assertEqual(new.amount_total, 4800.0)
        self.assertIn("Delivery every Monday", new.description)
        self.assertEqual(new.date_start, date(2026, 1, 1))
        self.assertEqual(new.date_end, date(2026, 12, 31))
        self.assertFalse(new.date_signed)
        self.assertEqual(
            sorted((c.partner_id.name, c.role, c.is_primary) for c in new.contact_ids),
            [("Fiona Finance", "finance", True), ("Hannah Harbour", "signer", False)],
        )
        # links both ways
        self.assertEqual(new.previous_contract_id, old)
        self.assertEqual(old.renewal_ids, new)
        self.assertEqual(old.next_contract_id, new)
        self.assertEqual(old.renewal_chain_ids, old | new)
        self.assertEqual(new.renewal_chain_count, 1)
        # the amount of the draft renewal stays editable
        new.amount_total = 5200.0
        self.assertEqual(old.amount_total, 4800.0)

    def test_successor_dates_same_duration(self):
        """Whole months stay months (leap years included); other periods keep their days."""
        months = self._signed(start=date(2023, 3, 1), end=date(2024, 2, 29))
        self.assertEqual(months._renewal_dates(), (date(2024, 3, 1), date(2025, 2, 28)))
        days = self._signed(start=date(2025, 1, 10), end=date(2025, 3, 20))
        new = days._renew()
        self.assertEqual(new.date_start, date(2025, 3, 21))
        self.assertEqual(new.date_end - new.date_start, date(2025, 3, 20) - date(2025, 1, 10))
        no_start = self._signed(start=False, end=date(2025, 6, 30), renewal_term_months=3)
        self.assertEqual(no_start._renewal_dates(), (date(2025, 7, 1), date(2025, 9, 30)))

    def test_renew_refusals(self):
        draft = self._create_contract(date_end=date(2025, 12, 31))
        with self.assertRefused(UserError, "only active or expired contracts"):
            draft.action_renew()
        no_end = self._signed(start=date(2025, 1, 1), end=False)
        with self.assertRefused(UserError, "has no end date"):
            no_end.action_renew()
        old = self._signed()
        new = old._renew()
        with self.assertRefused(UserError, "already renewed by"):
            old.action_renew()
        # a second renewal linked by hand is refused too
        with self.assertRefused(ValidationError, "already renewed by another contract"):
            self._create_contract(previous_contract_id=old.id)
        # once the draft renewal is cancelled, the contract can be renewed again
        new._cancel("Customer asked for other terms")
        again = old._renew()
        self.assertEqual(old.next_contract_id, again)
        with self.assertRefused(ValidationError, "cannot renew itself"):
            old.previous_contract_id = again

    def test_expired_contract_renewed(self):
        old = self._signed()
        with freeze_time("2026-01-05"):
            self.env["crm.contract"]._cron_expire_contracts()
        self.assertEqual(old.state, "expired")
        new = old._renew()
        self.assertEqual(new.date_start, date(2026, 1, 1))

    def test_renewed_marker(self):
        old = self._signed()
        new = old._renew()
        self.assertFalse(old.renewed)
        today = date(2025, 12, 10)
        Contract = self.env["crm.contract"]
        self.assertIn(old, Contract.search(self._expiring_domain(today)))
        new.action_activate()
        self.assertTrue(old.renewed)
        self.assertEqual(old.renewed_by_id, new)
        self.assertNotIn(old, Contract.search(self._expiring_domain(today)))
        self.assertIn(old, Contract.search([("renewed", "=", True)]))
        self.assertIn("Renewed by", old.message_ids[0].body)
        self.assertIn(new.display_name, old.message_ids[0].body)
        # the marker is computed: nobody sets it
        with self.assertRefused(UserError, "computed by the addon"):
            old.write({"renewed": False})
        with self.assertRefused(UserError, "computed by the addon"):
            self._create_contract(renewed_by_id=new.id)
        # the old contract keeps its own life: it expires at its end date
        with freeze_time("2026-01-02"):
            Contract._cron_expire_contracts()
        self.assertEqual(old.state, "expired")
        self.assertTrue(old.renewed)

    @freeze_time("2025-12-10")
    def test_no_reminders_after_renewal(self):
        Contract = self.env["crm.contract"]
        reminded = self._signed()
        renewed_first = self._signed(name="Renewed first")
        renewed_first._renew().action_activate()
        found = Contract._cron_expiry_reminders()
        self.assertIn(reminded, found)
        self.assertNotIn(renewed_first, found)
        self.assertFalse(renewed_first.activity_ids)
        self.assertEqual(len(reminded.activity_ids), 1)
        # signing the renewal closes the reminder already given, and none comes back
        reminded._renew().action_activate()
        self.assertFalse(reminded.activity_ids)
        internal_context(reminded, EXPIRY_REMINDING).expiry_reminded_date_end = False
        self.assertNotIn(reminded, Contract._cron_expiry_reminders())
        self.assertFalse(reminded.activity_ids)


@tagged("post_install", "-at_install")
class TestAutoRenewal(RenewalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._signed(
            user_id=cls.user_own.id,
            auto_renew=True,
            renewal_term_months=6,
            notice_days=30,
            amount_total=1200.0,
        )

    def test_notice_deadline(self):
        self.assertEqual(self.contract.date_notice, date(2025, 12, 1))
        self.contract.notice_days = 60
        self.assertEqual(self.contract.date_notice, date(2025, 11, 1))
        with self.assertRefused(ValidationError, "notice period must be between"):
            self.contract.notice_days = -1
        with self.assertRefused(ValidationError, "renewal term must be between"):
            self.contract.renewal_term_months = 0

    def test_auto_renewal_at_end_date_once(self):
        Contract = self.env["crm.contract"]
        with freeze_time("2025-12-30"):
            self.assertFalse(Contract._cron_auto_renew())
        self.assertFalse(self.contract.renewal_ids)
        with freeze_time("2025-12-31"):
            Contract._cron_auto_renew()
            Contract._cron_auto_renew()
            # the locked renewal itself refuses a second successor
            self.assertFalse(self.contract._auto_renew())
        new = self.contract.renewal_ids
        self.assertEqual(len(new), 1)
        self.assertEqual(new.state, "active")
        self.assertTrue(new.auto_renewed)
        self.assertEqual(new.date_signed, date(2025, 12, 31))
        self.assertEqual((new.date_start, new.date_end), (date(2026, 1, 1), date(2026, 6, 30)))
        self.assertEqual(new.amount_total, 1200.0)
        self.assertEqual(new.user_id, self.user_own)
        self.assertTrue(new.auto_renew)
        self.assertTrue(self.contract.renewed)
        bodies = " ".join(self.contract.message_ids.mapped("body"))
        self.assertIn("Renewed automatically by the daily job", bodies)
        self.assertIn("Signed automatically", " ".join(new.message_ids.mapped("body")))
        # the next day the old contract expires, and is not renewed a second time
        with freeze_time("2026-01-01"):
            Contract._cron_expire_contracts()
            Contract._cron_auto_renew()
        self.assertEqual(self.contract.state, "expired")
        self.assertEqual(len(self.contract.renewal_ids), 1)
        self.assertEqual(
            self.env["crm.contract"].search_count([("previous_contract_id", "=", new.id)]), 0
        )

    def test_auto_renewal_catches_up_a_missed_day(self):
        with freeze_time("2026-01-03"):
            self.env["crm.contract"]._cron_expire_contracts()
            self.env["crm.contract"]._cron_auto_renew()
        self.assertEqual(self.contract.state, "expired")
        self.assertEqual(self.contract.renewal_ids.state, "active")
        self.assertEqual(self.contract.renewal_ids.date_start, date(2026, 1, 1))

    def test_manual_renewal_not_duplicated(self):
        draft = self.contract._renew()
        with freeze_time("2025-12-31"):
            self.env["crm.contract"]._cron_auto_renew()
        self.assertEqual(self.contract.renewal_ids, draft)
        self.assertEqual(draft.state, "draft")

    def test_do_not_renew_before_notice_deadline(self):
        contract = self.contract.with_user(self.user_own)
        with freeze_time("2025-11-20"):
            self.env["crm.contract"]._cron_auto_renew()
            self.assertEqual(len(contract.activity_ids), 1)
            contract.action_no_renew()
        self.assertTrue(self.contract.no_renew)
        self.assertFalse(self.contract.activity_ids)
        with freeze_time("2025-12-31"):
            self.env["crm.contract"]._cron_auto_renew()
        self.assertFalse(self.contract.renewal_ids)
        # Do Not Renew is set through its button only
        with self.assertRefused(UserError, "computed by the addon"):
            contract.write({"no_renew": False})

    def test_do_not_renew_refused_after_notice_deadline(self):
        contract = self.contract.with_user(self.user_own)
        with freeze_time("2025-12-02"):
            contract.invalidate_recordset(["can_stop_renewal"])
            self.assertFalse(contract.can_stop_renewal)  # the button is hidden
            with self.assertRefused(UserError, "has passed"):
                contract.action_no_renew()
            with self.assertRefused(UserError, "has passed"):
                contract.write({"auto_renew": False})
        with freeze_time("2025-12-01"):
            contract.invalidate_recordset(["can_stop_renewal"])
            self.assertTrue(contract.can_stop_renewal)
            contract.action_no_renew()  # the deadline day itself is still in time
        self.assertTrue(self.contract.no_renew)
        contract.action_resume_renew()
        self.assertFalse(self.contract.no_renew)

    def test_notice_activity(self):
        Contract = self.env["crm.contract"]
        with freeze_time("2025-11-10"):
            Contract._cron_auto_renew()
        self.assertFalse(self.contract.activity_ids)
        with freeze_time("2025-11-20"):
            Contract._cron_auto_renew()
            Contract._cron_auto_renew()
        activity = self.contract.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_own)
        self.assertEqual(activity.date_deadline, date(2025, 12, 1))
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("crm_contract.mail_activity_type_contract_renewal_notice"),
        )
        self.assertIn("Do Not Renew", activity.summary)
        # renewed, the notice activity goes away
        with freeze_time("2025-12-31"):
            Contract._cron_auto_renew()
        self.assertFalse(
            self.contract.activity_ids.filtered(
                lambda a: a.activity_type_id.xml_id
                == "crm_contract.mail_activity_type_contract_renewal_notice"
            )
        )

    def test_auto_renewed_flag_protected(self):
        with self.assertRefused(UserError, "computed by the addon"):
            self._create_contract(auto_renewed=True)


@tagged("post_install", "-at_install")
class TestRenewalAccess(RenewalCase):
    def test_own_user_renews_own_contracts_only(self):
        mine = self._signed(user_id=self.user_own.id)
        theirs = self._signed(user_id=self.user_own_2.id, name="Oscar's")
        new = mine.with_user(self.user_own)._renew()
        self.assertEqual(new.previous_contract_id, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_own).action_renew()
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_own).action_no_renew()
        # linking someone else's contract as the previous one is refused
        Contract = self.env["crm.contract"].with_user(self.user_own)
        with self.assertRaises(AccessError):
            Contract.create(
                {
                    "name": "Forged renewal",
                    "partner_id": self.customer.id,
                    "previous_contract_id": theirs.id,
                }
            )
        draft = Contract.create({"name": "Mine", "partner_id": self.customer.id})
        with self.assertRaises(AccessError):
            draft.write({"previous_contract_id": theirs.id})
        self.assertFalse(theirs.renewal_ids)
        # users of all documents renew anyone's contracts
        theirs.with_user(self.user_all)._renew()
        self.assertTrue(theirs.renewal_ids)

    def test_renewal_report(self):
        renewed = self._signed(user_id=self.user_own.id, name="Renewed")
        renewed._renew().action_activate()
        lost = self._signed(user_id=self.user_own.id, name="Lost")
        others = self._signed(user_id=self.user_own_2.id, name="Others")
        with freeze_time("2026-01-02"):
            self.env["crm.contract"]._cron_expire_contracts()
        self.assertEqual(lost.state, "expired")
        Report = self.env["crm.contract.renewal.report"]
        rows = Report.search([("contract_id", "in", (renewed | lost | others).ids)])
        self.assertEqual(
            sorted(rows.mapped(lambda r: (r.contract_id.name, r.outcome))),
            [("Lost", "expired"), ("Others", "expired"), ("Renewed", "renewed")],
        )
        groups = Report.with_user(self.user_own)._read_group(
            [("contract_id", "in", (renewed | lost | others).ids)],
            ["date_end:month", "user_id"],
            ["renewed_count:sum", "expired_count:sum", "renewal_rate:avg"],
        )
        self.assertEqual(len(groups), 1)  # Oscar's contract is not shown to Olivia
        _month, user, renewed_count, expired_count, rate = groups[0]
        self.assertEqual((user, renewed_count, expired_count, rate), (self.user_own, 1, 1, 50.0))


@tagged("post_install", "-at_install")
class TestRenewalImport(ImportCase):
    def test_previous_contract_column(self):
        old = self._create_contract(
            number="OLD-1", date_start=date(2025, 1, 1), date_end=date(2025, 12, 31)
        )
        old.action_activate()
        data = csv_bytes(
            [
                ["Contract Number", "Contract Name", "Customer", "Previous Contract No."],
                ["NEW-1", "Renewal", "Harbour Freight Ltd", "OLD-1"],
            ]
        )
        wizard = self._wizard(data)
        wizard.action_import()
        new = self._contracts(["NEW-1"])
        self.assertEqual(new.previous_contract_id, old)
        self.assertEqual(old.next_contract_id, new)

    def test_chinese_header_and_errors(self):
        old = self._create_contract(number="旧-1")
        mine = self._create_contract(number="旧-2", user_id=self.owner.id)
        data = csv_bytes(
            [
                ["合同编号", "合同名称", "客户名称", "原合同编号"],
                ["新-1", "续签", "Harbour Freight Ltd", "旧-9"],
                ["新-2", "续签", "Harbour Freight Ltd", "新-2"],
                ["新-3", "续签", "Harbour Freight Ltd", "旧-1"],
                ["新-4", "续签", "Harbour Freight Ltd", "旧-2"],
            ]
        )
        owner = self.owner
        owner.groups_id = [(4, self.env.ref("crm_contract.crm_contract_group_user").id)]
        old.user_id = self.user_own_2
        wizard = self._wizard(data, user=owner)
        wizard.action_test()
        messages = {(row, message) for row, _column, message in self._messages(wizard)}
        self.assertIn(
            (
                2,
                "no contract numbered 旧-9 to renew (it must be imported or created "
                "before its renewal)",
            ),
            messages,
        )
        self.assertIn((3, "a contract cannot renew itself"), messages)
        # someone else's contract is not found for an own-documents user
        self.assertIn(
            (
                4,
                "no contract numbered 旧-1 to renew (it must be imported or created before its "
                "renewal)",
            ),
            messages,
        )
        self.assertNotIn(5, {row for row, _m in messages})
        self.assertFalse(mine.renewal_ids)
