"""Team selling: memberships and their end date, the team scope, Add Members, Leave Team,
Transfer, the Team Members import column, and the list's query count whatever the number
of memberships."""

from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..tools.importer.members import parse_members
from .common import ContractCase, ImportCase, csv_bytes, view_specification

TEAM = "base.group_user,crm_contract.crm_contract_group_team"


class TeamCase(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_team = new_test_user(cls.env, login="team_scope", name="Tess Team", groups=TEAM)
        cls.contract = cls._create_contract(name="Shared", user_id=cls.user_own_2.id)

    def _member(self, user, access="read", date_end=False, contract=None):
        return self.env["crm.contract.member"].create(
            {
                "contract_id": (contract or self.contract).id,
                "user_id": user.id,
                "access": access,
                "date_end": date_end,
            }
        )

    def _visible(self, user, contract=None):
        contract = contract or self.contract
        return bool(self.env["crm.contract"].with_user(user).search([("id", "=", contract.id)]))


@tagged("post_install", "-at_install")
class TestTeamMembers(TeamCase):
    def test_groups_chain(self):
        self.assertTrue(self.user_team.has_group("crm_contract.crm_contract_group_user"))
        self.assertFalse(self.user_team.has_group("crm_contract.crm_contract_group_user_all"))
        self.assertTrue(self.user_all.has_group("crm_contract.crm_contract_group_team"))
        salesman = new_test_user(
            self.env, login="team_sales", groups="sales_team.group_sale_salesman"
        )
        self.assertFalse(salesman.has_group("crm_contract.crm_contract_group_team"))

    @freeze_time("2026-03-10 12:00:00")
    def test_access_ends_on_the_end_date(self):
        self._member(self.user_own, "write", date(2026, 3, 11))
        self.assertTrue(self._visible(self.user_own))
        with freeze_time("2026-03-11 23:00:00"):
            self.assertTrue(self._visible(self.user_own), "the last day is included")
            self.assertTrue(self.contract.with_user(self.user_own).has_access("write"))
        with freeze_time("2026-03-12 00:30:00"):
            self.env.invalidate_all()
            self.assertFalse(self._visible(self.user_own), "no job needed: the next day it ends")
            with self.assertRaises(AccessError):
                self.contract.with_user(self.user_own).read(["name"])

    def test_one_membership_meets_every_condition(self):
        """A write membership that ended and a current read one give read only; a current
        write membership of another user gives nothing."""
        other = self._create_contract(name="Other", user_id=self.user_own_2.id)
        self._member(self.user_own, "write", date.today() - timedelta(days=1))
        self._member(self.user_own, "read", contract=other)
        self._member(self.user_all, "write")
        self.assertFalse(self._visible(self.user_own))
        self.assertTrue(self._visible(self.user_own, other))
        self.assertFalse(other.with_user(self.user_own).has_access("write"))
        # two memberships of one contract: impossible (a user is listed once)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._member(self.user_all, "read")

    def test_current_member_fields(self):
        """current_member_user_ids / current_editor_user_ids, which the record rules
        search: computed, searched in SQL (ids, names, negations, no member) and by
        filtered_domain (the ORM's check of the rules in Python) alike."""
        Contract = self.env["crm.contract"]
        read_now = self.contract
        ended = self._create_contract(name="Ended", user_id=self.user_own_2.id)
        write_now = self._create_contract(name="Write", user_id=self.user_own_2.id)
        nobody = self._create_contract(name="Nobody", user_id=self.user_own_2.id)
        self._member(self.user_own, "read", date.today())
        self._member(self.user_own, "write", date.today() - timedelta(days=1), ended)
        self._member(self.user_own, "write", contract=write_now)
        self._member(self.user_team, "read", contract=ended)
        every = read_now | ended | write_now | nobody
        self.assertEqual(read_now.current_member_user_ids, self.user_own)
        self.assertFalse(read_now.current_editor_user_ids)
        self.assertEqual(ended.current_member_user_ids, self.user_team)
        self.assertEqual(write_now.current_editor_user_ids, self.user_own)
        own = self.user_own
        cases = [
            (("current_member_user_ids", "in", [own.id]), read_now | write_now),
            (("current_member_user_ids", "=", own.id), read_now | write_now),
            (("current_editor_user_ids", "in", [own.id]), write_now),
            (("current_member_user_ids", "in", [own.id, self.user_team.id]), every - nobody),
            (("current_member_user_ids", "in", []), Contract),
            (("current_member_user_ids", "not in", [own.id]), ended | nobody),
            (("current_editor_user_ids", "!=", own.id), read_now | ended | nobody),
            (("current_member_user_ids", "ilike", "Olivia"), read_now | write_now),
            (("current_member_user_ids", "=", False), nobody),
            (("current_member_user_ids", "!=", False), every - nobody),
        ]
        for leaf, expected in cases:
            with self.subTest(leaf=leaf):
                domain = [leaf, ("id", "in", every.ids)]
                self.assertEqual(Contract.search(domain), expected)
                self.assertEqual(every.filtered_domain([leaf]), expected)

    def test_member_rule_is_an_index_condition(self):
        """The member rules compile to ``id = ANY(ARRAY(...))`` beside ``IN (...)``: the
        index condition that lets PostgreSQL read only what an own-documents user sees
        (a BitmapOr with the own-documents rule, not a scan of every contract)."""
        self._member(self.user_own)
        sql = self.env["crm.contract"].with_user(self.user_own)._search([]).select()
        text = self.env.cr.mogrify(sql.code, sql.params).decode()
        self.assertIn('"crm_contract"."id" = ANY(ARRAY(SELECT', text)
        self.assertIn('"crm_contract"."id" IN (SELECT', text)
        self.assertNotIn("member_ids", text)

    def test_members_are_internal_users_of_the_company(self):
        portal = new_test_user(self.env, login="team_portal", groups="base.group_portal")
        with self.assertRaises(ValidationError):
            self._member(portal)
        company_b = self.env["res.company"].create({"name": "Team B"})
        user_b = new_test_user(
            self.env,
            login="team_b",
            groups="base.group_user",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        with self.assertRaises(ValidationError):
            self._member(user_b)

    def test_members_never_delete_nor_manage(self):
        self._member(self.user_own, "write")
        contract = self.contract.with_user(self.user_own)
        contract.write({"name": "Edited by a member"})
        with self.assertRaises(AccessError):
            contract.unlink()
        with self.assertRaises(AccessError):
            contract.write({"member_ids": [Command.create({"user_id": self.user_all.id})]})
        with self.assertRaises(AccessError):
            contract.write({"user_id": self.user_own.id})

    def test_chatter_and_followers(self):
        member = self._member(self.user_own, "read", date(2030, 1, 31))
        self.assertIn(self.user_own.partner_id, self.contract.message_partner_ids)
        member.with_user(self.user_own_2).write({"access": "write"})
        member.with_user(self.user_own_2).unlink()
        self.assertNotIn(self.user_own.partner_id, self.contract.message_partner_ids)
        bodies = self.contract.message_ids.mapped("body")[:3]
        self.assertIn("Team members removed:", bodies[0])
        self.assertIn("Team members changed:", bodies[1])
        self.assertIn("Olivia Own (Read, until 01/31/2030)", bodies[1])
        self.assertIn("Olivia Own (Read and Edit, until 01/31/2030)", bodies[1])
        self.assertIn("Team members added:", bodies[2])
        self.assertEqual(self.contract.message_ids[0].author_id, self.user_own_2.partner_id)

    def test_leave_team(self):
        self._member(self.user_own, "write")
        contract = self.contract.with_user(self.user_own)
        self.assertTrue(contract.is_team_member)
        self.assertFalse(contract.can_manage_team)
        contract.action_leave_team()
        self.assertFalse(self.contract.member_ids)
        self.assertFalse(self._visible(self.user_own))
        self.assertEqual(self.contract.message_ids[0].author_id, self.user_own.partner_id)

    def test_add_members_to_many_contracts(self):
        second = self._create_contract(name="Second", user_id=self.user_own_2.id)
        self._member(self.user_own, "read", contract=second)
        wizard = (
            self.env["crm.contract.member.add"]
            .with_user(self.user_own_2)
            .with_context(active_model="crm.contract", active_ids=(self.contract | second).ids)
            .create(
                {
                    "user_ids": [Command.set((self.user_own | self.user_all).ids)],
                    "access": "write",
                    "date_end": date(2030, 6, 30),
                }
            )
        )
        self.assertEqual(wizard.contract_count, 2)
        wizard.action_add_members()
        for contract in self.contract | second:
            self.assertEqual(
                sorted(contract.member_ids.mapped(lambda m: (m.user_id.login, m.access))),
                [("contract_all", "write"), ("contract_own", "write")],
            )
        # somebody else's contract: refused
        with self.assertRaises(AccessError):
            self.env["crm.contract.member.add"].with_user(self.user_own).create(
                {
                    "contract_ids": [Command.set(second.ids)],
                    "user_ids": [Command.set(self.user_all.ids)],
                }
            )

    def test_team_scope(self):
        team = self.env["crm.team"].create(
            {
                "name": "Team North",
                "crm_team_member_ids": [Command.create({"user_id": self.user_team.id})],
            }
        )
        led = self.env["crm.team"].create({"name": "Team South", "user_id": self.user_team.id})
        north = self._create_contract(name="North", user_id=self.user_own_2.id, team_id=team.id)
        south = self._create_contract(name="South", user_id=self.user_own_2.id, team_id=led.id)
        Contract = self.env["crm.contract"].with_user(self.user_team)
        visible = Contract.search([("id", "in", (north | south | self.contract).ids)])
        self.assertEqual(visible, north | south)
        north.with_user(self.user_team).write({"name": "North, edited"})
        with self.assertRaises(AccessError):
            north.with_user(self.user_team).write({"user_id": self.user_team.id})
        # leaving the team ends the access (nothing cached)
        team.crm_team_member_ids.unlink()
        self.assertEqual(Contract.search([("id", "in", (north | south).ids)]), south)


@tagged("post_install", "-at_install")
class TestTransfer(TeamCase):
    def _transfer(self, contracts, user, as_user, **values):
        wizard = (
            self.env["crm.contract.transfer"]
            .with_user(as_user)
            .with_context(active_model="crm.contract", active_ids=contracts.ids)
            .create(dict({"user_id": user.id}, **values))
        )
        return wizard.action_transfer()

    def test_own_user_transfers_own_contracts_keeping_read(self):
        contracts = self.contract | self._create_contract(name="B", user_id=self.user_own_2.id)
        activity = contracts[0].activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_own_2.id, summary="Call"
        )
        followup = (
            self.env["crm.contract.followup"]
            .with_user(self.user_own_2)
            .create(
                {
                    "contract_id": contracts[0].id,
                    "description": "<p>Visited</p>",
                    "next_date": date.today() + timedelta(days=3),
                }
            )
        )
        self._transfer(contracts, self.user_own, self.user_own_2, previous_owner_access="read")
        self.assertEqual(contracts.user_id, self.user_own)
        for contract in contracts:
            self.assertEqual(
                contract.member_ids.mapped(lambda m: (m.user_id, m.access)),
                [(self.user_own_2, "read")],
            )
            self.assertIn(
                "Transferred from Oscar Own to Olivia Own by Oscar Own.",
                "".join(contract.message_ids.mapped("body")),
            )
        self.assertEqual(activity.user_id, self.user_own)
        self.assertEqual(followup.sudo().activity_id.user_id, self.user_own)
        self.assertEqual(followup.sudo().user_id, self.user_own_2, "the author stays")
        self.assertTrue(self._visible(self.user_own_2))
        self.assertFalse(self.contract.with_user(self.user_own_2).has_access("write"))

    def test_transfer_removing_previous_owner_without_moving(self):
        activity = self.contract.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_own_2.id
        )
        self._member(self.user_own, "read")
        self._transfer(
            self.contract,
            self.user_own,
            self.user_all,
            previous_owner_access="none",
            move_activities=False,
        )
        self.assertFalse(self.contract.member_ids, "the new owner needs no membership")
        self.assertEqual(activity.user_id, self.user_own_2)
        self.assertFalse(self._visible(self.user_own_2))

    def test_who_transfers(self):
        self._member(self.user_own, "write")
        self._member(self.user_team, "read")
        for user in (self.user_own, self.user_team):
            with self.assertRaises(AccessError):
                self._transfer(self.contract, user, user)
        self._transfer(self.contract, self.user_own, self.user_manager)
        self.assertEqual(self.contract.user_id, self.user_own)


@tagged("post_install", "-at_install")
class TestTeamImport(ImportCase):
    def test_parse_members(self):
        self.assertEqual(
            parse_members("Alice(write), bob:read;张三（只读）、李四(读写)；华锐(深圳)"),
            [
                ("Alice", "write"),
                ("bob", "read"),
                ("张三", "read"),
                ("李四", "write"),
                ("华锐(深圳)", None),
            ],
        )
        self.assertEqual(parse_members("  "), [])

    def test_import_team_members(self):
        alice = new_test_user(
            self.env, login="alice_t", name="Alice Team", groups="base.group_user"
        )
        new_test_user(self.env, login="zs_1", name="张三", groups="base.group_user")
        new_test_user(self.env, login="zs_2", name="张三", groups="base.group_user")
        rows = [
            ["合同编号", "合同名称", "客户名称", "团队成员"],
            ["TM-1", "One", "Harbour Freight Ltd", "Alice Team(write), contract_own:只读"],
            ["TM-2", "Two", "Harbour Freight Ltd", "张三"],
            ["TM-3", "Three", "Harbour Freight Ltd", "nobody at all"],
        ]
        wizard = self._wizard(csv_bytes(rows), error_policy="valid")
        wizard.action_load()
        wizard.action_import()
        one = self._contracts(["TM-1"])
        self.assertEqual(
            sorted(one.member_ids.mapped(lambda m: (m.user_id.login, m.access))),
            [("alice_t", "write"), ("contract_own", "read")],
        )
        problems = {row: message for row, _column, message in self._messages(wizard)}
        self.assertIn("张三 fits several users:", problems[3])
        self.assertIn("write the login or the e-mail of the one meant", problems[3])
        self.assertIn("zs_1", problems[3])
        self.assertIn("zs_2", problems[3])
        self.assertIn("nobody at all", problems[4])
        # an update changes the access of a listed member and keeps the others
        rows = [["Contract Number", "Team Members"], ["TM-1", "alice_t(read)"]]
        wizard = self._wizard(csv_bytes(rows), existing_policy="update")
        wizard.action_load()
        wizard.action_import()
        self.assertEqual(
            sorted(one.member_ids.mapped(lambda m: (m.user_id.login, m.access))),
            [("alice_t", "read"), ("contract_own", "read")],
        )
        self.assertTrue(alice)


@tagged("post_install", "-at_install")
class TestTeamQueryCount(TeamCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        arch = cls.env["crm.contract"].get_views([(False, "list")])["views"]["list"]["arch"]
        cls.spec = view_specification(cls.env, "crm.contract", etree.fromstring(arch))

    def _queries(self, call):
        call()  # warm-up
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        call()
        return self.cr.sql_log_count - start

    def _list_queries(self):
        """Queries of the list's first page and of the list grouped by person in charge,
        as the own-documents member; and the rows the page shows."""
        Contract = self.env["crm.contract"].with_user(self.user_own)
        page = Contract.web_search_read([], self.spec, limit=80)
        return (
            self._queries(lambda: Contract.web_search_read([], self.spec, limit=80)),
            self._queries(
                lambda: Contract.web_read_group([], ["amount_total:sum"], ["user_id"], limit=80)
            ),
            page["length"],
        )

    def test_list_queries_do_not_grow_with_memberships(self):
        contracts = self.env["crm.contract"].create(
            [
                {"name": f"Q{n}", "partner_id": self.customer.id, "user_id": self.user_own_2.id}
                for n in range(60)
            ]
        )
        self._member(self.user_own, contract=contracts[0])
        few_page, few_grouped, few_rows = self._list_queries()
        self.env["crm.contract.member"].create(
            [
                {"contract_id": c.id, "user_id": self.user_own.id, "access": "read"}
                for c in contracts[1:]
            ]
        )
        many_page, many_grouped, many_rows = self._list_queries()
        self.assertEqual(many_rows - few_rows, 59, "the list shows the 59 new memberships")
        self.assertEqual(many_page, few_page, "the list page: as many queries")
        self.assertEqual(many_grouped, few_grouped, "the grouped list: as many queries")
        self.assertEqual(
            self.env["crm.contract"].with_user(self.user_own).search_count([("name", "like", "Q")]),
            60,
        )
