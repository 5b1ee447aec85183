"""Shared set-up of the crm_contract tests: users of each contract group, customers and
contacts, contracts, payment plans and receipts, import files built in memory. Base classes
only, no test methods (as crm/tests/common.py)."""

import base64
import csv
import io
import json
from collections import defaultdict
from contextlib import contextmanager
from datetime import date

import openpyxl

from odoo import SUPERUSER_ID, api
from odoo.tests import JsonRpcException, TransactionCase, new_test_user
from odoo.tools.misc import file_open

from ..models.crm_contract_money import FIGURES as MONEY_FIGURES
from .view_spec import iter_view_fields, view_specification  # noqa: F401  (used by tests)


class ContractCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        own = "base.group_user,crm_contract.crm_contract_group_user"
        cls.user_own = new_test_user(cls.env, login="contract_own", name="Olivia Own", groups=own)
        cls.user_own_2 = new_test_user(
            cls.env, login="contract_own_2", name="Oscar Own", groups=own
        )
        cls.user_all = new_test_user(
            cls.env,
            login="contract_all",
            name="Alice All",
            groups="base.group_user,crm_contract.crm_contract_group_user_all",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="contract_manager",
            name="Mark Manager",
            groups="base.group_user,crm_contract.crm_contract_group_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Harbour Freight Ltd", "is_company": True}
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Hannah Harbour", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Granite Works", "is_company": True}
        )
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Gustav Granite", "parent_id": cls.other_customer.id}
        )
        cls.contract_type = cls.env["crm.contract.type"].create({"name": "Test Supply"})

    @classmethod
    def _create_contract(cls, **values):
        vals = {
            "name": "Supply agreement",
            "partner_id": cls.customer.id,
            "type_id": cls.contract_type.id,
            "amount_total": 1000.0,
        }
        vals.update(values)
        return cls.env["crm.contract"].create(vals)


class RefusalAssertions:
    """assertRefused, for the test classes of this addon and of its bridges."""

    @contextmanager
    def assertRefused(self, exception, text):
        """Like assertRaisesRegex with a plain text, but through Odoo's assertRaises, which
        rolls the refused operation back (savepoint)."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))


class PaymentCase(RefusalAssertions, ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["crm.contract.payment.plan"]
        cls.Receipt = cls.env["crm.contract.payment"]
        cls.method_cash = cls.env.ref("crm_contract.crm_contract_payment_method_cash")
        cls.currency = cls.env.company.currency_id

    @classmethod
    def _active_contract(cls, amount=1000.0, **values):
        values.setdefault("date_start", date(2025, 1, 1))
        values.setdefault("date_end", date(2025, 12, 31))
        contract = cls._create_contract(amount_total=amount, **values)
        contract.action_activate()
        return contract

    @classmethod
    def _plans(cls, contract, *items):
        """Instalments of ``contract`` from (due date, amount) pairs, in one create."""
        return cls.env["crm.contract.payment.plan"].create(
            [{"contract_id": contract.id, "date_due": d, "amount": a} for d, a in items]
        )

    @classmethod
    def _receipt(cls, contract, amount, plan=None, when=None, confirm=True):
        receipt = cls.env["crm.contract.payment"].create(
            {
                "contract_id": contract.id,
                "plan_id": plan.id if plan else False,
                "amount": amount,
                "date": when or date(2025, 3, 1),
            }
        )
        if confirm:
            receipt.action_confirm()
        return receipt

    def assertAllocation(self, plans, received, states):
        self.assertEqual(plans.mapped("amount_received"), received)
        self.assertEqual(
            plans.mapped("amount_residual"),
            [p.amount - r for p, r in zip(plans, received, strict=True)],
        )
        self.assertEqual(plans.mapped("state"), states)


def count_queries(env, func):
    """Queries run by ``func``, from an empty record cache (as a new request)."""
    env.flush_all()
    env.invalidate_all()
    before = env.cr.sql_log_count
    func()
    env.flush_all()
    return env.cr.sql_log_count - before


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@contextmanager
def committed_env(registry, uid=SUPERUSER_ID):
    """An environment on a cursor of its own, committed when the block ends: for tests of
    transactions that really run side by side (threads). The transaction gets the registry
    directly because under Odoo's own runner the main thread holds the registry lock while
    the tests run, and ``Registry(dbname)`` would wait for it forever in another thread."""
    with registry.cursor() as cr:
        cr.transaction = api.Transaction(registry)
        yield api.Environment(cr, uid, {})


def fixture(name):
    """Bytes of a fixture file of crm_contract/tests/data/."""
    with file_open(f"crm_contract/tests/data/{name}", "rb") as handle:
        return handle.read()


class ImportCase(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls.env["res.users"].create(
            {
                "name": "Mitchell Import",
                "login": "mitchell_import",
                "groups_id": [(4, cls.env.ref("base.group_user").id)],
            }
        )

    def _wizard(self, data, filename="contracts.csv", import_type="contract", user=None, **options):
        Wizard = self.env["crm.contract.import"]
        if user:
            Wizard = Wizard.with_user(user)
        return Wizard.create(
            dict(
                {"file": base64.b64encode(data), "filename": filename, "import_type": import_type},
                **options,
            )
        )

    def _contracts(self, numbers):
        return self.env["crm.contract"].search([("number", "in", numbers)])

    def _messages(self, wizard):
        return [(e.row, e.column, e.message) for e in wizard.error_line_ids]


def call_kw(case, model, method, args, kwargs=None):
    """``model.method(*args, **kwargs)`` over JSON-RPC as the web client sends it, in the
    session of ``case`` (an HttpCase after ``authenticate``); a refusal raises
    JsonRpcException with the server's error name and message."""
    response = case.url_open(
        f"/web/dataset/call_kw/{model}/{method}",
        data=json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            }
        ),
        headers={"Content-Type": "application/json"},
    )
    decoded = response.json()
    if "error" in decoded:
        data = decoded["error"]["data"]
        raise JsonRpcException(decoded["error"]["code"], f"{data['name']}: {data['message']}")
    return decoded["result"]


def installed_count(env, modules):
    """How many of ``modules`` are installed: the query ceilings grow by one per bridge
    addon that adds a query to what they measure."""
    return (
        env["ir.module.module"]
        .sudo()
        .search_count([("name", "in", modules), ("state", "=", "installed")])
    )


def _money_totals(sums):
    """{key: figures} rounded to the cent, the keys adding up to nothing left out."""
    rounded = {key: tuple(round(value, 2) for value in figures) for key, figures in sums.items()}
    return {key: figures for key, figures in rounded.items() if any(figures)}


def money_direct(env):
    """The monthly money summary computed directly from the contracts, their instalments
    and their receipts (ORM searches, every company): {(month, company id, team id, user
    id): figures as MONEY_FIGURES}."""
    env = env(su=True)
    sums = defaultdict(lambda: [0.0] * len(MONEY_FIGURES))

    def add(day, contract, index, amount):
        key = (day.replace(day=1), contract.company_id.id, contract.team_id.id, contract.user_id.id)
        sums[key][index] += amount
        sums[key][index + 1] += 1

    signed = env["crm.contract"].search(
        [("state", "in", ("active", "expired", "terminated")), ("date_signed", "!=", False)]
    )
    for contract in signed:
        add(contract.date_signed, contract, 0, contract.amount_total_company)
    plans = env["crm.contract.payment.plan"].search(
        [("contract_id.state", "!=", "cancelled"), ("date_due", "!=", False)]
    )
    for plan in plans:
        add(plan.date_due, plan.contract_id, 2, plan.amount_company)
    for receipt in env["crm.contract.payment"].search([("state", "=", "confirmed")]):
        add(receipt.date, receipt.contract_id, 4, receipt.amount_company)
    return _money_totals(sums)


def money_summary(env):
    """The monthly money summary as read from crm.contract.money.month, in the same form as
    money_direct (no flush first: the summary must be right when read)."""
    sums = defaultdict(lambda: [0.0] * len(MONEY_FIGURES))
    for row in env["crm.contract.money.month"].sudo().search([]):
        key = (row.date, row.company_id.id, row.team_id.id, row.user_id.id)
        for index, fname in enumerate(MONEY_FIGURES):
            sums[key][index] += row[fname]
    return _money_totals(sums)
