"""Query counts of the contract views that do not grow with the data: a page of the list and
of the kanban (10 rows, then 80), and the form of a small and of a large contract (with its
one2many tabs), each read as the web client reads them (the field specification derived
from the view), as a user who sees their own contracts and as a contract administrator
(record rules add queries)."""

from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import tagged, users, warmup

from ..models import crm_contract as contract_module
from .common import ContractCase, PaymentCase, count_queries, installed_count, view_specification

# Ceilings of the page of 80 and of the form: the counts of today plus two queries (list
# and kanban: 11 as an own-documents user, 13 as a manager), so that a field added to a view
# does not break them, while a query per record (80 rows) would; the form: 28 and 30 with
# crm_contract alone since the Products tab (its lines), the Team tab (its members) and the
# document's recipient came, plus one query for each bridge installed beside it (the
# approval addon's reviews, the sales addon's orders). The tests also assert that 80 rows
# cost exactly what 10 rows cost, and a large form what a small one costs.
LIST_CEILING = {"contract_own": 13, "contract_manager": 15}
KANBAN_CEILING = {"contract_own": 13, "contract_manager": 15}
FORM_CEILING = {"contract_own": 28, "contract_manager": 30}
FORM_BRIDGES = ("crm_contract_tier_validation", "crm_contract_sale", "crm_contract_account")


@tagged("post_install", "-at_install", "crm_contract_performance")
class TestContractQueryCounts(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_own.groups_id += cls.env.ref("sales_team.group_sale_salesman")
        cls.user_manager.groups_id += cls.env.ref("sales_team.group_sale_salesman")
        customers = cls.env["res.partner"].create(
            [{"name": f"Query Customer {n}", "is_company": True} for n in range(81)]
        )
        types = cls.env["crm.contract.type"].create([{"name": f"Query Type {n}"} for n in range(4)])
        start = date(2025, 1, 1)
        cls.contracts = cls.env["crm.contract"].create(
            [
                {
                    "name": f"Query contract {n}",
                    "partner_id": customers[n].id,
                    "user_id": cls.user_own.id,
                    "type_id": types[n % 4].id,
                    "amount_total": 12000,
                    "date_signed": start,
                    "date_start": start,
                    "date_end": start + relativedelta(years=1, days=-1),
                    "payment_plan_ids": [
                        Command.create(
                            {"date_due": start + relativedelta(months=m), "amount": 1000}
                        )
                        for m in range(12)
                    ],
                }
                for n in range(81)
            ]
        )
        cls.small, cls.large = cls.contracts[:2]
        # the large contract: 24 instalments, 60 follow-ups, 8 receipts, 3 listed contacts
        cls.large.payment_plan_ids.unlink()
        cls.large.write(
            {
                "amount_total": 24000,
                "date_end": start + relativedelta(years=2, days=-1),
                "payment_plan_ids": [
                    Command.create({"date_due": start + relativedelta(months=m), "amount": 1000})
                    for m in range(24)
                ],
            }
        )
        # signed once drafted: the amount and end date of an active contract change only
        # through an amendment
        cls.contracts.action_activate()
        # the small one: 12 instalments, one follow-up, one receipt, one listed contact
        contacts = cls.env["res.partner"].create(
            [{"name": f"Query Contact {n}", "parent_id": customers[min(n, 1)].id} for n in range(4)]
        )
        cls.env["crm.contract.contact"].create(
            [
                {"contract_id": (cls.large if n else cls.small).id, "partner_id": contact.id}
                for n, contact in enumerate(contacts)
            ]
        )
        cls.env["crm.contract.payment"].create(
            [
                {
                    "contract_id": cls.large.id,
                    "amount": 1000,
                    "date": start + relativedelta(months=m),
                }
                for m in range(8)
            ]
            + [{"contract_id": cls.small.id, "amount": 1000, "date": start}]
        ).action_confirm()
        cls.env["crm.contract.followup"].create(
            [
                {
                    "contract_id": contract.id,
                    "description": f"<p>Call {n}</p>",
                    "user_id": cls.user_own.id,
                    "next_date": date(2026, 1, 10) if n < 2 else False,
                }
                for n, contract in enumerate((cls.small, *[cls.large] * 60))
            ]
        )

    def _specification(self, view_type):
        views = self.env["crm.contract"].get_views([(False, view_type)])
        arch = etree.fromstring(views["views"][view_type]["arch"])
        return view_specification(self.env, "crm.contract", arch)

    def _count(self, func):
        return count_queries(self.env, func)

    def _assert_page_count(self, spec, ceiling):
        Contract = self.env["crm.contract"]

        def page(size):
            # a full page (size rows of size + 1): the client then also counts the records
            domain = [("id", "in", self.contracts[: size + 1].ids)]
            result = Contract.web_search_read(domain, spec, limit=size)
            self.assertEqual(len(result["records"]), size)
            self.assertEqual(result["length"], size + 1)
            return result

        count_10 = self._count(lambda: page(10))
        count_80 = self._count(lambda: page(80))
        if self.warm:
            self.assertEqual(count_80, count_10, "a page of 80 contracts runs more queries than 10")
        self.env.invalidate_all()
        with self.assertQueryCount(**ceiling):
            page(80)

    @users("contract_own", "contract_manager")
    @warmup
    def test_list_page(self):
        self._assert_page_count(self._specification("list"), LIST_CEILING)

    @users("contract_own", "contract_manager")
    @warmup
    def test_kanban_page(self):
        self._assert_page_count(self._specification("kanban"), KANBAN_CEILING)

    @users("contract_own", "contract_manager")
    @warmup
    def test_form(self):
        spec = self._specification("form")
        small, large = self.small.with_env(self.env), self.large.with_env(self.env)
        count_small = self._count(lambda: small.web_read(spec))
        count_large = self._count(lambda: large.web_read(spec))
        if self.warm:
            self.assertEqual(
                count_large, count_small, "the form of a large contract runs more queries"
            )
        bridges = installed_count(self.env, FORM_BRIDGES)
        ceiling = {login: count + bridges for login, count in FORM_CEILING.items()}
        self.env.invalidate_all()
        with self.assertQueryCount(**ceiling):
            record = large.web_read(spec)[0]
        self.assertEqual(len(record["payment_plan_ids"]), 24)
        self.assertEqual(len(record["followup_ids"]), 60)


@tagged("post_install", "-at_install", "crm_contract_performance")
class TestCronQueryCounts(PaymentCase):
    """The daily job's overdue reminders run in batches whose queries do not grow with the
    instalments: a contract with several overdue instalments in one batch, whose person in
    charge did not follow it, used to make mail.activity subscribe them twice, fail the batch
    and redo it record by record."""

    def _overdue_contracts(self, count):
        contracts = self.env["crm.contract"].create(
            [
                {
                    "name": f"Overdue contract {n}",
                    "partner_id": self.customer.id,
                    "user_id": self.user_own.id,
                    "amount_total": 3000,
                    "date_start": date(2025, 1, 1),
                    "date_end": date(2025, 12, 31),
                    "payment_plan_ids": [
                        Command.create({"date_due": date(2025, 1 + m, 5), "amount": 1000})
                        for m in range(3)
                    ],
                }
                for n in range(count)
            ]
        )
        contracts.action_activate()
        # the person in charge does not follow them (unfollowed, or imported without followers)
        contracts.message_unsubscribe(partner_ids=self.user_own.partner_id.ids)
        self.assertEqual(set(contracts.payment_plan_ids.mapped("state")), {"overdue"})
        return contracts

    def _reminder_queries(self, contracts):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.Plan._send_overdue_reminders()
        self.env.flush_all()
        count = self.cr.sql_log_count - before
        activities = contracts.activity_ids.filtered(
            lambda a: a.activity_type_id.get_external_id()[a.activity_type_id.id]
            == "crm_contract.mail_activity_type_payment_overdue"
        )
        self.assertEqual(len(activities), 3 * len(contracts))
        self.assertEqual(activities.user_id, self.user_own)
        self.assertFalse(contracts.message_ids.filtered(lambda m: "skipped" in (m.body or "")))
        return count

    @freeze_time("2025-06-10")
    def test_overdue_reminders_batched(self):
        self._reminder_queries(self._overdue_contracts(1))  # warms the caches
        count_2 = self._reminder_queries(self._overdue_contracts(2))
        count_8 = self._reminder_queries(self._overdue_contracts(8))
        self.assertLessEqual(
            count_8, count_2, "the reminders of 24 instalments ran more queries than of 6"
        )


class TestContractSearchByCustomer(ContractCase):
    """The search by name resolves the customers first (bench/bench_scale.py): it finds the
    same contracts as the customer subquery, archived customers and the fallback included."""

    def test_search_by_customer_name(self):
        archived = self.env["res.partner"].create({"name": "Quiet Lantern Ltd", "is_company": True})
        contracts = self._create_contract(name="Lantern supply") | self._create_contract(
            name="Ferry service", partner_id=archived.id
        )
        contracts += self._create_contract(name="Other", partner_id=self.other_customer.id)
        archived.action_archive()
        Contract = self.env["crm.contract"]
        for limit in (contract_module.CUSTOMER_SEARCH_IDS_MAX, 0):  # ids, then the subquery
            with patch.object(contract_module, "CUSTOMER_SEARCH_IDS_MAX", limit):
                found = Contract.search([("display_name", "ilike", "lantern")])
                self.assertEqual(found, contracts[:2])
                self.assertEqual(
                    Contract.search([("display_name", "ilike", "granite")]), contracts[2]
                )
                by_number = Contract.name_search(contracts[2].number)
                self.assertEqual([row[0] for row in by_number], contracts[2].ids)
        as_own = Contract.with_user(self.user_own).search([("display_name", "ilike", "lantern")])
        self.assertFalse(as_own, "contracts of other persons in charge are not found")
