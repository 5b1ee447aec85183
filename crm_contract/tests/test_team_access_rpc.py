"""Team selling: the access matrix, as real users over JSON-RPC (the web client's
call_kw): every contract group (own documents, own with a read or a write membership, a
membership ended yesterday or ending today, team scope as a sales team member and as its
leader, all documents, administrator, another company, portal), every model of the addon
that belongs to a contract, read / write / create / unlink, lists, grouping and the
reports."""

import base64
from datetime import date, timedelta

from odoo import Command
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import call_kw

# internal users who may export (the export is one of the paths the matrix tries)
OWN = "base.group_user,base.group_allow_export,crm_contract.crm_contract_group_user"
TEAM = "base.group_user,base.group_allow_export,crm_contract.crm_contract_group_team"
ALL = "base.group_user,base.group_allow_export,crm_contract.crm_contract_group_user_all"
MANAGER = "base.group_user,base.group_allow_export,crm_contract.crm_contract_group_manager"

# what each tester may do on the contract of the matrix and its records:
# R read (contract, its records, reports, documents), W write, C create records of the
# contract, N create a contract for its person in charge in its sales team, D delete the
# contract, X delete its records (instalments, contacts, own follow-ups, draft amendments),
# P delete a draft receipt, M manage its team members
EXPECTED = {
    "owner": "RWCNXM",
    "own": "",
    "reader": "R",
    "writer": "RWC",
    "ended": "",
    "until_today": "R",
    "team_member": "RWCNX",
    "team_leader": "RWCNX",
    "team_other": "",
    "all": "RWCNXM",
    "admin": "RWCNDXPM",
    "other_company": "",
    "portal": "",
}


@tagged("post_install", "-at_install")
class TestTeamAccessRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        today = date.today()
        cls.company_b = env["res.company"].create({"name": "Team Access B"})
        users = {}
        for login, groups in (
            ("owner", OWN),
            ("own", OWN),
            ("reader", OWN),
            ("writer", OWN),
            ("ended", OWN),
            ("until_today", OWN),
            ("team_member", TEAM),
            ("team_leader", TEAM),
            ("team_other", TEAM),
            ("all", ALL),
            ("admin", MANAGER),
            ("portal", "base.group_portal"),
        ):
            users[login] = new_test_user(env, login=f"ta_{login}", groups=groups)
        users["other_company"] = new_test_user(
            env,
            login="ta_other_company",
            groups=MANAGER,
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.users = users
        cls.spares = [
            new_test_user(env, login=f"ta_spare_{n}", groups=OWN) for n in range(len(users) * 4)
        ]
        cls.team = env["crm.team"].create(
            {
                "name": "Team Access Sales",
                "user_id": users["team_leader"].id,
                "crm_team_member_ids": [Command.create({"user_id": users["team_member"].id})],
            }
        )
        env["crm.team"].create({"name": "Team Access Other", "user_id": users["team_other"].id})
        cls.customer = env["res.partner"].create({"name": "Team Access Ltd", "is_company": True})
        cls.memberships = [
            ("reader", "read", False),
            ("writer", "write", False),
            ("ended", "write", today - timedelta(days=1)),
            ("until_today", "read", today),
        ]
        cls.contract = cls._contract()
        cls.contract.action_activate()
        cls.plan = env["crm.contract.payment.plan"].create(
            {"contract_id": cls.contract.id, "date_due": today, "amount": 100}
        )
        cls.receipt = env["crm.contract.payment"].create(
            {"contract_id": cls.contract.id, "amount": 10, "date": today}
        )
        cls.contact = env["crm.contract.contact"].create(
            {"contract_id": cls.contract.id, "partner_id": cls._person().id}
        )
        cls.amendment = env["crm.contract.amendment"].create(
            {"contract_id": cls.contract.id, "reason": "Matrix"}
        )
        cls.spare_member = env["crm.contract.member"].create(
            {"contract_id": cls.contract.id, "user_id": cls.spares.pop().id}
        )
        cls.followups = {
            login: env["crm.contract.followup"].create(
                {
                    "contract_id": cls.contract.id,
                    "description": f"<p>{login}</p>",
                    "user_id": (user if not user.share else users["owner"]).id,
                }
            )
            for login, user in users.items()
        }
        cls.attachment = env["ir.attachment"].create(
            {
                "name": "signed.txt",
                "res_model": "crm.contract",
                "res_id": cls.contract.id,
                "datas": base64.b64encode(b"signed"),
            }
        )
        # an ended contract for the Renewal Rate report
        cls.expired = cls._contract(date_end=today - timedelta(days=2))
        cls.expired.action_activate()
        cls.expired.write({"state": "expired"})

    @classmethod
    def _contract(cls, **values):
        vals = {
            "name": "Team access matrix",
            "partner_id": cls.customer.id,
            "user_id": cls.users["owner"].id,
            "team_id": cls.team.id,
            "amount_total": 1000,
            "date_start": date.today() - timedelta(days=30),
            "member_ids": [
                Command.create({"user_id": cls.users[login].id, "access": access, "date_end": end})
                for login, access, end in cls.memberships
            ],
        }
        vals.update(values)
        return cls.env["crm.contract"].create(vals)

    @classmethod
    def _person(cls):
        return cls.env["res.partner"].create(
            {"name": "Matrix Person", "parent_id": cls.customer.id, "type": "contact"}
        )

    # -- helpers ---------------------------------------------------------------------

    def _allowed(self, model, method, args, kwargs=None):
        """True when the call succeeds, False when refused for access (or, for a user of
        another company, for the company); any other refusal fails the test (the matrix
        tests access, not the models' rules)."""
        try:
            call_kw(self, model, method, args, kwargs)
        except JsonRpcException as exc:
            refusal = "AccessError" in str(exc) or "Incompatible companies" in str(exc)
            self.assertTrue(refusal, f"{model}.{method}: {exc}")
            return False
        return True

    def _count(self, model, domain):
        try:
            return len(call_kw(self, model, "search_read", [domain], {"fields": ["id"]}))
        except JsonRpcException as exc:
            self.assertIn("AccessError", str(exc))
            return 0

    def _check(self, login, what, expected, outcome):
        if outcome != expected:
            self.mismatches.append(f"{login}: {what}: expected {expected}, got {outcome}")

    # -- the matrix -------------------------------------------------------------------

    def test_access_matrix(self):
        self.mismatches = []
        for login, rights in EXPECTED.items():
            self.authenticate(f"ta_{login}", f"ta_{login}")
            self._read_matrix(login, "R" in rights)
            self._write_matrix(login, "W" in rights)
            self._create_matrix(login, "C" in rights, "N" in rights)
            self._unlink_matrix(login, rights)
            self._members_matrix(login, "R" in rights, "M" in rights)
        self.assertEqual(self.mismatches, [], "\n".join(self.mismatches))

    def _read_matrix(self, login, can):
        contract = self.contract
        records = {
            "crm.contract": contract,
            "crm.contract.payment.plan": self.plan,
            "crm.contract.payment": self.receipt,
            "crm.contract.contact": self.contact,
            "crm.contract.amendment": self.amendment,
            "crm.contract.followup": self.followups["owner"],
            "crm.contract.member": self.spare_member,
            "ir.attachment": self.attachment,
        }
        for model, record in records.items():
            self._check(
                login,
                f"read {model}",
                can,
                self._allowed(model, "read", [record.ids, ["display_name"]]),
            )
            self._check(
                login, f"search {model}", int(can), self._count(model, [("id", "=", record.id)])
            )
        # lists, grouping and pivots (Receivables Ageing is a view of contracts), exports
        groups = self._allowed(
            "crm.contract",
            "web_read_group",
            [[("id", "in", (contract | self.expired).ids)], ["amount_total:sum"], ["user_id"]],
        )
        if groups:
            result = call_kw(
                self,
                "crm.contract",
                "web_read_group",
                [[("id", "in", (contract | self.expired).ids)], ["amount_total:sum"], ["user_id"]],
            )
            self._check(
                login,
                "grouped list",
                2 if can else 0,
                sum(g["user_id_count"] for g in result["groups"]),
            )
        exporter = not self.users[login].share  # portal users have no export at all
        self._check(
            login,
            "export",
            can,
            exporter
            and self._allowed(
                "crm.contract", "export_data", [contract.ids, ["name", "member_ids/user_id"]]
            ),
        )
        # reports
        self._check(
            login,
            "planned vs received",
            can,
            self._count("crm.contract.payment.report", [("contract_id", "=", contract.id)]) > 0,
        )
        self._check(
            login,
            "renewal rate",
            can,
            self._count("crm.contract.renewal.report", [("contract_id", "=", self.expired.id)]) > 0,
        )

    def _write_matrix(self, login, can):
        writes = [
            ("crm.contract", self.contract, {"color": 3}),
            ("crm.contract.payment.plan", self.plan, {"note": f"by {login}"}),
            ("crm.contract.payment", self.receipt, {"reference": f"by {login}"}),
            ("crm.contract.contact", self.contact, {"sequence": 5}),
            ("crm.contract.amendment", self.amendment, {"reason": f"by {login}"}),
            ("crm.contract.followup", self.followups[login], {"next_action": f"by {login}"}),
            ("ir.attachment", self.attachment, {"description": f"by {login}"}),
        ]
        for model, record, vals in writes:
            self._check(
                login, f"write {model}", can, self._allowed(model, "write", [record.ids, vals])
            )
        # the person in charge changes only by those who manage the team (and transfer)
        other = self._contract(name=f"To hand over by {login}")
        self._check(
            login,
            "change the person in charge",
            login in ("owner", "all", "admin"),
            self._allowed("crm.contract", "write", [other.ids, {"user_id": self.spares.pop().id}]),
        )

    def _create_matrix(self, login, can, can_new):
        contract_id = self.contract.id
        today = date.today().isoformat()
        creates = [
            ("crm.contract.payment.plan", {"date_due": today, "amount": 1}),
            ("crm.contract.payment", {"date": today, "amount": 1}),
            ("crm.contract.contact", {"partner_id": self._person().id}),
            ("crm.contract.amendment", {"reason": f"by {login}"}),
            ("crm.contract.followup", {"description": f"<p>by {login}</p>"}),
        ]
        for model, vals in creates:
            self._check(
                login,
                f"create {model}",
                can,
                self._allowed(model, "create", [dict(vals, contract_id=contract_id)]),
            )
        attachment = {
            "name": f"{login}.txt",
            "res_model": "crm.contract",
            "res_id": contract_id,
            "datas": base64.b64encode(b"x").decode(),
        }
        self._check(
            login, "attach a document", can, self._allowed("ir.attachment", "create", [attachment])
        )
        new = {
            "name": f"New for the owner by {login}",
            "partner_id": self.customer.id,
            "user_id": self.users["owner"].id,
            "team_id": self.team.id,
        }
        self._check(
            login, "create a contract", can_new, self._allowed("crm.contract", "create", [new])
        )

    def _unlink_matrix(self, login, rights):
        contract = self._contract(name=f"To delete by {login}")
        self._check(
            login,
            "delete the contract",
            "D" in rights,
            self._allowed("crm.contract", "unlink", [contract.ids]),
        )
        env = self.env
        today = date.today()
        records = {
            "crm.contract.payment.plan": env["crm.contract.payment.plan"].create(
                {"contract_id": self.contract.id, "date_due": today, "amount": 1}
            ),
            "crm.contract.contact": env["crm.contract.contact"].create(
                {"contract_id": self.contract.id, "partner_id": self._person().id}
            ),
            "crm.contract.amendment": env["crm.contract.amendment"].create(
                {"contract_id": self.contract.id, "reason": "To delete"}
            ),
        }
        user = self.users[login]
        if not user.share:
            records["crm.contract.followup"] = env["crm.contract.followup"].create(
                {"contract_id": self.contract.id, "description": "<p>x</p>", "user_id": user.id}
            )
        for model, record in records.items():
            self._check(
                login,
                f"delete {model}",
                "X" in rights,
                self._allowed(model, "unlink", [record.ids]),
            )
        receipt = env["crm.contract.payment"].create(
            {"contract_id": self.contract.id, "amount": 1, "date": today}
        )
        self._check(
            login,
            "delete a receipt",
            "P" in rights,
            self._allowed("crm.contract.payment", "unlink", [receipt.ids]),
        )

    def _members_matrix(self, login, can_read, can_manage):
        member = self.spare_member
        self._check(
            login,
            "write a team member",
            can_manage,
            self._allowed("crm.contract.member", "write", [member.ids, {"access": "read"}]),
        )
        self._check(
            login,
            "add a team member",
            can_manage,
            self._allowed(
                "crm.contract.member",
                "create",
                [{"contract_id": self.contract.id, "user_id": self.spares.pop().id}],
            ),
        )
        extra = self.env["crm.contract.member"].create(
            {"contract_id": self.contract.id, "user_id": self.spares.pop().id}
        )
        self._check(
            login,
            "remove a team member",
            can_manage,
            self._allowed("crm.contract.member", "unlink", [extra.ids]),
        )
        if can_read:
            team = call_kw(
                self,
                "crm.contract",
                "read",
                [self.contract.ids, ["member_ids", "is_team_member", "can_manage_team"]],
            )[0]
            self.assertEqual(team["can_manage_team"], can_manage, login)
            self.assertEqual(team["is_team_member"], login in ("reader", "writer", "until_today"))
