from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, JsonRpcException, new_test_user, tagged

from .common import ImportCase, PaymentCase, call_kw, csv_bytes


class AmendmentCase(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Amendment = cls.env["crm.contract.amendment"]
        cls.contract = cls._active_contract(amount=1000.0, user_id=cls.user_own.id)

    def _amend(self, contract=None, user=None, **values):
        Amendment = self.Amendment.with_user(user) if user else self.Amendment
        vals = {"contract_id": (contract or self.contract).id, "reason": "Scope extended"}
        vals.update(values)
        return Amendment.create(vals)

    def _tracked(self, record, fname):
        """(old, new) values of the tracked changes of ``fname`` in ``record``'s chatter."""
        record.invalidate_recordset(["message_ids"])
        field = self.env["ir.model.fields"]._get(record._name, fname)
        values = record.message_ids.tracking_value_ids.filtered(lambda v: v.field_id == field)
        return [(v.old_value_float, v.new_value_float) for v in values]


@tagged("post_install", "-at_install")
class TestAmendment(AmendmentCase):
    def test_numbering(self):
        first = self._amend()
        second, third = self.Amendment.create(
            [
                {"contract_id": self.contract.id, "reason": "B", "amount_total": 1100},
                {"contract_id": self.contract.id, "reason": "C", "amount_total": 1200},
            ]
        )
        number = self.contract.number
        self.assertEqual(
            (first | second | third).mapped("name"),
            [f"{number}-A1", f"{number}-A2", f"{number}-A3"],
        )
        other = self._amend(self._active_contract(amount=500))
        self.assertTrue(other.name.endswith("-A1"))
        # a deleted draft's number is not given again
        third.unlink()
        self.assertEqual(self._amend().name, f"{number}-A3")
        self.assertEqual(self.contract.amendment_count, 3)

    def test_apply_with_tracking(self):
        amendment = self._amend(
            amount_total=1500,
            date_end=date(2026, 6, 30),
            description="<p>Delivery twice a week</p>",
            date_effective=date(2025, 7, 1),
        )
        self.assertEqual(amendment.state, "draft")
        self.assertEqual(self.contract.amount_total, 1000)
        self.env.cr.flush()  # ends the tracking of the contract's creation and signing
        amendment.action_apply()
        self.env.flush_all()
        self.env.cr.flush()  # the tracking values, written when the cursor flushes
        self.assertEqual(amendment.state, "applied")
        self.assertEqual(amendment.date_applied, date.today())
        self.assertEqual(
            (amendment.amount_before, amendment.date_end_before), (1000, date(2025, 12, 31))
        )
        self.assertEqual(self.contract.amount_total, 1500)
        self.assertEqual(self.contract.date_end, date(2026, 6, 30))
        self.assertIn("twice a week", self.contract.description)
        self.assertEqual(self.contract.amount_due, 1500)
        self.assertEqual(self._tracked(self.contract, "amount_total"), [(1000.0, 1500.0)])
        end_field = self.env["ir.model.fields"]._get("crm.contract", "date_end")
        end_tracking = self.contract.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id == end_field
        )
        self.assertEqual(len(end_tracking), 1)
        self.assertIn("applied", " ".join(self.contract.message_ids.mapped("body")))
        # the amendment keeps its history: no more changes, no deletion, applied once
        with self.assertRefused(UserError, "kept as the contract's history"):
            amendment.amount_total = 2000
        with self.assertRefused(UserError, "cannot be deleted"):
            amendment.unlink()
        with self.assertRefused(UserError, "only drafts are applied"):
            amendment.action_apply()
        with self.assertRefused(UserError, "through their Apply, Cancel"):
            amendment.write({"state": "draft"})
        with self.assertRefused(UserError, "computed by the addon"):
            amendment.write({"amount_before": 1})
        # the History tab lists it
        self.assertEqual(self.contract.amendment_ids, amendment)

    def test_cancel_and_draft(self):
        amendment = self._amend(amount_total=1200)
        amendment.action_cancel()
        self.assertEqual(amendment.state, "cancelled")
        with self.assertRefused(UserError, "only drafts are applied"):
            amendment.action_apply()
        amendment.action_draft()
        amendment.action_apply()
        self.assertEqual(self.contract.amount_total, 1200)

    def test_refusals(self):
        with self.assertRefused(UserError, "changes nothing"):
            self._amend().action_apply()
        with self.assertRefused(UserError, "changes nothing"):
            self._amend(amount_total=1000).action_apply()
        with self.assertRefused(ValidationError, "cannot be negative"):
            self._amend(amount_total=-5)
        with self.assertRefused(ValidationError, "cannot be before the contract's start date"):
            self._amend(date_end=date(2024, 1, 1))
        with self.assertRefused(UserError, "only active contracts are amended"):
            self._amend(self._create_contract())
        with self.assertRefused(UserError, "created as a draft"):
            self._amend(state="applied", amount_total=5)
        with self.assertRefused(UserError, "computed by the addon"):
            self._amend(name="FORGED-A9")
        with self.assertRefused(UserError, "Choose the contract"):
            self.Amendment.create([{"reason": "No contract", "amount_total": 5}])
        other = self._active_contract(amount=100)
        amendment = self._amend(amount_total=1100)
        with self.assertRefused(UserError, "stays on the contract"):
            amendment.contract_id = other
        # a contract terminated after the draft was written is not amended any more
        self.contract._terminate("Customer closed", date(2025, 6, 1))
        with self.assertRefused(UserError, "not active"):
            amendment.action_apply()

    def test_payment_plan_kept_consistent(self):
        """The plan is never changed by an amendment: its totals follow the new amount; a new
        amount below the instalments or the receipts is refused."""
        plans = self._plans(self.contract, (date(2030, 3, 1), 600), (date(2030, 6, 1), 400))
        self._receipt(self.contract, 600, plan=plans[0])
        with self.assertRefused(UserError, "more than the new amount"):
            self._amend(amount_total=800).action_apply()
        with self.assertRefused(UserError, "less than what was already received"):
            self._amend(amount_total=500).action_apply()
        self._amend(amount_total=1500).action_apply()
        self.assertEqual(plans.mapped("amount"), [600, 400])
        self.assertEqual(self.contract.amount_planned, 1000)
        self.assertEqual(self.contract.amount_due, 900)
        self.assertEqual(self.contract.payment_state, "on_track")

    def test_direct_edits_refused_on_active_contract(self):
        contract = self.contract
        with self.assertRefused(UserError, "Use the Amend button"):
            contract.write({"amount_total": 2000})
        with self.assertRefused(UserError, "Use the Amend button"):
            contract.write({"date_end": date(2026, 12, 31)})
        with self.assertRefused(UserError, "Use the Amend button"):
            contract.with_user(self.user_own).write({"amount_total": 2000})
        with Form(contract) as form, self.assertRaisesRegex(AssertionError, "readonly"):
            form.amount_total = 3000  # read-only in the form of an active contract
        # unchanged values and other fields pass; drafts stay editable
        contract.write({"amount_total": 1000.0, "date_end": "2025-12-31", "name": "Renamed"})
        draft = self._create_contract(amount_total=10)
        draft.write({"amount_total": 20, "date_end": date(2026, 1, 31)})
        self.assertEqual(draft.amount_total, 20)
        self.assertEqual(contract.amount_total, 1000)


@tagged("post_install", "-at_install")
class TestAmendmentAccess(AmendmentCase):
    def test_own_user_amends_only_own_contracts(self):
        theirs = self._active_contract(amount=700, user_id=self.user_own_2.id)
        mine = self._amend(user=self.user_own, amount_total=1300)
        mine.action_apply()
        self.assertEqual(self.contract.amount_total, 1300)
        with self.assertRaises(AccessError):
            self._amend(theirs, user=self.user_own, amount_total=1)
        # an amendment written by someone else on Oscar's contract cannot be applied by Olivia
        drafted = self._amend(theirs, amount_total=900)
        with self.assertRaises(AccessError):
            drafted.with_user(self.user_own).action_apply()
        with self.assertRaises(AccessError):
            drafted.with_user(self.user_own).write({"reason": "forged"})
        with self.assertRaises(AccessError):
            mine.with_user(self.user_own).write({"contract_id": theirs.id})
        self.assertEqual(theirs.amount_total, 700)
        self.assertEqual(drafted.state, "draft")
        # the amendment list shows Olivia her own contracts' amendments only
        visible = self.Amendment.with_user(self.user_own).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(drafted, visible)
        # users of all documents amend anyone's contracts
        drafted.with_user(self.user_all).action_apply()
        self.assertEqual(theirs.amount_total, 900)


@tagged("post_install", "-at_install")
class TestAmendmentImport(ImportCase):
    def test_import_update_refused_on_active_contract(self):
        contract = self._create_contract(
            number="IMP-AMEND-1",
            amount_total=1000,
            date_start=date(2025, 1, 1),
            date_end=date(2099, 12, 31),
        )
        contract.action_activate()
        data = csv_bytes([["Contract No.", "Amount"], ["IMP-AMEND-1", "2500"]])
        wizard = self._wizard(data, existing_policy="update")
        wizard.action_import()
        self.assertEqual(contract.amount_total, 1000)
        self.assertIn("Amend", " ".join(m for _r, _c, m in self._messages(wizard)))


@tagged("post_install", "-at_install")
class TestRenewalAmendmentRpc(HttpCase):
    """Over JSON-RPC, as another own-documents user would try it."""

    def setUp(self):
        super().setUp()
        own = "base.group_user,crm_contract.crm_contract_group_user"
        self.olivia = new_test_user(self.env, login="rpc14_olivia", groups=own)
        self.oscar = new_test_user(self.env, login="rpc14_oscar", groups=own)
        customer = self.env["res.partner"].create({"name": "RPC14 Customer", "is_company": True})
        self.oscars = self.env["crm.contract"].create(
            {
                "name": "Oscar's contract",
                "partner_id": customer.id,
                "amount_total": 1000,
                "user_id": self.oscar.id,
                "date_start": "2025-01-01",
                "date_end": "2099-12-31",
            }
        )
        self.oscars.action_activate()
        self.olivias = self.env["crm.contract"].create(
            {"name": "Olivia's", "partner_id": customer.id, "user_id": self.olivia.id}
        )
        self.authenticate("rpc14_olivia", "rpc14_olivia")

    def _call(self, model, method, args, kwargs=None):
        return call_kw(self, model, method, args, kwargs)

    def test_rpc_empty_amount_means_unchanged(self):
        """Over JSON-RPC as in the form: no New Amount (left out, or false) keeps the amount;
        only the end date changes."""
        self.authenticate("rpc14_oscar", "rpc14_oscar")
        for vals in ({}, {"amount_total": False}):
            with self.subTest(vals=vals):
                amendment_id = self._call(
                    "crm.contract.amendment",
                    "create",
                    [{"contract_id": self.oscars.id, "reason": "Longer", **vals}],
                )
                # nothing else to change: it changes nothing (not the amount to zero)
                with self.assertRaisesRegex(JsonRpcException, "changes nothing"):
                    self._call("crm.contract.amendment", "action_apply", [[amendment_id]])
                self.oscars.invalidate_recordset()
                self.assertEqual(self.oscars.amount_total, 1000)
        amendment_id = self._call(
            "crm.contract.amendment",
            "create",
            [
                {
                    "contract_id": self.oscars.id,
                    "reason": "Longer",
                    "amount_total": False,
                    "date_end": "2100-06-30",
                }
            ],
        )
        self._call("crm.contract.amendment", "action_apply", [[amendment_id]])
        self.oscars.invalidate_recordset()
        self.assertEqual(self.oscars.amount_total, 1000)
        self.assertEqual(str(self.oscars.date_end), "2100-06-30")
        amendment = self.env["crm.contract.amendment"].browse(amendment_id)
        self.assertEqual(amendment.amount_before, 1000)

    def test_rpc_refusals(self):
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call(
                "crm.contract.amendment",
                "create",
                [{"contract_id": self.oscars.id, "reason": "x", "amount_total": 1}],
            )
        drafted = self.env["crm.contract.amendment"].create(
            {"contract_id": self.oscars.id, "reason": "By a manager", "amount_total": 5}
        )
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("crm.contract.amendment", "action_apply", [drafted.ids])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call(
                "crm.contract",
                "write",
                [self.olivias.ids, {"previous_contract_id": self.oscars.id}],
            )
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("crm.contract", "action_renew", [self.oscars.ids])
        with self.assertRaisesRegex(JsonRpcException, "computed by the addon"):
            self._call("crm.contract", "write", [self.olivias.ids, {"renewed": True}])
        self.oscars.invalidate_recordset()
        drafted.invalidate_recordset()
        self.assertEqual(self.oscars.amount_total, 1000)
        self.assertEqual(drafted.state, "draft")
        self.assertFalse(self.olivias.previous_contract_id)
        self.assertFalse(self.oscars.renewal_ids)
        # Olivia's own active contract: the amount is refused over RPC too
        self.olivias.action_activate()
        with self.assertRaisesRegex(JsonRpcException, "Amend"):
            self._call("crm.contract", "write", [self.olivias.ids, {"amount_total": 99}])
