"""Benchmark of invoicing contract instalments (crm_contract_account).

In one transaction rolled back at the end (nothing is kept), in a company with a chart of
accounts (account's generic chart is loaded when the database has none) and a 15% tax
excluded from the price on the products:
  1. Create Invoice: N contracts (default 1,000; one in two with 2 product lines, the
     others without lines, billed with the instalment product), signed, 3 instalments
     each. ``plans.action_create_invoices()`` on the first instalment of each contract
     (N instalments of N contracts, N invoices) against a batched ``account.move`` create
     of the same invoices (the values the addon builds, ``_invoice_vals`` grouped as
     ``_create_invoices`` does, built before the clock starts), in the same process, in
     turn, --rounds times each (each round rolled back to a savepoint), after a warm-up of
     each; prints the medians and ratio = batched create time / Create Invoice time
     (target >= 0.5).
  2. Queries of reconciling a payment: a full payment registered (``account.payment.register``,
     ``action_create_payments``) on a posted contract invoice against the same on a posted
     plain invoice (no contract) of the same amount and lines; prints the difference of the
     queries (median over --sample pairs, target <= 10).
  3. Consistency: C contracts (default 10,000) with 1 to 3 instalments, invoiced (Create
     Invoice, in batches), posted; a random part paid (fully, partly, or overpaid:
     ``account.payment`` created, posted and reconciled with its invoice), a few payments
     cancelled after reconciliation, a few unpaid invoices reversed (credit note); then,
     per contract: received == its confirmed receipts == what payments settled of its
     invoices (amount_total - amount_residual - what credit notes settled), still due ==
     amount - received; per invoiced instalment: still owed == what is left to invoice +
     the open amount of its posted invoices. Prints the build time and the number of
     differences (target 0).

Usage (from the repository root, Odoo importable by python3):
    source scripts/lib.sh && ensure_pg && conf=$(write_odoo_conf /opt/odoo18 bench)
    python3 bench/bench_invoicing.py -c "$conf" -d bench_invoicing [--contracts 1000] \
        [--check-contracts 10000] [--rounds 3] [--sample 5]
(``--contracts 0`` runs part 3 alone, ``--check-contracts 0`` parts 1 and 2 alone; a quick
run: ``--contracts 200 --check-contracts 500``.)
The database must have crm_contract_account installed (its own database: the bench adds
a chart of accounts when there is none, and rolls everything back).
"""

import argparse
import random
import statistics
import time
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

import odoo
from odoo import Command, api

BATCH = 500
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def timed(label, func, *args):
    start = time.perf_counter()
    result = func(*args)
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.2f} s", flush=True)
    return result, elapsed


# --- reference data ----------------------------------------------------------------------------


def reference(env):
    """The company (with a chart of accounts), customers, salespeople, taxed products."""
    company = env.company
    if not env["account.account"].search_count([("company_ids", "in", company.ids)], limit=1):
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    tax = env["account.tax"].create(
        {
            "name": "Bench VAT 15%",
            "amount": 15.0,
            "type_tax_use": "sale",
            "price_include_override": "tax_excluded",
            "company_id": company.id,
        }
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench service {i}",
                "list_price": 100.0 + i,
                "taxes_id": [Command.set(tax.ids)],
            }
            for i in range(10)
        ]
    )
    company._crm_contract_invoice_product().taxes_id = tax
    partners = env["res.partner"].create(
        [{"name": f"Bench customer {i}", "is_company": True} for i in range(200)]
    )
    users = env["res.users"].search([("share", "=", False)], limit=5)
    bank = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    return {"products": products, "partners": partners, "users": users, "bank": bank}


def contract_vals(index, ref, instalments, first):
    """A contract of 1,000.00 (with 2 product lines one time in two), its instalments
    monthly from ``first``, uneven so that the taxes round by the cent."""
    amounts = {1: [1000.0], 2: [333.33, 666.67], 3: [333.33, 333.33, 333.34]}[instalments]
    vals = {
        "name": f"Bench invoicing {index}",
        "partner_id": ref["partners"][index % len(ref["partners"])].id,
        "user_id": ref["users"][index % len(ref["users"])].id,
        "date_start": first,
        "date_end": first + relativedelta(years=1, days=-1),
        "payment_plan_ids": [
            Command.create({"date_due": first + relativedelta(months=m), "amount": amount})
            for m, amount in enumerate(amounts)
        ],
    }
    if index % 2:
        products = ref["products"]
        vals["line_ids"] = [
            Command.create(
                {
                    "product_id": products[index % len(products)].id,
                    "quantity": 2,
                    "price_unit": 300.0,
                }
            ),
            Command.create(
                {
                    "product_id": products[(index + 1) % len(products)].id,
                    "quantity": 1,
                    "price_unit": 400.0,
                }
            ),
        ]
    else:
        vals["amount_total"] = 1000.0
    return vals


def build_contracts(env, ref, count, instalments_of, first):
    Contract = env["crm.contract"]
    contracts = Contract
    for start in range(0, count, BATCH):
        batch = Contract.create(
            [
                contract_vals(i, ref, instalments_of(i), first)
                for i in range(start, min(start + BATCH, count))
            ]
        )
        batch.action_activate()
        env.flush_all()
        contracts |= batch
    return contracts


# --- 1. Create Invoice against a batched create ------------------------------------------------


def invoice_vals_list(plans):
    """The invoices' values as Create Invoice builds them (grouped per contract and due
    date, as ``_create_invoices`` does)."""
    groups = defaultdict(lambda: plans.browse())
    for plan in plans.sorted(lambda p: (p.contract_id.id, p.date_due, p.installment)):
        groups[(plan.contract_id, plan.date_due)] |= plan
    return [group._invoice_vals(contract, due)[0] for (contract, due), group in groups.items()]


def bench_create_invoice(env, ref, count, rounds):
    first = date.today() - relativedelta(months=1)
    contracts, build_time = timed(
        f"build {count} signed contracts x 3 instalments",
        build_contracts,
        env,
        ref,
        count,
        lambda i: 3,
        first,
    )
    plans = contracts.payment_plan_ids.filtered(lambda p: p.installment == 1)
    assert len(plans) == count, len(plans)
    Move = env["account.move"].with_context(default_move_type="out_invoice")

    def create_invoice():
        plans.action_create_invoices()

    def batched_create():
        Move.create(vals_list)

    samples = {"invoice": [], "create": []}
    sizes = {}

    def run(key, func):
        savepoint = env.cr.savepoint()
        env.invalidate_all()
        start = time.perf_counter()
        func()
        env.flush_all()
        elapsed = time.perf_counter() - start
        moves = env["account.move"].search([("contract_id", "in", contracts.ids)])
        sizes[key] = (len(moves), len(moves.invoice_line_ids))
        savepoint.close(rollback=True)
        env.invalidate_all()
        return elapsed

    # the values of the batched create, built off the clock, from a clean cache
    env.invalidate_all()
    vals_list = invoice_vals_list(plans)
    run("invoice", create_invoice)  # warm-up of each
    run("create", batched_create)
    for _round in range(rounds):
        samples["invoice"].append(run("invoice", create_invoice))
        samples["create"].append(run("create", batched_create))
    invoice_s = statistics.median(samples["invoice"])
    create_s = statistics.median(samples["create"])
    ratio = create_s / invoice_s
    print(
        f"Create Invoice: {sizes['invoice'][0]} invoices, {sizes['invoice'][1]} lines, "
        f"median {invoice_s:.2f} s ({', '.join(f'{s:.2f}' for s in samples['invoice'])})"
    )
    print(
        f"batched account.move create: {sizes['create'][0]} invoices, {sizes['create'][1]} "
        f"lines, median {create_s:.2f} s ({', '.join(f'{s:.2f}' for s in samples['create'])})"
    )
    rounds_ratio = statistics.median(
        create / invoice
        for invoice, create in zip(samples["invoice"], samples["create"], strict=True)
    )
    print(
        f"median of the rounds' own ratios (each round's two runs side by side): {rounds_ratio:.2f}"
    )
    verdict = "PASS" if ratio >= 0.5 and sizes["invoice"] == sizes["create"] else "FAIL"
    print(f"{verdict} Create Invoice ratio (batched create / Create Invoice) {ratio:.2f} >= 0.5")
    return {
        "build": build_time,
        "invoice": invoice_s,
        "create": create_s,
        "ratio": ratio,
        "ok": verdict == "PASS",
        "contracts": contracts,
    }


# --- 2. queries of reconciling a payment -------------------------------------------------------


def count_queries(env, func):
    """Queries run by ``func``, from an empty record cache (crm_contract's test helper)."""
    # (imported here: the addons path is known once the configuration is read)
    from odoo.addons.crm_contract.tests.common import count_queries as counted  # noqa: PLC0415

    return counted(env, func)


def register_payment(env, invoice):
    def func():
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": invoice.invoice_date_due}).action_create_payments()

    return func


def plain_copy(invoice):
    """A posted invoice of the same customer, amount and lines, without contract."""
    vals = {
        "move_type": "out_invoice",
        "partner_id": invoice.partner_id.id,
        "invoice_date_due": invoice.invoice_date_due,
        "invoice_payment_term_id": False,
        "invoice_line_ids": [
            Command.create(
                {
                    "product_id": line.product_id.id,
                    "name": line.name,
                    "quantity": line.quantity,
                    "price_unit": line.price_unit,
                    "tax_ids": [Command.set(line.tax_ids.ids)],
                }
            )
            for line in invoice.invoice_line_ids
            if line.display_type == "product"
        ],
    }
    plain = invoice.env["account.move"].create(vals)
    plain.action_post()
    return plain


def bench_queries(env, contracts, sample):
    plans = contracts.payment_plan_ids.filtered(lambda p: p.installment == 2)
    # both kinds of contracts: with lines and without
    plans = (
        plans.filtered(lambda p: p.contract_id.line_ids)[: sample + 1]
        | plans.filtered(lambda p: not p.contract_id.line_ids)[: sample + 1]
    )
    invoices = env["account.move"].browse()
    for plan in plans:
        invoices |= plan._create_invoices()
    invoices.action_post()
    pairs = [(invoice, plain_copy(invoice)) for invoice in invoices]
    assert all(
        not inv.currency_id.compare_amounts(inv.amount_total, plain.amount_total)
        for inv, plain in pairs
    )
    contract_counts, plain_counts = [], []
    for index, (invoice, plain) in enumerate(pairs):
        contract_n = count_queries(env, register_payment(env, invoice))
        plain_n = count_queries(env, register_payment(env, plain))
        if index not in (0, sample + 1):  # the first of each kind warms the caches up
            contract_counts.append(contract_n)
            plain_counts.append(plain_n)
        receipts = env["crm.contract.payment"].search([("invoice_id", "=", invoice.id)])
        assert receipts.state == "confirmed" and invoice.payment_state in ("paid", "in_payment")
    contract_q = statistics.median(contract_counts)
    plain_q = statistics.median(plain_counts)
    difference = contract_q - plain_q
    print(
        f"queries of a full payment registered: contract invoice {contract_q:.0f} "
        f"({contract_counts}), plain invoice {plain_q:.0f} ({plain_counts})"
    )
    # (imported here: the addons path is known once the configuration is read)
    from odoo.addons.crm_contract.models.crm_contract_payment import STATE_CHANGE  # noqa: PLC0415
    from odoo.addons.crm_contract.tools.guards import internal_context  # noqa: PLC0415

    # for reference: what crm_contract spends on one confirmed receipt (numbered, its
    # instalment's and contract's figures recomputed), on an instalment not invoiced
    Receipt = internal_context(env["crm.contract.payment"], STATE_CHANGE)
    others = contracts.payment_plan_ids.filtered(lambda p: p.installment == 3)
    own = []
    for plan in others[: len(contract_counts) + 1]:
        own.append(
            count_queries(
                env,
                lambda plan=plan: Receipt.create(
                    {
                        "contract_id": plan.contract_id.id,
                        "plan_id": plan.id,
                        "amount": 10.0,
                        "state": "confirmed",
                    }
                ),
            )
        )
    print(
        f"  of which crm_contract's own creation of a confirmed receipt: "
        f"{statistics.median(own[1:]):.0f} ({own[1:]})"
    )
    verdict = "PASS" if difference <= 10 else "FAIL"
    print(f"{verdict} queries added by the receipt: {difference:.0f} <= 10")
    return {
        "contract": contract_q,
        "plain": plain_q,
        "difference": difference,
        "ok": verdict == "PASS",
    }


# --- 3. consistency -----------------------------------------------------------------------------


def pay(env, ref, invoices_amounts):
    """Payments of the given amounts, posted, each reconciled with its invoice."""
    Payment = env["account.payment"]
    payments = Payment.create(
        [
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": invoice.partner_id.id,
                "amount": amount,
                "date": invoice.invoice_date_due,
                "journal_id": ref["bank"].id,
                "memo": invoice.name,
            }
            for invoice, amount in invoices_amounts
        ]
    )
    payments.action_post()
    for payment, (invoice, _amount) in zip(payments, invoices_amounts, strict=True):
        lines = payment.move_id.line_ids | invoice.line_ids
        lines.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        ).reconcile()
    return payments


def build_consistency(env, ref, count, seed):
    rng = random.Random(seed)
    first = date.today() - relativedelta(months=2)
    stats = defaultdict(int)
    Contract = env["crm.contract"]
    for start in range(0, count, BATCH):
        batch = build_contracts_range(env, ref, start, min(start + BATCH, count), first, rng)
        plans = batch.payment_plan_ids
        invoices = plans._create_invoices()
        invoices.action_post()
        stats["invoices"] += len(invoices)
        to_pay = []
        for invoice in invoices:
            draw = rng.random()
            if draw < 0.35:
                to_pay.append((invoice, invoice.amount_total))
                stats["paid fully"] += 1
            elif draw < 0.55:
                to_pay.append((invoice, round(invoice.amount_total * rng.uniform(0.1, 0.9), 2)))
                stats["paid partly"] += 1
            elif draw < 0.60:
                to_pay.append((invoice, invoice.amount_total + 50))
                stats["overpaid"] += 1
        payments = pay(env, ref, to_pay)
        stats["payments"] += len(payments)
        # a few payments cancelled after their reconciliation
        cancelled = payments.filtered(lambda p: rng.random() < 0.03)
        cancelled.action_draft()
        cancelled.action_cancel()
        stats["payments cancelled"] += len(cancelled)
        # a few unpaid invoices reversed by a credit note
        unpaid = invoices.filtered(lambda m: m.payment_state == "not_paid")
        reversed_ = unpaid.filtered(lambda m: rng.random() < 0.05)
        if reversed_:
            reversed_._reverse_moves(
                [{"invoice_date": m.invoice_date or m.date} for m in reversed_], cancel=True
            )
        stats["invoices reversed"] += len(reversed_)
        env.flush_all()
        env.invalidate_all()
        print(f"  built {start + len(batch)} invoiced contracts", flush=True)
    stats["contracts"] = Contract.search_count([("name", "=like", "Bench consistency %")])
    return dict(stats)


def build_contracts_range(env, ref, first_index, last_index, first, rng):
    vals_list = []
    for i in range(first_index, last_index):
        vals = contract_vals(i, ref, rng.randint(1, 3), first)
        vals["name"] = f"Bench consistency {i}"
        vals_list.append(vals)
    batch = env["crm.contract"].create(vals_list)
    batch.action_activate()
    return batch


def check_consistency(env):
    """The differences between the contracts' figures and accounting's."""
    differences = []
    contracts = env["crm.contract"].search([("name", "=like", "Bench consistency %")])
    for start in range(0, len(contracts), BATCH):
        batch = contracts[start : start + BATCH]
        moves = env["account.move"].search(
            [("contract_id", "in", batch.ids), ("state", "=", "posted")]
        )
        receipts = env["crm.contract.payment"].search(
            [("contract_id", "in", batch.ids), ("state", "=", "confirmed")]
        )
        confirmed = defaultdict(float)
        for receipt in receipts:
            confirmed[receipt.contract_id.id] += receipt.amount
        settled = defaultdict(float)  # by payments (credit notes are not payments)
        open_by_plan = defaultdict(float)
        for move in moves.filtered(lambda m: m.move_type == "out_invoice"):
            term_lines = move.line_ids.filtered(lambda line: line.display_type == "payment_term")
            by_credit_note = sum(
                partial.amount
                for partial in term_lines.matched_credit_ids
                if partial.credit_move_id.move_id.move_type == "out_refund"
            )
            settled[move.contract_id.id] += (
                move.amount_total - move.amount_residual - by_credit_note
            )
            plans = move.invoice_line_ids.crm_contract_plan_id
            if len(plans) == 1:
                open_by_plan[plans.id] += move.amount_residual
        for contract in batch:
            currency = contract.currency_id
            figures = {
                "received": contract.amount_received,
                "receipts": confirmed[contract.id],
                "accounting": settled[contract.id],
            }
            if len({currency.round(value) for value in figures.values()}) > 1:
                differences.append((contract.name, figures))
            due = currency.round(contract.amount_total - contract.amount_received)
            if currency.compare_amounts(contract.amount_due, due):
                differences.append((contract.name, {"due": contract.amount_due, "expected": due}))
            for plan in contract.payment_plan_ids:
                if plan.id not in open_by_plan and not plan.amount_invoiced:
                    continue
                expected = currency.round(
                    max(plan.amount - plan.amount_invoiced, 0.0) + open_by_plan[plan.id]
                )
                if currency.compare_amounts(plan.amount_residual, expected):
                    differences.append(
                        (plan.display_name, {"owed": plan.amount_residual, "expected": expected})
                    )
        env.invalidate_all()
    return len(contracts), differences


def bench_consistency(env, ref, count, seed):
    stats, build_time = timed(
        f"build {count} invoiced contracts (1-3 instalments), paid, cancelled, reversed",
        build_consistency,
        env,
        ref,
        count,
        seed,
    )
    print(f"data: {stats}")
    (checked, differences), check_time = timed("consistency check", check_consistency, env)
    for name, figures in differences[:20]:
        print(f"  difference: {name}: {figures}")
    verdict = "PASS" if not differences and checked == count else "FAIL"
    print(f"{verdict} differences over {checked} invoiced contracts: {len(differences)} == 0")
    return {
        "build": build_time,
        "check": check_time,
        "differences": len(differences),
        "ok": verdict == "PASS",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--contracts", type=int, default=1000, help="for parts 1 and 2 (0: skip them)"
    )
    parser.add_argument(
        "--check-contracts", type=int, default=10000, help="for part 3 (0: skip it)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sample", type=int, default=5, help="payments counted, per kind")
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, CONTEXT)
        try:
            ref = reference(env)
            env.flush_all()
            summary, verdicts = [], []
            if args.contracts:
                first = bench_create_invoice(env, ref, args.contracts, args.rounds)
                second = bench_queries(env, first["contracts"], args.sample)
                summary += [
                    f"contracts={args.contracts}",
                    f"create_invoice={first['invoice']:.2f}s",
                    f"batched_create={first['create']:.2f}s",
                    f"ratio={first['ratio']:.2f}",
                    f"receipt_queries={second['difference']:.0f}",
                ]
                verdicts += [first["ok"], second["ok"]]
            if args.check_contracts:
                third = bench_consistency(env, ref, args.check_contracts, args.seed)
                summary += [
                    f"check_contracts={args.check_contracts}",
                    f"build={third['build']:.0f}s",
                    f"differences={third['differences']}",
                ]
                verdicts.append(third["ok"])
            print(f"SUMMARY {' '.join(summary)} {'PASS' if all(verdicts) else 'FAIL'}")
        finally:
            cr.rollback()
            print("(rolled back: nothing was kept)")


if __name__ == "__main__":
    main()
