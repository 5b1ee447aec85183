"""Benchmark of the contract import.

On one generated CSV of N contract rows (default 10,000) whose customers, owners and types
are referenced by name, runs in the same process, each in a transaction that is rolled
back afterwards (nothing is kept):
  1. the import wizard, end to end (reading, matching, validating, writing);
  2. Odoo's own base_import ``execute_import`` for the same columns;
  3. a plain batched ``create`` of the same values (ids already resolved, no file), once
     as is and once with ``tracking_disable`` (no chatter work at all: the ORM's floor);
and prints the rates and the wizard's ratio to each (--quick: to the batched create
without chatter only, the ratio that matters; base_import and the plain create take
minutes each). Every file goes through the wizard in the request (the threshold of
background imports is raised for the run). Then
  4. creates the same contracts (untimed) and imports one follow-up per contract, by five
     authors, each with a next contact (one in five already past), as a user without an
     e-mail address;
and prints, from this one run, the contract wizard's ratio to the batched create without
chatter and the follow-up wizard's ratio to the contract wizard (rows/s). Then imports a
file of --big rows (default 50,000; 0 to skip) through the wizard and prints its time and
the process's peak memory, next to Odoo's default request limits.

Usage (from the repository root, Odoo importable by python3):
    source scripts/lib.sh && ensure_pg && conf=$(write_odoo_conf /opt/odoo18 bench)
    python3 bench/bench_import.py -c "$conf" -d bench_import [--rows 10000] [--big 50000] \
        [--quick]
The database must have crm_contract installed (scripts/test.sh's database will do).
"""

import argparse
import base64
import csv
import io
import resource
import time
from datetime import date, timedelta

import odoo
from odoo import api

BACKGROUND_ROWS_PARAM = "crm_contract.import_background_rows"

COLUMNS = [
    "Contract Number",
    "Contract Name",
    "Customer",
    "Person in Charge",
    "Status",
    "Signed On",
    "Start Date",
    "End Date",
    "Contract Type",
    "Amount",
]
FIELDS = [
    "number",
    "name",
    "partner_id",
    "user_id",
    "state",
    "date_signed",
    "date_start",
    "date_end",
    "type_id",
    "amount_total",
]


def make_rows(count, customers, users, types, prefix):
    start = date(2026, 1, 1)
    rows = []
    for i in range(count):
        signed = start + timedelta(days=i % 300)
        rows.append(
            [
                f"{prefix}-{i:06d}",
                f"Benchmark contract {i}",
                customers[i % len(customers)],
                users[i % len(users)],
                "Active" if i % 3 else "Draft",
                signed.isoformat(),
                (signed + timedelta(days=10)).isoformat(),
                (signed + timedelta(days=375)).isoformat(),
                types[i % len(types)],
                f"{1000 + (i % 997) * 13.5:.2f}",
            ]
        )
    return rows


def csv_bytes(rows, columns=COLUMNS):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode()


FOLLOWUP_COLUMNS = [
    "Contract Number",
    "Follow-up Type",
    "Date",
    "Content",
    "Next Contact",
    "Next Action",
    "Author",
]


def make_followup_rows(contract_rows, users):
    """One follow-up per contract, by several authors, each with a next contact (one in
    five already past): as many next-contact activities as follow-ups, minus the past."""
    kinds = ["Call", "微信沟通", "上门拜访", "Email", "会议"]
    today = date.today()
    rows = []
    for i, contract in enumerate(contract_rows):
        next_date = today + timedelta(days=(i % 60) - 12)
        rows.append(
            [
                contract[0],
                kinds[i % len(kinds)],
                f"2026/6/{1 + i % 28} 13:{i % 60:02d}",
                f"Follow-up {i}: <b>called</b> about the renewal\nsecond line",
                next_date.isoformat(),
                "Send the offer",
                users[(i + 1) % len(users)],
            ]
        )
    return rows


def run_followup_wizard(env, contract_rows, ids, data):
    """Creates the contracts (not timed), then imports the follow-ups as a user without
    an e-mail address (timed); returns (rows, seconds)."""
    run_create(env, contract_rows, ids)
    importer = env["res.users"].browse(ids["user"][next(iter(ids["user"]))])
    assert not importer.email
    wizard = (
        env["crm.contract.import"]
        .with_user(importer)
        .create(
            {"file": base64.b64encode(data), "filename": "followups.csv", "import_type": "followup"}
        )
    )
    begin = time.perf_counter()
    wizard.action_import()
    env.flush_all()
    elapsed = time.perf_counter() - begin
    assert wizard.error_count == 0, wizard.error_line_ids[:5].mapped("message")
    assert wizard.job_id.state == "done" and not wizard.job_id.background, wizard.job_id.state
    return wizard.created_count, elapsed


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_wizard(env, data):
    wizard = env["crm.contract.import"].create(
        {"file": base64.b64encode(data), "filename": "bench.csv", "import_type": "contract"}
    )
    wizard.action_import()
    assert wizard.error_count == 0, wizard.error_line_ids[:5].mapped("message")
    # imported in the request (the threshold of background imports is raised in main)
    assert wizard.job_id.state == "done" and not wizard.job_id.background, wizard.job_id.state
    return wizard.created_count


def run_base_import(env, data):
    importer = env["base_import.import"].create(
        {
            "res_model": "crm.contract",
            "file": data,
            "file_name": "bench.csv",
            "file_type": "text/csv",
        }
    )
    options = {
        "has_headers": True,
        "quoting": '"',
        "separator": ",",
        "encoding": "utf-8",
        "date_format": "%Y-%m-%d",
        "float_thousand_separator": ",",
        "float_decimal_separator": ".",
        "name_create_enabled_fields": {},
    }
    result = importer.execute_import(FIELDS, COLUMNS, options)
    errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
    assert not errors, errors[:3]
    return len(result["ids"])


def run_create_no_chatter(env, rows, ids):
    return run_create(env(context=dict(env.context, tracking_disable=True)), rows, ids)


def run_create(env, rows, ids):
    states = {"Active": "active", "Draft": "draft"}
    vals_list = [
        {
            "number": r[0],
            "name": r[1],
            "partner_id": ids["customer"][r[2]],
            "user_id": ids["user"][r[3]],
            "state": states[r[4]],
            "date_signed": r[5],
            "date_start": r[6],
            "date_end": r[7],
            "type_id": ids["type"][r[8]],
            "amount_total": float(r[9]),
        }
        for r in rows
    ]
    Contract = env["crm.contract"]
    for start in range(0, len(vals_list), 1000):
        Contract.create(vals_list[start : start + 1000])
    env.flush_all()
    return len(vals_list)


def measure(registry, label, func, *args):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin"))
        begin = time.perf_counter()
        count = func(env, *args)
        elapsed = time.perf_counter() - begin
        if isinstance(count, tuple):  # the function timed its own part
            count, elapsed = count
        cr.rollback()
    rate = count / elapsed
    print(f"{label:<40} {count:>7} rows {elapsed:8.2f} s {rate:9.0f} rows/s", flush=True)
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--big", type=int, default=50000)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip base_import and the plain create with chatter (minutes each)",
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)

    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        customers = env["res.partner"].create(
            [{"name": f"Bench Customer {i:04d}", "is_company": True} for i in range(500)]
        )
        users = env["res.users"].create(
            [{"name": f"Bench Owner {i}", "login": f"bench_owner_{i}"} for i in range(5)]
        )
        for user in users:
            user.groups_id = [(4, env.ref("crm_contract.crm_contract_group_manager").id)]
        types = env["crm.contract.type"].search([])
        # every file of the benchmark is imported in the request, as the wizard does up to
        # the threshold of background imports (restored at the end)
        params = env["ir.config_parameter"]
        threshold = params.get_param(BACKGROUND_ROWS_PARAM)
        params.set_param(BACKGROUND_ROWS_PARAM, max(args.rows, args.big) + 1)
        ids = {
            "customer": {p.name: p.id for p in customers},
            "user": {u.name: u.id for u in users},
            "type": {t.name: t.id for t in types},
        }
        cr.commit()
    try:
        rows = make_rows(
            args.rows, list(ids["customer"]), list(ids["user"]), list(ids["type"]), "B"
        )
        data = csv_bytes(rows)
        print(
            f"crm_contract import benchmark: {args.rows} contract rows, "
            f"{len(ids['customer'])} customers by name, {len(data) / 1024:.0f} KiB CSV"
        )
        measure(registry, "warm-up (wizard, 500 rows)", run_wizard, csv_bytes(rows[:500]))
        wizard = measure(registry, "import wizard (end to end)", run_wizard, data)
        floor = measure(
            registry,
            "batched create, tracking_disable (ORM floor)",
            run_create_no_chatter,
            rows,
            ids,
        )
        if not args.quick:
            base = measure(registry, "base_import execute_import", run_base_import, data)
            plain = measure(registry, "plain batched create (ids resolved)", run_create, rows, ids)
            print(f"wizard / base_import: {wizard / base:.2f}x", end="    ")
            print(f"wizard / plain create: {wizard / plain:.2f}x", end="    ")
        print(f"wizard / batched create without chatter: {wizard / floor:.2f}x")
        followup_data = csv_bytes(
            make_followup_rows(rows, list(ids["user"])), columns=FOLLOWUP_COLUMNS
        )
        followups = measure(
            registry,
            "follow-up import wizard (5 authors)",
            run_followup_wizard,
            rows,
            ids,
            followup_data,
        )
        print(
            "RATIOS  contract wizard / batched create without chatter (tracking_disable): "
            f"{wizard / floor:.2f}x  (target 0.8)    follow-up wizard / contract wizard: "
            f"{followups / wizard:.2f}x  (target 0.5)"
        )
        if not args.big:
            return

        big_rows = make_rows(
            args.big, list(ids["customer"]), list(ids["user"]), list(ids["type"]), "G"
        )
        big = csv_bytes(big_rows)
        before = peak_rss_mb()
        rate = measure(registry, f"import wizard, {args.big} rows", run_wizard, big)
        print(
            f"{args.big} rows: {args.big / rate:.1f} s (Odoo's default limit_time_real: 120 s); "
            f"peak RSS {peak_rss_mb():.0f} MiB (before: {before:.0f} MiB; "
            f"Odoo's default limit_memory_soft: 2048 MiB)"
        )
    finally:
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["ir.config_parameter"].set_param(BACKGROUND_ROWS_PARAM, threshold or False)
            env["res.users"].browse(ids["user"].values()).unlink()
            env["res.partner"].browse(ids["customer"].values()).unlink()
            cr.commit()


if __name__ == "__main__":
    main()
