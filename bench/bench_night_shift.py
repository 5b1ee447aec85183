"""The night shift: every scheduled job of crm_contract due at the same minute, on real
servers sharing one database, and the background import across two servers (one killed,
Run Manually pressed on both).

Part 1, the daily jobs (twice: on two prefork servers, then on one threaded server):

  1. a new database (dropped first) with crm_contract, no demo data, and --contracts
     contracts (default 300; --short 60), persons in charge from a pool of 4 users and
     the same 3 partners following every contract, created without followers otherwise
     (the persons in charge become followers through the jobs' activities, the
     mail_followers unique violations of the reported bug), in six groups (by id modulo 6):
       0  ended 40 days ago                  -> expired; one instalment overdue
       1  ends in 10 days                    -> expiry reminder; one instalment due in 3 days
       2  renewed automatically, ended yesterday -> expired and renewed; one overdue
       3  renewed automatically, ends today  -> renewed; its expiry reminder and renewal
                                                notice, if made, closed by the renewal (0
                                                left); one instalment due in 2 days
       4  renewed automatically, ends in 40 days (notice deadline in 10) -> renewal
                                                notice; two instalments due in 1 and 5 days
       5  ends in 200 days                   -> one instalment due in 3 days, one overdue,
                                                one due in 60 days (nothing)
     The database is copied (Odoo's duplicate) for the second run;
  2. every crm_contract job (expire, expiry reminders, automatic renewal and notices,
     instalments, imports, import cleanup) made due now (nextcall written through the
     ORM), the other jobs postponed a day; the servers started: two odoo-bin
     ``--workers=2 --max-cron-threads=1`` (two machines), then, on the copy, one
     ``--max-cron-threads=2`` (threaded); the cron workers woken (NOTIFY cron_trigger);
  3. waits until every crm_contract job ran (lastcall after the start, no trigger left,
     nextcall in the future), stops the servers and checks the exact counts from the
     setup: each contract due to expire expired, each due renewal made exactly once (no
     contract renewed twice, no other), each expiry reminder, renewal notice, payment due
     and payment overdue activity exactly once per contract and instalment (activities
     counted per contract and type: 0 duplicates, 0 missing), 0 records noted as skipped
     ("skipped this record"), and no ERROR, CRITICAL or traceback in any server's log.

Part 2, the background import (on the first database, two prefork servers again):

  4. a CSV of --rows follow-ups (default 4,000; --short 1,500; bench_background_import's
     builder) queued through the wizard as a user would, both servers started; when a
     share of the rows is written, the server running the import is killed (SIGKILL to
     its process group: master, workers, gevent); the other one goes on (woken at once
     rather than at its next minute); every row lands exactly once;
  5. "Run Manually" of the import job pressed on both servers at once (JSON-RPC
     ``ir.cron.method_direct_trigger`` as admin, two threads) while an import of another
     file is queued (the job paused meanwhile, so that no cron worker takes it first):
     exactly one call runs the import, the other must answer that the import is already
     running (an error whose message contains "already running"); the job then resumes
     and every row lands exactly once.

Prints every figure and a PASS/FAIL line per check; exits 1 when a check fails. Every
server started is stopped (killed) at the end, whatever happens.

Usage (from the repository root, Odoo importable by python3):
    source scripts/lib.sh && ensure_pg && conf=$(write_odoo_conf /opt/odoo18 bench)
    python3 bench/bench_night_shift.py -c "$conf" -d night_shift             # full
    python3 bench/bench_night_shift.py -c "$conf" -d night_shift --short     # make test
    [--contracts 300] [--rows 4000]
The database given and its copy (<database>_threaded) are dropped and created again.
"""

import os
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta

from _servers import (
    Client,
    argument_parser,
    copy_database,
    drop_database,
    env_cursor,
    fresh_database,
    parse_arguments,
    running_servers,
    wake_crons,
)
from bench_background_import import make_file, prepare, queue

import odoo
from odoo import fields

JOBS = {
    "expire": "crm_contract.ir_cron_crm_contract_expire",
    "expiry reminders": "crm_contract.ir_cron_crm_contract_expiry_reminder",
    "renewals and notices": "crm_contract.ir_cron_crm_contract_auto_renew",
    "instalments": "crm_contract.ir_cron_crm_contract_payment_plan",
    "imports": "crm_contract.ir_cron_crm_contract_import",
    "import cleanup": "crm_contract.ir_cron_crm_contract_import_cleanup",
}
ACTIVITY_TYPES = {
    "expiry": "crm_contract.mail_activity_type_contract_expiry",
    "notice": "crm_contract.mail_activity_type_contract_renewal_notice",
    "due": "crm_contract.mail_activity_type_payment_due",
    "overdue": "crm_contract.mail_activity_type_payment_overdue",
}
AMOUNT = 10_000
INSTALMENT = 1_000
# group: (end date in days from today, automatic renewal, instalments due in days)
GROUPS = {
    0: (-40, False, [-60]),
    1: (10, False, [3]),
    2: (-1, True, [-10]),
    3: (0, True, [2]),
    4: (40, True, [1, 5]),
    5: (200, False, [3, -5, 60]),
}


class Checks:
    def __init__(self):
        self.results = []

    def add(self, label, ok, detail=""):
        self.results.append((label, bool(ok)))
        print(f"{'PASS' if ok else 'FAIL'}  {label}{f': {detail}' if detail else ''}", flush=True)

    @property
    def failed(self):
        return [label for label, ok in self.results if not ok]


# --- Part 1: the setup -------------------------------------------------------------


def build_night(registry, count):
    """The contracts of the six groups (committed); returns what each job must do."""
    with env_cursor(registry) as env:
        # today as the jobs see it (they run as the superuser, in its time zone)
        today = fields.Date.context_today(env["crm.contract"])
        quiet = {"tracking_disable": True, "mail_create_nosubscribe": True}
        user_group = env.ref("base.group_user").id
        salesman = env.ref("sales_team.group_sale_salesman").id
        users = env["res.users"].create(
            [
                {
                    "name": f"Night Owner {i}",
                    "login": f"night_owner_{i}",
                    "groups_id": [(6, 0, [user_group, salesman])],
                }
                for i in range(4)
            ]
        )
        customer = env["res.partner"].create({"name": "Night Shift Ltd", "is_company": True})
        watchers = env["res.partner"].create(
            [{"name": f"Night Watcher {i}", "parent_id": customer.id} for i in range(3)]
        )
        vals_list = []
        for index in range(count):
            end_days, auto_renew, _dues = GROUPS[index % 6]
            end = today + timedelta(days=end_days)
            vals_list.append(
                {
                    "name": f"Night shift {index}",
                    "partner_id": customer.id,
                    "user_id": users[index % len(users)].id,
                    "amount_total": AMOUNT,
                    "date_signed": end - timedelta(days=365),
                    "date_start": end - timedelta(days=364),
                    "date_end": end,
                    "auto_renew": auto_renew,
                    "renewal_term_months": 12,
                    "notice_days": 30,
                }
            )
        Contract = env["crm.contract"].with_context(**quiet)
        contracts = Contract.create(vals_list)
        contracts.action_activate()
        contracts.message_subscribe(partner_ids=watchers.ids)
        plans = []
        for index, contract in enumerate(contracts):
            for days in GROUPS[index % 6][2]:
                plans.append(
                    {
                        "contract_id": contract.id,
                        "date_due": today + timedelta(days=days),
                        "amount": INSTALMENT,
                    }
                )
        env["crm.contract.payment.plan"].create(plans)
        env.flush_all()
        groups = {g: [c.id for i, c in enumerate(contracts) if i % 6 == g] for g in GROUPS}
        remind = env["crm.contract.payment.plan"].default_get(["remind_days"])["remind_days"]
    expected = {
        "expired": set(groups[0] + groups[2]),
        "renewed": set(groups[2] + groups[3]),
        "activities": Counter(),  # (contract id, kind): count
        "contracts": sorted(c for ids in groups.values() for c in ids),
        "groups": {g: len(ids) for g, ids in groups.items()},
    }
    for group, ids in groups.items():
        _end, _auto, dues = GROUPS[group]
        for contract_id in ids:
            if group == 1:
                expected["activities"][contract_id, "expiry"] += 1
            if group == 4:
                expected["activities"][contract_id, "notice"] += 1
            for days in dues:
                if days < 0:
                    expected["activities"][contract_id, "overdue"] += 1
                elif days <= remind:
                    expected["activities"][contract_id, "due"] += 1
    return expected


def make_due(registry):
    """Every crm_contract job due now, the other jobs a day later; returns the moment."""
    with env_cursor(registry) as env:
        env.cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        now = env.cr.fetchone()[0].replace(microsecond=0)
        ours = env["ir.cron"].browse([env.ref(xmlid).id for xmlid in JOBS.values()])
        ours.write({"nextcall": now, "active": True})
        others = env["ir.cron"].search([("id", "not in", ours.ids)])
        others.write({"nextcall": now + timedelta(days=1)})
    return now


def jobs_state(registry, since):
    """{job: ran since ``since`` and nothing left to do}."""
    with env_cursor(registry) as env:
        state = {}
        for name, xmlid in JOBS.items():
            cron = env.ref(xmlid)
            env.cr.execute(
                "SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s"
                " AND call_at <= now() AT TIME ZONE 'UTC'",
                [cron.id],
            )
            pending = env.cr.fetchone()[0]
            state[name] = bool(
                cron.lastcall and cron.lastcall >= since and cron.nextcall > since and not pending
            )
        return state


def wait_jobs(registry, servers, since, timeout):
    begin = time.time()
    state = {}
    while time.time() - begin < timeout:
        state = jobs_state(registry, since)
        if all(state.values()):
            return time.time() - begin, state
        if not any(server.running() for server in servers):
            break
        wake_crons(registry)
        time.sleep(1)
    return time.time() - begin, state


def count_outcome(registry, expected):
    """What the jobs did to the setup's contracts, from the database."""
    contract_ids = expected["contracts"]
    with env_cursor(registry) as env:
        env.cr.execute(
            "SELECT id FROM crm_contract WHERE id = ANY(%s) AND state = 'expired'", [contract_ids]
        )
        expired = {row[0] for row in env.cr.fetchall()}
        env.cr.execute(
            "SELECT previous_contract_id, count(*), bool_and(auto_renewed AND state = 'active')"
            " FROM crm_contract WHERE previous_contract_id IS NOT NULL GROUP BY 1"
        )
        renewals = {row[0]: (row[1], row[2]) for row in env.cr.fetchall()}
        kinds = {env.ref(xmlid).id: kind for kind, xmlid in ACTIVITY_TYPES.items()}
        env.cr.execute(
            "SELECT res_id, activity_type_id, count(*) FROM mail_activity"
            " WHERE res_model = 'crm.contract' AND activity_type_id = ANY(%s) GROUP BY 1, 2",
            [list(kinds)],
        )
        activities = Counter(
            {(res_id, kinds[type_id]): n for res_id, type_id, n in env.cr.fetchall()}
        )
        env.cr.execute(
            "SELECT count(*) FROM mail_message WHERE body::text ILIKE %s",
            ["%skipped this record%"],
        )
        skipped = env.cr.fetchone()[0]
    return expired, renewals, activities, skipped


def check_night(checks, label, registry, expected, servers, seconds, state):
    expired, renewals, activities, skipped = count_outcome(registry, expected)
    checks.add(
        f"[{label}] every crm_contract job ran ({seconds:.0f} s)",
        all(state.values()),
        ", ".join(f"{job}: {'ran' if ran else 'NOT RUN'}" for job, ran in state.items()),
    )
    want = expected["expired"]
    checks.add(
        f"[{label}] contracts expired: {len(expired)} of {len(want)} due",
        expired == want,
        f"missing {len(want - expired)}, unexpected {len(expired - want)}",
    )
    want = expected["renewed"]
    twice = {c for c, (n, _ok) in renewals.items() if n > 1}
    wrong = {c for c, (_n, ok) in renewals.items() if not ok}
    checks.add(
        f"[{label}] automatic renewals: {len(set(renewals) & want)} of {len(want)} due, "
        f"renewed twice {len(twice)}, unexpected {len(set(renewals) - want)}",
        set(renewals) == want and not twice and not wrong,
        f"not signed/automatic {len(wrong)}" if wrong else "",
    )
    for kind in ACTIVITY_TYPES:
        want = {key: n for key, n in expected["activities"].items() if key[1] == kind}
        got = {key: n for key, n in activities.items() if key[1] == kind}
        keys = set(want) | set(got)
        duplicates = sum(max(got.get(k, 0) - want.get(k, 0), 0) for k in keys)
        missing = sum(max(want.get(k, 0) - got.get(k, 0), 0) for k in keys)
        checks.add(
            f"[{label}] {kind} activities: {sum(got.values())} for {sum(want.values())} due "
            f"({duplicates} duplicates, {missing} missing)",
            not duplicates and not missing,
            _examples(want, got),
        )
    checks.add(f"[{label}] records noted as skipped: {skipped}", skipped == 0)
    check_logs(checks, label, servers)


def check_logs(checks, label, servers):
    bad = [line for server in servers for line in server.bad_lines()]
    checks.add(f"[{label}] ERROR, CRITICAL or Traceback lines in the logs: {len(bad)}", not bad)
    for line in bad[:30]:
        print("     ", line[:400])


def _examples(want, got):
    wrong = [k for k in set(want) | set(got) if want.get(k, 0) != got.get(k, 0)][:5]
    return "; ".join(f"contract {k[0]}: {got.get(k, 0)} instead of {want.get(k, 0)}" for k in wrong)


def night_run(checks, label, config, database, servers_args, log_dir, expected, timeout):
    registry = odoo.modules.registry.Registry(database)
    since = make_due(registry)
    begin = time.time()
    with running_servers(config, database, log_dir, f"{database}-{label}", servers_args) as servers:
        wake_crons(registry)
        seconds, state = wait_jobs(registry, servers, since, timeout)
    print(f"[{label}] servers up {time.time() - begin:.0f} s in all", flush=True)
    check_night(checks, label, registry, expected, servers, seconds, state)
    return servers


# --- Part 2: the import ------------------------------------------------------------


def import_settings(registry, rows):
    """Files above a few hundred rows go to the background, in chunks of a twentieth of
    the file (so that there is a middle to kill the server in)."""
    with env_cursor(registry) as env:
        params = env["ir.config_parameter"]
        params.set_param("crm_contract.import_background_rows", 100)
        params.set_param("crm_contract.import_chunk_rows", max(rows // 20, 20))


def job_figures(registry, job_id, contract_ids):
    with env_cursor(registry) as env:
        job = env["crm.contract.import.job"].browse(job_id)
        env.cr.execute(
            "SELECT count(*), count(DISTINCT (contract_id, date, description))"
            " FROM crm_contract_followup WHERE contract_id = ANY(%s)",
            [contract_ids],
        )
        total, distinct = env.cr.fetchone()
        return job.state, job.rows_done, job.created_count, total, distinct


def running_server(servers):
    """The server whose log says it started the import job last."""
    marker = "Job 'Contracts: background imports'"
    best, best_at = None, ""
    for server in servers:
        for line in server.log_text().splitlines():
            if marker in line and "starting" in line and line[:23] > best_at:
                best, best_at = server, line[:23]
    return best


PREFORK_PAIR = [{"workers": 2, "cron_threads": 1}] * 2


def wait_import(registry, job_id, contract_ids, timeout, watch=None):
    """Until the import record is done (or failed); ``watch(rows done)`` is called at each
    look. Returns the seconds waited."""
    begin = time.time()
    while time.time() - begin < timeout:
        state, done, *_rest = job_figures(registry, job_id, contract_ids)
        if state not in ("queued", "running"):
            break
        if watch:
            watch(done)
        time.sleep(0.1)
    return time.time() - begin


def import_killed(checks, config, database, registry, rows, log_dir, timeout):
    """Part 2, step 4: the import across two servers, the one running it killed."""
    user_id, contract_ids, data = prepare(registry, rows)
    import_settings(registry, rows)
    killed = {}

    def kill_mid_way(done):
        if not killed and done >= rows * 0.3:
            server = running_server(servers)
            if server:
                server.kill()
                killed.update(server=server, rows=done)
                print(f"killed the server running the import at {done:,} rows", flush=True)
                wake_crons(registry)

    with running_servers(config, database, log_dir, f"{database}-import", PREFORK_PAIR) as servers:
        job_id, _seconds = queue(registry, user_id, data)
        seconds = wait_import(registry, job_id, contract_ids, timeout, kill_mid_way)
    state, done, created, total, distinct = job_figures(registry, job_id, contract_ids)
    killed_at = killed.get("rows", 0)
    checks.add(
        f"[import] one server killed mid-way (SIGKILL to its process group) at {killed_at:,} "
        f"of {rows:,} rows",
        0 < killed_at < rows,
    )
    checks.add(
        f"[import] {rows:,} rows -> {total:,} follow-ups, {distinct:,} distinct, import "
        f"record {state} ({created:,} created) in {seconds:.0f} s",
        state == "done" and total == distinct == created == rows,
    )
    check_logs(checks, "import", servers)


MANUAL_PREFIX = "NSM"


def manual_contracts(registry, count):
    with env_cursor(registry) as env:
        customer = env["res.partner"].create({"name": "Night Manual Ltd", "is_company": True})
        numbers = [f"{MANUAL_PREFIX}-{i:04d}" for i in range(count)]
        contracts = env["crm.contract"].create(
            [{"number": n, "name": n, "partner_id": customer.id} for n in numbers]
        )
        return contracts.ids, numbers


def press_both(servers, database, cron_id):
    """Run Manually of ``cron_id`` pressed on every server at once, as admin (JSON-RPC):
    their answers."""
    clients = [Client(server.http_port, database) for server in servers]
    answers = [None] * len(clients)
    barrier = threading.Barrier(len(clients))

    def press(index):
        barrier.wait()
        try:
            answers[index] = clients[index].call_kw("ir.cron", "method_direct_trigger", [[cron_id]])
        except Exception as exc:  # noqa: BLE001  (reported as the answer)
            answers[index] = {"error": {"data": {"message": f"{type(exc).__name__}: {exc}"}}}

    threads = [threading.Thread(target=press, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def run_manually(checks, config, database, registry, rows, log_dir, timeout):
    """Part 2, step 5: Run Manually of the import job on both servers at once."""
    contract_ids, numbers = manual_contracts(registry, max(rows // 100, 1))
    with env_cursor(registry) as env:
        user = env["res.users"].search([("login", "=", "bench_bg_importer")])
        cron_id = env.ref(JOBS["imports"]).id
        user_id, author = user.id, user.name
        # paused: the cron workers would take the queued import before anyone presses
        env["ir.cron"].browse(cron_id).write({"active": False})
    try:
        with running_servers(
            config, database, log_dir, f"{database}-manual", PREFORK_PAIR
        ) as servers:
            job_id, _seconds = queue(registry, user_id, make_file(rows, numbers, author))
            answers = press_both(servers, database, cron_id)
            with env_cursor(registry) as env:
                env["ir.cron"].browse(cron_id).write({"active": True})
                env["ir.cron"].browse(cron_id)._trigger()
            wait_import(registry, job_id, contract_ids, timeout)
    finally:
        with env_cursor(registry) as env:
            env.ref(JOBS["imports"]).write({"active": True})
    ran = [a for a in answers if a and "result" in a]
    errors = [
        ((a or {}).get("error", {}).get("data", {}) or {}).get("message", "")
        for a in answers
        if not a or "error" in a
    ]
    for index, answer in enumerate(answers):
        shown = (
            f"result {answer['result']!r}"
            if answer and "result" in answer
            else f"error {((answer or {}).get('error') or {}).get('data', {}).get('message')!r}"
        )
        print(f"  Run Manually on server {index + 1}: {shown[:300]}", flush=True)
    checks.add(
        "[run manually] one of the two calls ran the import",
        len(ran) == 1,
        f"{len(ran)} ran, {len(errors)} refused",
    )
    checks.add(
        "[run manually] the other answered that the import is already running",
        len(errors) == 1 and "already running" in errors[0],
        f"its message: {errors[0][:300]!r}" if len(errors) == 1 else "",
    )
    state, done, created, total, distinct = job_figures(registry, job_id, contract_ids)
    checks.add(
        f"[run manually] {rows:,} rows -> {total:,} follow-ups, {distinct:,} distinct, import "
        f"record {state} ({created:,} created)",
        state == "done" and total == distinct == created == rows,
    )
    check_logs(checks, "run manually", servers)


# --- main ---------------------------------------------------------------------------


def run(config, database, contracts, rows, timeout):
    checks = Checks()
    log_dir = tempfile.mkdtemp(prefix=f"night_shift_{database}_")
    print(f"logs in {log_dir}", flush=True)
    threaded_db = f"{database}_threaded"
    begin = time.time()
    registry = fresh_database(config, database)
    setup_begin = time.time()
    expected = build_night(registry, contracts)
    due = Counter(kind for (_c, kind), n in expected["activities"].items() for _ in range(n))
    print(
        f"setup: {contracts} contracts in {time.time() - setup_begin:.1f} s; due: "
        f"{len(expected['expired'])} to expire, {len(expected['renewed'])} to renew, "
        + ", ".join(f"{due[kind]} {kind} activities" for kind in ACTIVITY_TYPES),
        flush=True,
    )
    copy_database(config, database, threaded_db)
    prefork = {"workers": 2, "cron_threads": 1}
    night_run(
        checks,
        "2 servers prefork",
        config,
        database,
        [prefork, prefork],
        log_dir,
        expected,
        timeout,
    )
    night_run(
        checks,
        "1 server, 2 cron threads",
        config,
        threaded_db,
        [{"workers": 0, "cron_threads": 2}],
        log_dir,
        expected,
        timeout,
    )
    drop_database(config, threaded_db)
    registry = odoo.modules.registry.Registry(database)
    import_killed(checks, config, database, registry, rows, log_dir, timeout)
    run_manually(checks, config, database, registry, rows, log_dir, timeout)
    print(f"total {time.time() - begin:.0f} s; logs in {log_dir}")
    failed = checks.failed
    print(
        f"NIGHT SHIFT: {'PASS' if not failed else 'FAIL'} "
        f"({len(checks.results) - len(failed)} of {len(checks.results)} checks passed)"
    )
    return 0 if not failed else 1


def main():
    parser = argument_parser(__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="60 contracts, 1,500 rows")
    parser.add_argument("--contracts", type=int)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--timeout", type=int, default=600, help="per part, in seconds")
    args = parse_arguments(parser)
    contracts = args.contracts or (60 if args.short else 300)
    rows = args.rows or (1_500 if args.short else 4_000)
    print(f"load average at the start {os.getloadavg()[0]:.2f}", flush=True)
    return run(args.config, args.database, contracts, rows, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
