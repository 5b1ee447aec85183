"""Benchmark of payment collection.

Builds N contracts (default 10,000) with 12 monthly instalments and 6 confirmed receipts each,
through the ORM, in one transaction that is rolled back at the end (nothing is kept), then
prints:
  - how long the daily scheduled action takes (first run, and a second run the same day);
  - how long the receivables ageing pivot takes (the read_group the pivot view sends);
  - the queries per receipt confirmation (average over a sample).

Usage (from the repository root, Odoo importable by python3):
    source scripts/lib.sh && ensure_pg && conf=$(write_odoo_conf /opt/odoo18 pay)
    python3 bench/bench_payments.py -c "$conf" -d pay_dev [--contracts 10000]
"""

import argparse
import time
from datetime import date

from dateutil.relativedelta import relativedelta

import odoo
from odoo import Command, api
from odoo.tools import SQL

BATCH = 250


def timed(label, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.2f} s", flush=True)
    return result, elapsed


def build(env, count):
    """Contracts started 8 months ago: 12 monthly instalments of 1,000; 6 receipts each.
    Seven contracts in ten are paid up to date (6 x 1,000), the others are behind
    (6 x 700), so part of the instalments are overdue, in several ageing buckets."""
    today = date.today()
    first = today - relativedelta(months=8)
    partners = env["res.partner"].create(
        [{"name": f"Bench customer {i}", "is_company": True} for i in range(500)]
    )
    users = env["res.users"].search([("share", "=", False)], limit=5)
    Contract = env["crm.contract"]
    Receipt = env["crm.contract.payment"]
    contracts = Contract
    for start in range(0, count, BATCH):
        vals_list = [
            {
                "name": f"Bench contract {i}",
                "partner_id": partners[i % len(partners)].id,
                "user_id": users[i % len(users)].id,
                "amount_total": 12000,
                "date_start": first,
                "date_end": first + relativedelta(years=1, days=-1),
                "payment_plan_ids": [
                    Command.create({"date_due": first + relativedelta(months=m), "amount": 1000})
                    for m in range(12)
                ],
            }
            for i in range(start, min(start + BATCH, count))
        ]
        batch = Contract.create(vals_list)
        batch.action_activate()
        Receipt.create(
            [
                {
                    "contract_id": contract.id,
                    "amount": 1000 if contract.id % 10 < 7 else 700,
                    "date": first + relativedelta(months=k, days=3),
                }
                for contract in batch
                for k in range(6)
            ]
        ).action_confirm()
        env.flush_all()
        env.invalidate_all()
        contracts |= batch
        print(f"  built {len(contracts)} contracts", flush=True)
    return contracts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--contracts", type=int, default=10000)
    parser.add_argument("--sample", type=int, default=50, help="receipts confirmed one by one")
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr,
            odoo.SUPERUSER_ID,
            {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True},
        )
        try:
            run(env, args)
        finally:
            cr.rollback()
            print("(rolled back: nothing was kept)")


def run(env, args):
    contracts, build_time = timed(
        f"build {args.contracts} contracts x 12 instalments x 6 receipts",
        build,
        env,
        args.contracts,
    )
    # Fresh statistics, as autovacuum would give a real database (this sees our rows).
    for table in ("crm_contract", "crm_contract_payment_plan", "crm_contract_payment"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    Plan = env["crm.contract.payment.plan"]
    # The first day the action runs on this data, as the day after the last run: states move.
    _, cron_first = timed("daily scheduled action, first run", Plan._cron_payment_plans)
    env.invalidate_all()
    _, cron_second = timed(
        "daily scheduled action, second run the same day", Plan._cron_payment_plans
    )
    env.invalidate_all()

    def pivot():
        # the report's rows: a contract each, its instalments summed by bucket on it
        return env["crm.contract"].read_group(
            [("amount_receivable", ">", 0)],
            [
                "amount_not_due:sum",
                "amount_late_1_30:sum",
                "amount_late_31_60:sum",
                "amount_late_61_90:sum",
                "amount_late_90_plus:sum",
                "amount_receivable:sum",
            ],
            ["partner_id"],
            lazy=False,
        )

    groups, pivot_time = timed("receivables ageing pivot (customer x ageing buckets)", pivot)
    env.invalidate_all()

    receipts = env["crm.contract.payment"].create(
        [{"contract_id": c.id, "amount": 100} for c in contracts[: args.sample]]
    )
    env.flush_all()
    env.invalidate_all()
    counts = []
    for receipt in receipts:
        before = env.cr.sql_log_count
        receipt.action_confirm()
        env.flush_all()
        counts.append(env.cr.sql_log_count - before)
    stats = {
        "plans": Plan.search_count([]),
        "overdue": Plan.search_count([("state", "=", "overdue")]),
        "pivot groups": len(groups),
    }
    print(
        f"queries per receipt confirmation: {sum(counts) / len(counts):.1f} "
        f"(min {min(counts)}, max {max(counts)}, over {len(counts)} receipts)"
    )
    print(f"data: {stats}")
    print(
        f"SUMMARY contracts={args.contracts} build={build_time:.1f}s cron_first={cron_first:.2f}s "
        f"cron_second={cron_second:.2f}s pivot={pivot_time:.3f}s "
        f"queries_per_confirm={sum(counts) / len(counts):.1f}"
    )


if __name__ == "__main__":
    main()
