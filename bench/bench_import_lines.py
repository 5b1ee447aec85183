"""Benchmark of the import of product lines.

On one generated CSV of N contracts (default 2,000) of L lines each (default 5: 10,000
rows), one row per line with the contract's columns repeated on each of its rows (as
Salesforce exports them), products named by internal reference on one row in two and by
name on the others, runs in the same process, each in a transaction rolled back afterwards
(nothing is kept):
  1. the import wizard, end to end (reading, matching, validating, writing);
  2. a batched ORM ``create`` of the same contracts with their lines (``line_ids``
     commands in the contracts' values, ids already resolved, no file), by chunks of 1,000
     contracts, with ``tracking_disable`` (no chatter work: the ORM's floor);
and prints both rates (contracts with their lines per second) and the wizard's ratio to
the batched create (target >= 0.8). The file is imported in the request (the threshold of
background imports is raised for the run). A warm-up import of 100 contracts comes first.

Usage (from the repository root, Odoo importable by python3):
    source scripts/lib.sh && ensure_pg && conf=$(write_odoo_conf /opt/odoo18 bench)
    python3 bench/bench_import_lines.py -c "$conf" -d bench_import [--contracts 2000] \
        [--lines 5]
The database must have crm_contract installed (scripts/test.sh's database will do).
"""

import argparse
import base64
import csv
import io
import time
from datetime import date, timedelta

import odoo
from odoo import api

BACKGROUND_ROWS_PARAM = "crm_contract.import_background_rows"

COLUMNS = [
    "Contract Number",
    "Contract Name",
    "Account Name",
    "Owner Name",
    "Status",
    "Start Date",
    "End Date",
    "Amount",
    "Product Name",
    "Product Code",
    "Quantity",
    "Sales Price",
    "Discount",
    "Unit",
]


def make_contracts(count, lines, customers, users, products, prefix):
    """[(contract values by column, [line values])] with resolved names."""
    start = date(2026, 1, 1)
    contracts = []
    for i in range(count):
        begin = start + timedelta(days=i % 300)
        items = []
        for j in range(lines):
            product = products[(i * lines + j) % len(products)]
            items.append(
                {
                    "product": product,
                    "quantity": 1 + (i + j) % 7,
                    "price": 100 + (i * 7 + j * 13) % 900,
                    "discount": (5 * j) % 20,
                }
            )
        total = sum(
            round(item["quantity"] * item["price"] * (1 - item["discount"] / 100), 2)
            for item in items
        )
        contracts.append(
            (
                {
                    "number": f"{prefix}-{i:06d}",
                    "name": f"Benchmark contract {i}",
                    "customer": customers[i % len(customers)],
                    "user": users[i % len(users)],
                    "state": "active" if i % 3 else "draft",
                    "date_start": begin,
                    "date_end": begin + timedelta(days=729),
                    "amount": total,
                },
                items,
            )
        )
    return contracts


def csv_bytes(contracts):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    states = {"active": "Activated", "draft": "Draft"}
    for index, (head, items) in enumerate(contracts):
        for j, item in enumerate(items):
            product = item["product"]
            by_code = (index + j) % 2
            writer.writerow(
                [
                    head["number"],
                    head["name"],
                    head["customer"].name,
                    head["user"].name,
                    states[head["state"]],
                    head["date_start"].isoformat(),
                    head["date_end"].isoformat(),
                    f"{head['amount']:,.2f}",
                    "" if by_code else product.name,
                    product.default_code if by_code else "",
                    item["quantity"],
                    f"{item['price']:.2f}",
                    f"{item['discount']}%" if item["discount"] else "",
                    "Units",
                ]
            )
    return buffer.getvalue().encode()


def run_wizard(env, data, expected):
    wizard = env["crm.contract.import"].create(
        {"file": base64.b64encode(data), "filename": "lines.csv", "import_type": "contract"}
    )
    wizard.action_import()
    env.flush_all()
    assert wizard.error_count == 0, wizard.error_line_ids[:5].mapped("message")
    # imported in the request (the threshold of background imports is raised in main)
    assert wizard.job_id.state == "done" and not wizard.job_id.background, wizard.job_id.state
    assert wizard.created_count == expected, wizard.created_count
    lines = env["crm.contract.line"].search_count(
        [("contract_id.import_job_id", "=", wizard.job_id.id)]
    )
    return wizard.created_count, lines


def run_create(env, contracts, unit):
    # The lines of a signed contract are written under the addon's own marker, as the
    # import writes those of the contracts it creates (tools/importer/writer.py).
    from odoo.addons.crm_contract.models.crm_contract_renewal import AMENDING  # noqa: PLC0415
    from odoo.addons.crm_contract.tools.guards import internal_context  # noqa: PLC0415

    Contract = internal_context(env["crm.contract"].with_context(tracking_disable=True), AMENDING)
    vals_list = [
        {
            "number": head["number"],
            "name": head["name"],
            "partner_id": head["customer"].id,
            "user_id": head["user"].id,
            "state": head["state"],
            "date_start": head["date_start"],
            "date_end": head["date_end"],
            "line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": item["product"].id,
                        "quantity": item["quantity"],
                        "price_unit": item["price"],
                        "discount": item["discount"],
                        "product_uom_id": unit.id,
                        "sequence": 10 * (j + 1),
                    },
                )
                for j, item in enumerate(items)
            ],
        }
        for head, items in contracts
    ]
    for start in range(0, len(vals_list), 1000):
        Contract.create(vals_list[start : start + 1000])
    env.flush_all()
    return len(vals_list), sum(len(items) for _head, items in contracts)


def measure(registry, label, func, *args):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin"))
        args = [arg(env) if callable(arg) else arg for arg in args]
        begin = time.perf_counter()
        count, lines = func(env, *args)
        elapsed = time.perf_counter() - begin
        cr.rollback()
    rate = count / elapsed
    print(
        f"{label:<42} {count:>6} contracts {lines:>6} lines {elapsed:8.2f} s "
        f"{rate:8.0f} contracts/s",
        flush=True,
    )
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=5)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)

    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        customers = env["res.partner"].create(
            [{"name": f"Bench Lines Customer {i:04d}", "is_company": True} for i in range(400)]
        )
        users = env["res.users"].create(
            [
                {"name": f"Bench Lines Owner {i}", "login": f"bench_lines_owner_{i}"}
                for i in range(5)
            ]
        )
        for user in users:
            user.groups_id = [(4, env.ref("crm_contract.crm_contract_group_manager").id)]
        products = env["product.product"].create(
            [
                {"name": f"Bench Product {i:03d}", "default_code": f"BP-{i:03d}", "list_price": 10}
                for i in range(200)
            ]
        )
        params = env["ir.config_parameter"]
        threshold = params.get_param(BACKGROUND_ROWS_PARAM)
        params.set_param(BACKGROUND_ROWS_PARAM, args.contracts * args.lines + 1)
        ids = {"customer": customers.ids, "user": users.ids, "product": products.ids}
        cr.commit()
    try:

        def contracts_of(count, prefix):
            def build(env):
                return make_contracts(
                    count,
                    args.lines,
                    env["res.partner"].browse(ids["customer"]),
                    env["res.users"].browse(ids["user"]),
                    env["product.product"].browse(ids["product"]),
                    prefix,
                )

            return build

        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            data = csv_bytes(contracts_of(args.contracts, "BL")(env))
            warm = csv_bytes(contracts_of(100, "BW")(env))
        print(
            f"crm_contract import of product lines: {args.contracts} contracts x {args.lines} "
            f"lines = {args.contracts * args.lines} rows, {len(data) / 1024:.0f} KiB CSV"
        )
        measure(registry, "warm-up (wizard, 100 contracts)", run_wizard, warm, 100)
        wizard = measure(registry, "import wizard (end to end)", run_wizard, data, args.contracts)
        floor = measure(
            registry,
            "batched create with line_ids (ORM floor)",
            run_create,
            contracts_of(args.contracts, "BL"),
            lambda env: env.ref("uom.product_uom_unit"),
        )
        print(
            f"RATIO  import wizard / batched ORM create with lines: {wizard / floor:.2f}x  "
            "(target 0.8)"
        )
    finally:
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["ir.config_parameter"].set_param(BACKGROUND_ROWS_PARAM, threshold or False)
            env["product.product"].browse(ids["product"]).unlink()
            env["res.users"].browse(ids["user"]).unlink()
            env["res.partner"].browse(ids["customer"]).unlink()
            cr.commit()


if __name__ == "__main__":
    main()
