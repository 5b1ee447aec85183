"""Query counts of the contract views that do not grow with the data: a page of the list and
of the kanban (10 rows, then 80), and the form of a small and of a large contract (with its
one2many tabs), each read as the web client reads them (the field specification derived
from the view), as a user who sees their own contracts and as a contract administrator
(record rules add queries)."""

from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command
from odoo.tests import tagged, users, warmup

from .common import ContractCase

# Ceilings of the page of 80 and of the form: the counts of today (list and kanban: 11 as
# an own-documents user, 13 as a manager; form: 19 and 20) plus two queries, so that a field
# added to a view does not break them, while a query per record (80 rows) would. The tests
# also assert that 80 rows cost exactly what 10 rows cost.
LIST_CEILING = {"contract_own": 13, "contract_manager": 15}
KANBAN_CEILING = {"contract_own": 13, "contract_manager": 15}
FORM_CEILING = {"contract_own": 21, "contract_manager": 22}


def _iter_fields(node):
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        else:
            yield from _iter_fields(child)


def view_specification(env, model, node):
    """The specification the web client sends for a view arch: many2one as their display
    name, x2many with the fields of their sub-view (40 rows)."""
    fields = env[model]._fields
    spec = {}
    for field_node in _iter_fields(node):
        field = fields.get(field_node.get("name"))
        if field is None:
            continue
        if field.type == "many2one":
            spec[field.name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = next((c for c in field_node if c.tag in ("list", "kanban")), None)
            sub_spec = (
                view_specification(env, field.comodel_name, sub)
                if sub is not None
                else {"display_name": {}}
            )
            spec[field.name] = {"fields": sub_spec, "limit": 40}
            if sub is not None and sub.get("default_order"):
                spec[field.name]["order"] = sub.get("default_order")
        else:
            spec[field.name] = {}
    return spec


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
        cls.contracts.action_activate()
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
        """Queries run by ``func``, from an empty record cache (as a new request)."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

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
        self.env.invalidate_all()
        with self.assertQueryCount(**FORM_CEILING):
            record = large.web_read(spec)[0]
        self.assertEqual(len(record["payment_plan_ids"]), 24)
        self.assertEqual(len(record["followup_ids"]), 60)
