"""Customer portal of the contracts: who sees which contract, over the pages and over the
ORM/RPC (portal and public users have no access right on the addon's models)."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


class PortalCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="portal_case_salesman",
            name="Sam Sales",
            groups="sales_team.group_sale_salesman",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Harbour Freight Ltd", "is_company": True}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Granite Works", "is_company": True}
        )
        cls.portal_user = cls._portal_user("harbour_portal", "Hannah Harbour", cls.customer)
        cls.other_portal_user = cls._portal_user(
            "granite_portal", "Gustav Granite", cls.other_customer
        )
        cls.type = cls.env["crm.contract.type"].create({"name": "Portal Supply"})
        Contract = cls.env["crm.contract"]
        cls.draft = Contract.create(cls._vals("Harbour draft", cls.customer, number="PT-1"))
        cls.active = Contract.create(cls._vals("Harbour running", cls.customer, number="PT-2"))
        cls.active.action_activate()
        cls.cancelled = Contract.create(cls._vals("Harbour void", cls.customer, number="PT-3"))
        cls.cancelled._cancel("Duplicate")
        cls.other = Contract.create(cls._vals("Granite deal", cls.other_customer, number="PT-4"))
        cls.env["crm.contract.payment.plan"].create(
            [
                {"contract_id": cls.draft.id, "date_due": "2026-03-31", "amount": 600.0},
                {"contract_id": cls.draft.id, "date_due": "2026-09-30", "amount": 400.0},
            ]
        )

    @classmethod
    def _portal_user(cls, login, name, company_partner):
        user = new_test_user(cls.env, login=login, name=name, groups="base.group_portal")
        user.partner_id.parent_id = company_partner
        return user

    @classmethod
    def _vals(cls, name, partner, **values):
        return dict(
            {
                "name": name,
                "partner_id": partner.id,
                "type_id": cls.type.id,
                "amount_total": 1000.0,
                "user_id": cls.salesman.id,
                "description": f"<p>Terms of {name}</p>",
            },
            **values,
        )


@tagged("post_install", "-at_install")
class TestPortalAccess(PortalCase):
    def test_orm_access_refused_to_portal_and_public(self):
        public = self.env.ref("base.public_user")
        for user in (self.portal_user, public):
            for model in (
                "crm.contract",
                "crm.contract.payment",
                "crm.contract.payment.plan",
                "crm.contract.followup",
                "crm.contract.contact",
                "crm.contract.type",
                "crm.contract.payment.report",
            ):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search_read([], ["display_name"])
            with self.assertRaises(AccessError):
                self.draft.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.draft.with_user(user).write({"name": "Hacked"})

    def test_rpc_refused_to_portal_user(self):
        self.authenticate("harbour_portal", "harbour_portal")
        for method, args in (
            ("search_read", [[]]),
            ("read", [[self.draft.id], ["name"]]),
            ("write", [[self.draft.id], {"name": "Hacked"}]),
            ("action_activate", [[self.draft.id]]),
        ):
            with (
                self.subTest(method=method),
                mute_logger("odoo.http"),  # the refused call's AccessError, logged by design
                self.assertRaises(Exception) as caught,
            ):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {"model": "crm.contract", "method": method, "args": args, "kwargs": {}},
                )
            self.assertIn("AccessError", str(caught.exception))
        self.assertEqual(self.draft.name, "Harbour draft")
        self.assertEqual(self.draft.state, "draft")

    def test_my_contracts_lists_own_commercial_partner(self):
        self.authenticate("harbour_portal", "harbour_portal")
        response = self.url_open("/my/contracts")
        self.assertEqual(response.status_code, 200)
        self.assertIn("PT-1", response.text)
        self.assertIn("PT-2", response.text)
        self.assertNotIn("PT-3", response.text)  # cancelled
        self.assertNotIn("PT-4", response.text)  # another customer's
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["contract_count"]})
        self.assertEqual(counters["contract_count"], 2)
        response = self.url_open("/my/contracts?sortby=name")
        self.assertLess(response.text.index("PT-1"), response.text.index("PT-2"))

    def test_my_contracts_pagination(self):
        self.env["crm.contract"].create(
            [self._vals(f"Bulk {i}", self.customer, number=f"BULK-{i:03d}") for i in range(85)]
        )
        self.authenticate("harbour_portal", "harbour_portal")
        first = self.url_open("/my/contracts?sortby=number").text
        second = self.url_open("/my/contracts/page/2?sortby=number").text
        self.assertIn("/my/contracts/page/2", first)
        rows = first.count("o_crm_contract_portal_row") + second.count("o_crm_contract_portal_row")
        self.assertEqual(first.count("o_crm_contract_portal_row"), 80)
        self.assertEqual(rows, 87)

    def test_contract_page_as_its_customer(self):
        self.authenticate("harbour_portal", "harbour_portal")
        response = self.url_open(f"/my/contracts/{self.draft.id}")
        self.assertEqual(response.status_code, 200)
        for text in ("PT-1", "Terms of Harbour draft", "03/31/2026", "600.00", "To Sign"):
            self.assertIn(text, response.text)
        self.assertIn(f"/my/contracts/{self.draft.id}/sign?access_token=", response.text)
        self.assertIn('id="discussion"', response.text)
        # the PDF of the contract and of the statement (HTML under the test runner)
        for query in ("report_type=html", "report_type=html&report=statement"):
            response = self.url_open(f"/my/contracts/{self.draft.id}?{query}")
            self.assertEqual(response.status_code, 200)
            self.assertIn("PT-1", response.text)
        self.assertIn("Payment Statement", response.text)

    def test_other_customer_pages_not_found(self):
        self.authenticate("harbour_portal", "harbour_portal")
        for contract in (self.other, self.cancelled):
            for query in ("", "?report_type=html", "?access_token=wrong"):
                with self.subTest(contract=contract.number, query=query):
                    response = self.url_open(f"/my/contracts/{contract.id}{query}")
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn(contract.name, response.text)
        response = self.url_open("/my/contracts/999999")
        self.assertEqual(response.status_code, 404)

    def test_token_link_without_account(self):
        token = self.other._portal_ensure_token()
        response = self.url_open(f"/my/contracts/{self.other.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Granite deal", response.text)
        for query in ("", "?access_token=wrong", f"?access_token={token[:-1]}"):
            with self.subTest(query=query):
                response = self.url_open(f"/my/contracts/{self.other.id}{query}")
                self.assertEqual(response.status_code, 404)
        # the token of one contract opens no other
        response = self.url_open(f"/my/contracts/{self.draft.id}?access_token={token}")
        self.assertEqual(response.status_code, 404)
        # /my/contracts is for logged-in users
        response = self.url_open("/my/contracts", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_internal_user_needs_read_access(self):
        own = new_test_user(
            self.env,
            login="portal_case_own",
            groups="base.group_user,crm_contract.crm_contract_group_user",
        )
        self.authenticate(own.login, own.login)
        response = self.url_open(f"/my/contracts/{self.draft.id}")
        self.assertEqual(response.status_code, 404)
        self.authenticate(self.salesman.login, self.salesman.login)
        response = self.url_open(f"/my/contracts/{self.draft.id}")
        self.assertEqual(response.status_code, 200)

    def test_portal_user_of_another_company(self):
        company_b = self.env["res.company"].create({"name": "Second Company"})
        contract_b = self.env["crm.contract"].create(
            self._vals(
                "Harbour in B", self.customer, number="PT-B", company_id=company_b.id, user_id=False
            )
        )
        self.authenticate("harbour_portal", "harbour_portal")
        self.assertNotIn("PT-B", self.url_open("/my/contracts").text)
        self.assertEqual(self.url_open(f"/my/contracts/{contract_b.id}").status_code, 404)

    def test_chatter_post_as_customer(self):
        self.authenticate("harbour_portal", "harbour_portal")
        token = self.draft._portal_ensure_token()
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "crm.contract",
                "thread_id": self.draft.id,
                "post_data": {"body": "Can we move the first instalment?"},
                "token": token,
            },
        )
        message = self.draft.message_ids[0]
        self.assertIn("Can we move the first instalment?", message.body)
        self.assertEqual(message.author_id, self.portal_user.partner_id)
