"""Benchmark of the background import: 200,000 follow-ups through Odoo's own cron runner,
killed in the middle and resumed.

  1. creates its database (crm_contract installed, no demo data; a database of an earlier
     run must be dropped first) unless it exists, then,
     in this process, 2,000 contracts (one per 100 follow-ups) and a user of the contract
     administrators, and builds a CSV of --rows follow-ups (default 200,000) ordered by
     date, as CRM exports are: type, date, content, author, and a next contact on one row
     in five;
  2. imports the file through the wizard as that user, as the web request would: above
     the threshold it is queued (the request's time and this process's peak memory are
     reported);
  3. starts ``odoo-bin`` with Odoo's default limits (limit_time_real 120 s, which
     limit_time_real_cron follows) and one cron thread (``--max-cron-threads=1``,
     threaded mode: the server process is the worker whose memory is measured), and
     watches the import record;
  4. when --kill-at of the rows are done (default 0.4), kills the server and its workers
     (SIGKILL), checks that the follow-ups in the database are exactly the rows the import
     record says are done, restarts the server and waits for the end;
  5. checks that the database holds exactly --rows follow-ups of the file, none twice, and
     prints rows/s (over the time the job ran, from the server's log: a restarted
     server's cron thread first sleeps up to a minute, not counted), the longest cron
     call, the server's peak resident memory and any limit it reported as reached.

With --no-kill (e.g. --rows 10000), instead: after 1., the server is started and warmed
up as a running server is (the other scheduled jobs postponed, a small import of 300
follow-ups of a contract of its own through the cron thread), the file is queued as the
web request does and imported by its cron thread; then, the server stopped, the same
follow-ups are created by a batched ORM ``create`` (1,000 at a time, ids resolved, as the
import writes them: no chatter per row, activities in one batch; rolled back). It prints
the rows/s from the start of the Import request to the last row written and their ratio
to the batched create's (target 0.7).

Usage (from the repository root, Odoo importable by python3):
    source scripts/lib.sh && ensure_pg && conf=$(write_odoo_conf /opt/odoo18 bench)
    python3 bench/bench_background_import.py -c "$conf" -d bench_bg [--rows 200000]
    python3 bench/bench_background_import.py -c "$conf" -d bench_bg10k --rows 10000 --no-kill
``run(config, database, rows=..., kill_at=...)`` returns the figures as a dict (used by
bench/bench_scale.py).
"""

import argparse
import base64
import csv
import io
import os
import re
import resource
import sys
import tempfile
import time
from datetime import date, datetime, timedelta

from _servers import Server, ensure_database

import odoo
from odoo import api

COLUMNS = ["Contract Number", "Follow-up Type", "Date", "Content", "Next Contact", "Author"]
PER_CONTRACT = 100
PREFIX = "BGB"


# The follow-up types of the file, with the seeded type each one names.
KINDS = {
    "Call": "crm_contract.crm_contract_followup_type_call",
    "Email": "crm_contract.crm_contract_followup_type_email",
    "微信沟通": "crm_contract.crm_contract_followup_type_message",
    "上门拜访": "crm_contract.crm_contract_followup_type_visit",
    "会议": "crm_contract.crm_contract_followup_type_meeting",
}
START = datetime(2024, 1, 1, 8, 0)


def file_rows(rows, contracts, author):
    """The follow-up rows, ordered by date (a minute apart)."""
    kinds = list(KINDS)
    today = date.today()
    return [
        [
            contracts[i % len(contracts)],
            kinds[i % len(kinds)],
            (START + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M"),
            f"Follow-up {i}: called about the renewal",
            (today + timedelta(days=i % 90)).isoformat() if i % 5 == 0 else "",
            author,
        ]
        for i in range(rows)
    ]


def make_file(rows, contracts, author):
    """The follow-ups CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(file_rows(rows, contracts, author))
    return buffer.getvalue().encode()


def prepare(registry, rows):
    """Contracts and the importing user (committed); returns (user id, file bytes)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param("crm_contract.import_max_size_mb", 200)
        user = env["res.users"].search([("login", "=", "bench_bg_importer")])
        if not user:
            user = env["res.users"].create(
                {
                    "name": "Bench Background Importer",
                    "login": "bench_bg_importer",
                    "groups_id": [
                        (4, env.ref("base.group_user").id),
                        (4, env.ref("crm_contract.crm_contract_group_manager").id),
                    ],
                }
            )
        Contract = env["crm.contract"]
        count = max(1, rows // PER_CONTRACT)
        numbers = [f"{PREFIX}-{i:06d}" for i in range(count)]
        existing = set(Contract.search([("number", "in", numbers)]).mapped("number"))
        customer = env["res.partner"].search([("name", "=", "Bench Background Ltd")], limit=1)
        customer = customer or env["res.partner"].create(
            {"name": "Bench Background Ltd", "is_company": True}
        )
        missing = [n for n in numbers if n not in existing]
        for start in range(0, len(missing), 1000):
            Contract.create(
                [
                    {
                        "number": number,
                        "name": f"Bench background {number}",
                        "partner_id": customer.id,
                        "user_id": user.id,
                    }
                    for number in missing[start : start + 1000]
                ]
            )
        contracts = Contract.search([("number", "in", numbers)])
        if env["crm.contract.followup"].search_count([("contract_id", "in", contracts.ids)]):
            raise SystemExit(
                f"{registry.db_name} holds follow-ups of an earlier run: drop it first "
                "(deleting them through the ORM would take longer than the benchmark)"
            )
        return user.id, contracts.ids, make_file(rows, numbers, user.name)


def batched_create(registry, user_id, rows):
    """The same follow-ups created by a batched ORM ``create`` (1,000 at a time, ids
    resolved, no file), as the import writes them: no chatter work per row and the
    next-contact activities in one batch (the import's own markers), by the importing
    user, in one transaction rolled back afterwards; returns rows/s."""
    from odoo.addons.crm_contract.tools.guards import internal_context  # noqa: PLC0415
    from odoo.addons.crm_contract.tools.importer.markers import IMPORT  # noqa: PLC0415
    from odoo.tools import plaintext2html  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, user_id, {})
        user = env.user
        contracts = env["crm.contract"].search([("number", "=like", f"{PREFIX}-%")])
        by_number = {contract.number: contract.id for contract in contracts}
        types = {kind: env.ref(xmlid).id for kind, xmlid in KINDS.items()}
        numbers = sorted(by_number)
        vals_list = [
            {
                "contract_id": by_number[number],
                "followup_type_id": types[kind],
                "date": datetime.strptime(when, "%Y-%m-%d %H:%M"),
                "description": plaintext2html(text),
                "next_date": next_date or False,
                "user_id": user.id,
            }
            for number, kind, when, text, next_date, _author in file_rows(rows, numbers, user.name)
        ]
        Followup = internal_context(
            env["crm.contract.followup"].with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_activity_quick_update=True,
            ),
            IMPORT,
        )
        begin = time.perf_counter()
        for start in range(0, len(vals_list), 1000):
            Followup.create(vals_list[start : start + 1000])
            env.flush_all()
        elapsed = time.perf_counter() - begin
        cr.rollback()
    return rows / elapsed


def queue(registry, user_id, data):
    """The wizard's Import, as the web request runs it: returns (job id, seconds)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, user_id, {})
        begin = time.perf_counter()
        wizard = env["crm.contract.import"].create(
            {
                "file": base64.b64encode(data),
                "filename": "bench-followups.csv",
                "import_type": "followup",
                "error_policy": "valid",
            }
        )
        action = wizard.action_import()
        elapsed = time.perf_counter() - begin
        assert action["res_model"] == "crm.contract.import.job", action
        return action["res_id"], elapsed


def job_state(registry, job_id, contract_ids):
    """(state, rows done, created, errors, follow-ups of ``contract_ids``, None without)."""
    with registry.cursor() as cr:
        cr.execute(
            "SELECT state, COALESCE(rows_done, 0), COALESCE(created_count, 0),"
            " COALESCE(error_count, 0) FROM crm_contract_import_job"
            " WHERE id = %s",
            [job_id],
        )
        state, done, created, errors = cr.fetchone()
        if not contract_ids:
            return state, done, created, errors, None
        cr.execute(
            "SELECT count(*) FROM crm_contract_followup WHERE contract_id = ANY(%s)",
            [contract_ids],
        )
        return state, done, created, errors, cr.fetchone()[0]


def outcome(registry, contract_ids, rows, status):
    """The import record's figures and the follow-ups in the database: all the rows, each
    once?"""
    with registry.cursor() as cr:
        cr.execute(
            "SELECT count(*), count(DISTINCT (contract_id, date, description))"
            " FROM crm_contract_followup WHERE contract_id = ANY(%s)",
            [contract_ids],
        )
        total, distinct = cr.fetchone()
    return {
        "rows": rows,
        "state": status[0],
        "created": status[2],
        "errors": status[3],
        "followups": total,
        "distinct_followups": distinct,
        "exact": status[0] == "done" and total == distinct == rows,
    }


def wait_for(server, registry, job_id, contract_ids, until, timeout, interval=0.5):
    begin = time.perf_counter()
    while time.perf_counter() - begin < timeout:
        server.sample()
        status = job_state(registry, job_id, contract_ids)
        server.samples.append((time.perf_counter(), status[1]))
        if until(status):
            return status
        if server.process.poll() is not None:
            raise RuntimeError("the server stopped")
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout} s: {status}")


JOB_LINE = re.compile(
    r"^(\S+ \S+),\d+ (\d+) .*Job 'Contracts: background imports' \(\d+\) "
    r"(starting|done in ([\d.]+)s)"
)


def log_figures(log_path, killed_at):
    """From the server's log: the seconds the import job ran (from its first start to
    the kill, then from its first start after the restart to its last call's end), the
    number and the longest of its calls, and the limits the server said were reached."""
    longest, calls, limits = 0.0, 0, []
    runs = {}  # server pid: [first start, last end]
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            match = JOB_LINE.match(line)
            if match:
                moment = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").timestamp()
                run_times = runs.setdefault(match.group(2), [moment, moment])
                run_times[1] = moment
                if match.group(4):
                    calls += 1
                    longest = max(longest, float(match.group(4)))
            if re.search(r"limit .*reached|time limit|timeout after|timed out", line):
                limits.append(line.strip())
    first, second = list(runs.values())[:2]
    seconds = (killed_at - first[0]) + (second[1] - second[0])
    return seconds, longest, calls, limits


def tenth_rates(samples, rows):
    """Rows/s over the first and the last tenth of the rows, as watched (from the first
    committed chunk to a tenth of the rows; from nine tenths to the end), in one run of
    the server each: whether the rate falls with the rows already imported."""

    def reached(fraction, after=0):
        return next(((t, d) for t, d in samples if d >= fraction * rows and d > after), None)

    def rate(begin, end):
        if not begin or not end or end[0] <= begin[0]:
            return None
        return (end[1] - begin[1]) / (end[0] - begin[0])

    first = reached(0, after=0)
    last = reached(0.9)
    return rate(first, reached(0.1, after=first[1] if first else 0)), rate(last, reached(1.0))


WARM_UP_NUMBER = "BGW-WARM-UP"


def warm_up(server, registry, user_id, timeout):
    """A running server, as users meet it: the other scheduled jobs postponed (they would
    run first, once, at the server's start), then a small import of follow-ups on a
    contract of its own, through the cron thread, so that the timed import does not pay
    the server's first import (ORM caches filled at first use)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        cron = env.ref("crm_contract.ir_cron_crm_contract_import")
        env["ir.cron"].search([("id", "!=", cron.id)]).write(
            {"nextcall": datetime.now() + timedelta(days=1)}
        )
        contract = env["crm.contract"].search([("number", "=", WARM_UP_NUMBER)])
        if not contract:
            customer = env["res.partner"].search([("name", "=", "Bench Background Ltd")])
            env["crm.contract"].create(
                {"number": WARM_UP_NUMBER, "name": "Warm-up", "partner_id": customer.id}
            )
        user_name = env["res.users"].browse(user_id).name
    # a day of its own (2030), one row a minute: a warm-up of an earlier run is not repeated
    rows = [
        [
            WARM_UP_NUMBER,
            "Call",
            f"2030-01-01 {8 + i // 60:02d}:{i % 60:02d}",
            "Warm-up",
            "",
            user_name,
        ]
        for i in range(300)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        # above the threshold of background imports, as the timed file
        env["ir.config_parameter"].set_param("crm_contract.import_background_rows", 100)
    job_id, _seconds = queue(registry, user_id, buffer.getvalue().encode())
    wait_for(server, registry, job_id, [], lambda s: s[0] not in ("queued", "running"), timeout)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param("crm_contract.import_background_rows", False)


def queue_to_last_row(config, database, rows=10_000, timeout=3600):
    """Without a kill: the batched create of the same rows (rolled back), then the server
    started, ready and warm (``warm_up``), then the file queued by the wizard as the
    request does and imported by the server's cron thread; the time from the start of
    the Import request to the last row written."""
    registry = ensure_database(config, database)
    user_id, contract_ids, data = prepare(registry, rows)
    log_path = os.path.join(tempfile.gettempdir(), f"bench_bg_{database}.log")
    if os.path.exists(log_path):
        os.remove(log_path)
    server = Server(config, database, log_path)
    server.start()
    try:
        server.wait_ready(timeout=300)
        warm_up(server, registry, user_id, timeout)
        begin = time.perf_counter()
        job_id, queue_seconds = queue(registry, user_id, data)
        # watched often (the end is known to a tenth of a second), by the job's state only
        status = wait_for(
            server,
            registry,
            job_id,
            [],
            lambda s: s[0] not in ("queued", "running"),
            timeout,
            interval=0.1,
        )
        seconds = time.perf_counter() - begin
    finally:
        server.stop()
    # after the import (its rolled-back rows leave the timed import's tables as they were)
    floor = batched_create(registry, user_id, rows)
    return outcome(registry, contract_ids, rows, status) | {
        "queue_seconds": queue_seconds,
        "queue_to_last_row_seconds": seconds,
        "rows_per_second": rows / seconds,
        "batched_create_rows_per_second": floor,
        "ratio": rows / seconds / floor,
        "worker_peak_mb": server.peak_kb / 1024,
        "log": log_path,
    }


def run(config, database, rows=200_000, kill_at=0.4, timeout=3600):
    """Runs the benchmark; returns its figures."""
    registry = ensure_database(config, database)
    user_id, contract_ids, data = prepare(registry, rows)
    job_id, queue_seconds = queue(registry, user_id, data)
    request_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log_path = os.path.join(tempfile.gettempdir(), f"bench_bg_{database}.log")
    if os.path.exists(log_path):
        os.remove(log_path)
    server = Server(config, database, log_path)
    try:
        return _measure(server, registry, job_id, contract_ids, rows, kill_at, timeout) | {
            "queue_seconds": queue_seconds,
            "request_peak_mb": request_peak_mb,
            "log": log_path,
        }
    finally:
        if server.process.poll() is None:
            server.stop()


def _measure(server, registry, job_id, contract_ids, rows, kill_at, timeout):
    server.start()
    status = wait_for(
        server,
        registry,
        job_id,
        contract_ids,
        lambda s: s[1] >= rows * kill_at or s[0] not in ("queued", "running"),
        timeout,
    )
    server.kill()
    killed_at = time.time()
    killed = job_state(registry, job_id, contract_ids)
    assert killed[1] == killed[2] == killed[4], f"rows done / created / in database: {killed}"
    first_peak_kb = server.peak_kb
    first_samples = server.samples
    server.samples = []
    server.start()
    server.peak_kb = 0
    status = wait_for(
        server, registry, job_id, contract_ids, lambda s: s[0] not in ("queued", "running"), timeout
    )
    server.stop()
    seconds, longest, calls, limits = log_figures(server.log_path, killed_at)
    first_tenth, _rate = tenth_rates(first_samples, rows)
    _rate, last_tenth = tenth_rates(server.samples, rows)
    return outcome(registry, contract_ids, rows, status) | {
        "killed_at_rows": killed[1],
        "server_seconds": seconds,
        "rows_per_second": rows / seconds,
        "first_tenth_rows_per_second": first_tenth,
        "last_tenth_rows_per_second": last_tenth,
        "cron_calls": calls,
        "longest_call_seconds": longest,
        "worker_peak_mb": max(first_peak_kb, server.peak_kb) / 1024,
        "limits_reached": limits,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--kill-at", type=float, default=0.4)
    parser.add_argument(
        "--no-kill",
        action="store_true",
        help="no kill: the time from the Import request to the last row written, and its "
        "ratio to a batched create of the same rows",
    )
    args = parser.parse_args()
    print(f"load average at the start    {os.getloadavg()[0]:>10.2f}")
    if args.no_kill:
        return print_queue_to_last_row(queue_to_last_row(args.config, args.database, args.rows))
    result = run(args.config, args.database, rows=args.rows, kill_at=args.kill_at)
    print(f"rows                         {result['rows']:>10,}")
    print(f"Import (queueing) request    {result['queue_seconds']:>10.1f} s")
    print(f"request peak memory          {result['request_peak_mb']:>10.0f} MB")
    print(f"server killed at             {result['killed_at_rows']:>10,} rows (SIGKILL)")
    print(f"follow-ups after the restart {result['followups']:>10,}")
    print(f"  of which distinct          {result['distinct_followups']:>10,}")
    print(f"import record                {result['state']:>10} ({result['created']:,} created)")
    print(f"import job running time      {result['server_seconds']:>10.1f} s")
    print(f"rows/s                       {result['rows_per_second']:>10.0f}")
    for label, key in (("first", "first_tenth"), ("last", "last_tenth")):
        rate = result[f"{key}_rows_per_second"]
        shown = f"{rate:>10.0f}" if rate else f"{'n/a':>10}"  # one chunk only: no rate
        print(f"  rows/s, {label} tenth of rows  {shown}")
    print(f"load average at the end      {os.getloadavg()[0]:>10.2f}")
    print(f"cron calls                   {result['cron_calls']:>10}")
    print(f"longest cron call            {result['longest_call_seconds']:>10.1f} s")
    print(f"cron worker peak memory      {result['worker_peak_mb']:>10.0f} MB")
    print(f"limits reached               {len(result['limits_reached']):>10}")
    for line in result["limits_reached"][:5]:
        print("   ", line)
    print("exactly all rows, once:", "yes" if result["exact"] else "NO")
    return 0 if result["exact"] else 1


def print_queue_to_last_row(result):
    print(f"rows                         {result['rows']:>10,}")
    print(f"Import (queueing) request    {result['queue_seconds']:>10.1f} s")
    print(f"queue to last row            {result['queue_to_last_row_seconds']:>10.1f} s")
    print(f"rows/s, queue to last row    {result['rows_per_second']:>10.0f}")
    print(f"rows/s, batched create       {result['batched_create_rows_per_second']:>10.0f}")
    print(f"import record                {result['state']:>10} ({result['created']:,} created)")
    print(f"load average at the end      {os.getloadavg()[0]:>10.2f}")
    print(f"cron worker peak memory      {result['worker_peak_mb']:>10.0f} MB")
    print("exactly all rows, once:", "yes" if result["exact"] else "NO")
    print(
        f"RATIO  background import (queue to last row) / batched create: "
        f"{result['ratio']:.2f}x  (target 0.7)"
    )
    return 0 if result["exact"] else 1


if __name__ == "__main__":
    sys.exit(main())
