"""Scale benchmark: contracts against CRM's own leads, in one run.

Builds, through the ORM, in its own database (created with crm_contract installed when it
does not exist), at --scale 1.0:
  100,000 contracts (20 persons in charge, 20,000 customers, every type and status, signed
  over six years), 1,200,000 instalments (12 a contract on average, overdue ones among
  them), 600,000 confirmed receipts, 1,000,000 follow-ups (their next contacts in the past
  and the future, each with its activity), and 100,000 CRM opportunities (a tenth with an
  activity) for the reference. A database whose build begins now has one contract in 25
  in a second currency (EUR, monthly rates over the seven years; older databases keep
  their spread). Sales targets (issue 25) of this year and last year, for the company,
  each bench team and each bench person, for every kind, are added when missing (a
  database built before targets gets them; one built before the addon had them is first
  upgraded).
The build commits per chunk and records its progress in the database: with --reuse an
interrupted build resumes, and a finished one is measured again without building.

Then measures, server side, the calls the web client makes (the field specification is
derived from each view's arch, as the client derives it), each on crm.contract and on
crm.lead, and prints their ratio:
  - the list's first page (80 rows, default filter), and the list grouped by person in charge;
  - the kanban's first page (40 cards);
  - the form of a contract with 24 instalments and 100 follow-ups, with its one2many tabs;
  - the Receivables Ageing pivot as it opens (a row per person in charge, a column per
    ageing bucket: contracts still owed, their instalments summed on the contract) against
    the CRM pipeline pivot (on the expected closing month: the bench's leads are all
    created the day of the build, so create_date:month would be a single column); the same
    ageing by customer against the pipeline by customer; and the Planned vs Received report
    as it opens (this year, month x planned/received); the Achievement pivot as its action
    opens (this year, level Salesperson, kind Signed Amount: a row per person, a column
    per month; target, actual, completion) against the pipeline pivot;
  - the follow-up list filtered "Next Contact Overdue" against the opportunities with a
    late activity;
  - a search by customer name (name_search, and a search on the customer's name).
The Contracts dashboard (spreadsheet_dashboard_crm_contract, issue 25): every data request
it sends as it opens, derived from its JSON (--dashboard; bench/_spreadsheet_requests.py
says how: each pivot's read_group calls, each list's web_search_read, each chart's
web_read_group, the global filters at their default values), against the same requests
on CRM's opportunities: the leads dashboard (spreadsheet_dashboard_crm) is Enterprise, not
in Community, and is not used; the baseline keeps each request's kind, group-by shape
(person in charge, team, the expected closing month for a month, the stage for a status
or bucket) and limit. A row per data source, then the totals.
Consistency: this year, the Achievement report's actual signed amount, received amount and
number of contracts per person equal a direct sum over the contracts and receipts, and the
Planned vs Received totals per month and kind a direct sum of instalments and receipts (as
the administrator); the differences are printed ("0 differences").
Team selling (issue 22): the contracts belong to four sales teams and have 3 team members
on average (bench persons, bench_user_01 and bench_user_02 excepted); the scopes measure
then runs, as real users (record rules applied), the list's first page and the list
grouped by person in charge for a team-scope user (member of a sales team, with 500
memberships; against CRM's lead list for an all-leads salesperson, CRM having no
team-level lead scope) and for an own-documents user with 500 memberships (bench_user_01,
against CRM's lead list for the same user, a salesperson: own leads), the Achievement pivot
as it opens for both (against the pipeline pivot of the same lead users), and the list page's
query count of bench_user_02 before and after 500 memberships are added.
--scopes-only measures only that; given for a database whose build has not begun, it also
builds only what that measure reads (contracts with their team members, 2,000 a commit,
and the leads with their activities; no instalments, receipts nor follow-ups: 100,000
contracts in about 17 minutes on 2 cores, against hours for everything), still through
the ORM; such a database is marked so (its progress), and the other measures refuse it.
Each operation is run once to warm up, then --repeat times (median shown), the contract
call and the lead call in turn (both meet the same load of the machine); the ORM cache
is emptied before each run (PostgreSQL's buffers stay warm: the "warm" policy of a server
in use). Then runs the addon's scheduled jobs (every ir.cron of crm_contract) to completion
through their batches, each timed, with the process's peak memory while it runs (RSS
sampled every 50 ms). Then calls bench/bench_background_import.py's run(env, scale=...)
when that file exists.

Usage (from the repository root, Odoo importable by python3):
    source scripts/lib.sh && ensure_pg && conf=$(write_odoo_conf /opt/odoo18 scale)
    python3 bench/bench_scale.py -c "$conf" -d scale_bench --scale 0.01 [--reuse]
    python3 bench/bench_scale.py -c "$conf" -d scopes_bench --scale 1.0 --scopes-only [--reuse]
    python3 bench/bench_scale.py -c "$conf" -d scale_bench --reuse --measure-only
        [--dashboard path/to/contracts_dashboard.json] [--skip-jobs] [--skip-background]
Without --reuse an existing database of that name is dropped first.
"""

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import _spreadsheet_requests as spreadsheet_requests  # bench/, the script's folder
from dateutil.relativedelta import relativedelta
from lxml import etree

import odoo
from odoo import Command, api
from odoo.tools import SQL

DASHBOARD = (
    Path(__file__).resolve().parent.parent
    / "spreadsheet_dashboard_crm_contract"
    / "data"
    / "files"
    / "contracts_dashboard.json"
)
FULL = {
    "contracts": 100_000,
    "leads": 100_000,
    "partners": 20_000,
    "instalments": 12,  # per contract, on average
    "receipts": 6,  # confirmed, per contract, on average
    "followups": 10,  # per contract, on average
}
USERS = 20
TEAMS = 4
MEMBERS_MAX = 6  # team members per contract: 0 to 6, 3 on average
SCOPE_MEMBERSHIPS = 500
# the own-documents user measured with exactly SCOPE_MEMBERSHIPS memberships, and the user
# whose list's query count is taken before and after memberships: never drawn as team
# members of the spread
SCOPE_LOGINS = ("bench_user_01", "bench_user_02")
CHUNK = 500  # contracts (with their instalments, receipts and follow-ups) per commit
SCOPE_CHUNK = 2000  # contracts (with their team members) per commit, --scopes-only build
LEAD_CHUNK = 2000
PROGRESS_PARAM = "bench_scale.progress"
CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
    "mail_auto_subscribe_no_notify": True,
}
STATES = ["draft"] * 2 + ["active"] * 11 + ["expired"] * 5 + ["terminated", "cancelled"]
FORM_FOLLOWUPS = 100
FORM_INSTALMENTS = 24
# one contract in 25 (4 %) in a second currency (EUR, or USD for a company in EUR), with a
# rate a month over the seven years of the spread; only in databases whose build begins with
# this (their progress says so): an older database keeps its spread
SECOND_CURRENCY_EVERY = 25
# targets of this year and last year: the company, each bench team and each bench person,
# for every kind (signed amount, received amount, number of contracts)
TARGET_KINDS = ("signed_amount", "received_amount", "contract_count")


# --- database ------------------------------------------------------------------------------


def prepare_database(name, reuse):
    """The benchmark's own database, crm_contract installed (demo data off)."""
    exists = name in odoo.service.db.list_dbs(force=True)
    if exists and not reuse:
        print(f"dropping {name} (no --reuse)", flush=True)
        odoo.service.db.exp_drop(name)
        exists = False
    if not exists:
        print(f"creating {name} with crm_contract installed", flush=True)
        odoo.service.db._create_empty_database(name)  # pylint: disable=protected-access
        odoo.tools.config["init"] = {"crm_contract": 1}
        odoo.tools.config["without_demo"] = "all"
        odoo.modules.registry.Registry.new(name, update_module=True)
        odoo.tools.config["init"] = {}
    elif not has_table(name, "crm_contract_target"):
        # built before sales targets (issue 25): its crm_contract upgraded to the code's
        print(f"upgrading crm_contract in {name} (built before sales targets)", flush=True)
        odoo.tools.config["update"] = {"crm_contract": 1}
        odoo.modules.registry.Registry.new(name, update_module=True)
        odoo.tools.config["update"] = {}
    return odoo.modules.registry.Registry(name)


def has_table(database, table):
    with closing(odoo.sql_db.db_connect(database).cursor()) as cr:
        cr.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
        return cr.fetchone()[0]


def load_progress(env):
    value = env["ir.config_parameter"].sudo().get_param(PROGRESS_PARAM)
    return json.loads(value) if value else {"contracts": 0, "leads": 0}


def save_progress(env, progress):
    env["ir.config_parameter"].sudo().set_param(PROGRESS_PARAM, json.dumps(progress))
    env.cr.commit()


# --- build -----------------------------------------------------------------------------------


def reference_data(env, sizes):
    """Users, customers and types, created once; each looked up with one search."""
    Users = env["res.users"].with_context(no_reset_password=True)
    logins = [f"bench_user_{n:02d}" for n in range(1, USERS)]
    existing = Users.search([("login", "in", logins)])
    missing = sorted(set(logins) - set(existing.mapped("login")))
    groups = [
        env.ref("crm_contract.crm_contract_group_user").id,
        env.ref("sales_team.group_sale_salesman").id,
    ]
    if missing:
        Users.create(
            [
                {
                    "login": login,
                    "name": f"Bench Person {login[-2:]}",
                    "email": f"{login}@example.com",
                    "groups_id": [Command.set(groups)],
                }
                for login in missing
            ]
        )
    users = env.ref("base.user_admin") | Users.search([("login", "in", logins)], order="login")
    scope_ids = users.filtered(lambda u: u.login in SCOPE_LOGINS).ids
    Partner = env["res.partner"]
    partners = Partner.search([("ref", "=like", "BENCH-%")], order="ref")
    for start in range(len(partners), sizes["partners"], 5000):
        Partner.create(
            [
                {
                    "name": f"Bench Customer {n:05d} Trading Co.",
                    "is_company": True,
                    "ref": f"BENCH-{n:05d}",
                    "city": ["Shanghai", "Shenzhen", "Beijing", "Hangzhou"][n % 4],
                }
                for n in range(start, min(start + 5000, sizes["partners"]))
            ]
        )
        env.cr.commit()
    partners = Partner.search([("ref", "=like", "BENCH-%")], order="ref")
    types = env["crm.contract.type"].search([])
    followup_types = env["crm.contract.followup.type"].search([])
    stages = env["crm.stage"].search([])
    return {
        "teams": bench_teams(env, users).ids,
        "users": users.ids,
        "member_pool": [u for u in users.ids if u not in scope_ids],
        "partners": partners.ids,
        "types": types.ids,
        "followup_types": followup_types.ids,
        "stages": stages.ids,
    }


def bench_teams(env, users):
    """Four sales teams, each led by a bench person, the bench persons spread over them as
    members (created once)."""
    Team = env["crm.team"]
    teams = Team.search([("name", "=like", "Bench Team %")], order="name")
    if not teams:
        teams = Team.create(
            [
                {
                    "name": f"Bench Team {n}",
                    "user_id": users[n + 1].id,
                    "crm_team_member_ids": [
                        Command.create({"user_id": user.id})
                        for user in users[1:][n::TEAMS]
                        if user != users[n + 1]
                    ],
                }
                for n in range(TEAMS)
            ]
        )
    return teams


def second_currency(env):
    """The second currency of the spread, active, with a rate on the first day of every month
    of the seven years of the spread and the next one (created once)."""
    company = env.company
    code = "USD" if company.currency_id.name == "EUR" else "EUR"
    currency = env["res.currency"].with_context(active_test=False).search([("name", "=", code)])
    if not currency.active:
        currency.active = True
    Rate = env["res.currency.rate"]
    if not Rate.search_count([("currency_id", "=", currency.id), ("company_id", "=", company.id)]):
        first = date.today().replace(day=1) - relativedelta(years=7)
        Rate.create(
            [
                {
                    "name": first + relativedelta(months=n),
                    "currency_id": currency.id,
                    "company_id": company.id,
                    # company currency -> second currency: 0.85 to 0.95
                    "rate": round(0.9 + 0.05 * ((n * 7) % 11 - 5) / 5, 4),
                }
                for n in range(7 * 12 + 13)
            ]
        )
    return currency


def member_values(contracts, ref):
    """3 team members per contract on average (0 to 6 bench persons, never its person in
    charge nor a user of SCOPE_LOGINS, whose memberships the scopes measure sets), read or
    write."""
    rows = []
    for contract in contracts:
        rng = random.Random(contract.id * 13)
        others = [u for u in ref["member_pool"] if u != contract.user_id.id]
        for user_id in rng.sample(others, rng.randint(0, MEMBERS_MAX)):
            rows.append(
                {
                    "contract_id": contract.id,
                    "user_id": user_id,
                    "access": rng.choice(["read", "write"]),
                }
            )
    return rows


def contract_values(index, ref, today, instalments=True):
    """One contract of the spread: the first one has 24 instalments (the form benchmark).
    Without ``instalments`` (the --scopes-only build), the same contract without its
    instalments (its amount and dates as with them)."""
    rng = random.Random(index)
    state = STATES[rng.randrange(len(STATES))] if index else "active"
    count = FORM_INSTALMENTS if not index else rng.randint(6, 18)
    months_ago = rng.randint(0, 72) if state != "active" else rng.randint(0, count + 6)
    start = today.replace(day=1) - relativedelta(months=months_ago)
    if not index:
        start = today.replace(day=1) - relativedelta(months=12)
    end = start + relativedelta(months=count, days=-1)
    amount = rng.choice([800, 1000, 1500, 2400, 5000])
    values = {
        "number": f"BC-{index:06d}",
        "name": f"Bench contract {index:06d}",
        "partner_id": ref["partners"][rng.randrange(len(ref["partners"]))],
        "user_id": ref["users"][index % len(ref["users"])],
        "team_id": ref["teams"][index % len(ref["teams"])],
        "type_id": ref["types"][index % len(ref["types"])] if ref["types"] else False,
        "state": state,
        "date_signed": start - timedelta(days=rng.randint(1, 30)),
        "date_start": start,
        "date_end": end,
        "amount_total": amount * count,
    }
    if ref.get("second_currency") and index % SECOND_CURRENCY_EVERY == 7:
        values["currency_id"] = ref["second_currency"]
    if instalments:
        values["payment_plan_ids"] = [
            Command.create({"date_due": start + relativedelta(months=m, days=14), "amount": amount})
            for m in range(count)
        ]
    if state == "terminated":
        values["termination_reason"] = "The customer closed the site."
        values["date_terminated"] = start + relativedelta(months=count // 2)
    elif state == "cancelled":
        values["cancel_reason"] = "Signed by mistake."
    return values


def receipt_values(contract, rng, today):
    """Confirmed receipts of an owing contract: most instalments paid on time, one contract
    in three behind (two instalments unpaid, one paid in part): overdue instalments."""
    plans = contract.payment_plan_ids.filtered(lambda p: p.date_due <= today).sorted("date_due")
    behind = rng.random() < 0.35
    paid = plans[:-2] if behind else plans
    values = [
        {
            "contract_id": contract.id,
            "plan_id": plan.id,
            "amount": plan.amount,
            "date": plan.date_due,
        }
        for plan in paid
    ]
    if behind and values:
        values[-1]["amount"] = round(values[-1]["amount"] * 0.6, 2)
    return values


def followup_values(contract, index, ref, today, count):
    rng = random.Random(-index - 1)
    start = datetime.combine(contract.date_start, datetime.min.time())
    span = max((min(today, contract.date_end) - contract.date_start).days, 1)
    rows = []
    for k in range(count):
        rows.append(
            {
                "contract_id": contract.id,
                "date": start + timedelta(days=span * k // count, hours=9 + k % 8),
                "followup_type_id": ref["followup_types"][k % len(ref["followup_types"])],
                "user_id": contract.user_id.id,
                "description": f"<p>Call {k + 1} about contract {index}: invoice and delivery.</p>",
            }
        )
    if index % 2 == 0 and rows:
        # the last follow-up of one contract in two plans the next contact: past or future
        rows[-1]["next_date"] = today + timedelta(days=rng.randint(-60, 60))
        rows[-1]["next_action"] = "Call back about the next instalment"
    return rows


def as_imported(records):
    """``records`` with the import's markers (internal: no context key a JSON-RPC call can
    send), past next contacts included: follow-ups written as the import writes them."""
    # the addon's modules are importable once the configuration gave the addons path
    from odoo.addons.crm_contract.tools.guards import internal_context  # noqa: PLC0415
    from odoo.addons.crm_contract.tools.importer.markers import (  # noqa: PLC0415
        IMPORT,
        IMPORT_PAST_ACTIVITIES,
    )

    return internal_context(internal_context(records, IMPORT), IMPORT_PAST_ACTIVITIES)


def build_contract_chunk(env, ref, first, last, sizes):
    today = date.today()
    Contract = env["crm.contract"]
    contracts = Contract.create([contract_values(i, ref, today) for i in range(first, last)])
    receipts, followups = [], []
    for offset, contract in enumerate(contracts):
        index = first + offset
        rng = random.Random(index * 7)
        if contract.state in ("active", "expired"):
            receipts += receipt_values(contract, rng, today)
        mean = sizes["followups"]
        count = FORM_FOLLOWUPS if not index else rng.randint(mean // 2, mean + mean // 2)
        followups += followup_values(contract, index, ref, today, count)
    if receipts:
        env["crm.contract.payment"].create(receipts).action_confirm()
    # as the import writes them (no chatter post per follow-up, activities in one batch),
    # next contacts already past included: they are what "Next Contact Overdue" lists
    as_imported(env["crm.contract.followup"]).create(followups)
    # team members as the import adds them (no chatter note per contract)
    as_imported(env["crm.contract.member"]).create(member_values(contracts, ref))
    env.flush_all()
    env.invalidate_all()
    return len(contracts), len(receipts), len(followups)


def build_scope_chunk(env, ref, first, last):
    """What the scopes measure reads (the --scopes-only build): contracts of the same
    spread, without instalments, receipts nor follow-ups, and their team members."""
    today = date.today()
    contracts = env["crm.contract"].create(
        [contract_values(i, ref, today, instalments=False) for i in range(first, last)]
    )
    members = as_imported(env["crm.contract.member"]).create(member_values(contracts, ref))
    env.flush_all()
    env.invalidate_all()
    return len(contracts), len(members)


def build_lead_chunk(env, ref, first, last):
    today = date.today()
    rows = []
    for i in range(first, last):
        rng = random.Random(10**7 + i)
        rows.append(
            {
                "name": f"Bench opportunity {i:06d}",
                "type": "opportunity",
                "partner_id": ref["partners"][rng.randrange(len(ref["partners"]))],
                "user_id": ref["users"][i % len(ref["users"])],
                "stage_id": ref["stages"][i % len(ref["stages"])],
                "expected_revenue": rng.choice([800, 1000, 1500, 2400, 5000]) * 12,
                "date_deadline": today + timedelta(days=rng.randint(-400, 400)),
            }
        )
    leads = env["crm.lead"].create(rows)
    model_id = env["ir.model"]._get_id("crm.lead")
    activity_type = env.ref("mail.mail_activity_data_call").id
    env["mail.activity"].create(
        [
            {
                "res_model_id": model_id,
                "res_id": lead.id,
                "activity_type_id": activity_type,
                "summary": "Call back",
                "user_id": lead.user_id.id,
                "date_deadline": today + timedelta(days=random.Random(lead.id).randint(-60, 60)),
            }
            for n, lead in enumerate(leads)
            if n % 10 == 0
        ]
    )
    env.flush_all()
    env.invalidate_all()
    return len(leads)


def ensure_targets(registry):
    """Sales targets of this year and last year (created when missing, so that a database
    built before targets existed gets them): for each kind, the company, each bench team
    and each bench person (in their team), a month's target being last year's monthly
    average of the actual figure, plus a tenth, in company currency."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, CONTEXT)
        Target = env["crm.contract.target"]
        year = date.today().year
        if Target.search_count([("year", "in", [year - 1, year])]):
            return
        # the persons in charge and their teams as the spread deals them (contract_values)
        logins = [f"bench_user_{n:02d}" for n in range(1, USERS)]
        users = env.ref("base.user_admin") | env["res.users"].search(
            [("login", "in", logins)], order="login"
        )
        teams = env["crm.team"].search([("name", "=like", "Bench Team %")], order="name")
        monthly = last_year_actuals(env, year - 1)
        rows = []
        for target_year in (year - 1, year):
            for kind in TARGET_KINDS:
                by_team = dict.fromkeys(teams.ids, 0)
                for n, user in enumerate(users):
                    team_id = teams.ids[n % len(teams)]
                    value = monthly[kind].get(user.id, 1)
                    by_team[team_id] += value
                    rows.append(target_row(kind, target_year, value, user.id, team_id))
                rows += [
                    target_row(kind, target_year, value, team_id=team_id)
                    for team_id, value in by_team.items()
                ]
                rows.append(target_row(kind, target_year, sum(by_team.values())))
        Target.create(rows)
        cr.commit()
        print(f"  sales targets created: {len(rows)}", flush=True)


def last_year_actuals(env, year):
    """Per kind, per person in charge: last year's monthly average of the actual figure,
    plus a tenth (1 at least)."""
    span = [date(year, 1, 1), date(year, 12, 31)]
    signed = env["crm.contract"]._read_group(
        [
            ("state", "in", ["active", "expired", "terminated"]),
            ("date_signed", ">=", span[0]),
            ("date_signed", "<=", span[1]),
        ],
        ["user_id"],
        ["amount_total_company:sum", "__count"],
    )
    received = env["crm.contract.payment"]._read_group(
        [("state", "=", "confirmed"), ("date", ">=", span[0]), ("date", "<=", span[1])],
        ["contract_user_id"],
        ["amount_company:sum"],
    )

    def monthly(value):
        return max(round(value * 1.1 / 12), 1)

    return {
        "signed_amount": {user.id: monthly(amount) for user, amount, _count in signed},
        "contract_count": {user.id: monthly(count) for user, _amount, count in signed},
        "received_amount": {user.id: monthly(amount) for user, amount in received},
    }


def target_row(kind, year, monthly, user_id=False, team_id=False):
    scope = "user" if user_id else "team" if team_id else "company"
    row = {"kind": kind, "year": year, "scope": scope, "user_id": user_id, "team_id": team_id}
    row.update({f"target_{month:02d}": monthly for month in range(1, 13)})
    return row


def complete_activities(registry):
    """Next-contact activities of follow-ups built before past dates got theirs (idempotent)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, CONTEXT)
        missing = env["crm.contract.followup"].search(
            [("next_date", "!=", False), ("activity_id", "=", False)]
        )
        for start in range(0, len(missing), 2000):
            as_imported(missing[start : start + 2000])._sync_next_activity()
            cr.commit()
        if missing:
            print(f"  next-contact activities completed: {len(missing)}", flush=True)


def compact_summary(registry):
    """Run the monthly money summary's compaction job, as the scheduler does within minutes
    of a large batch of changes (the build adds rows per chunk); print its rows before and
    after, and the time it took."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        Summary = env["crm.contract.money.month"]
        before = Summary.search_count([])
        start = time.perf_counter()
        Summary._cron_compact()
        elapsed = time.perf_counter() - start
        cr.commit()
        print(
            f"money summary compaction: {before} rows -> {Summary.search_count([])} in "
            f"{elapsed:.1f} s",
            flush=True,
        )


def analyze(registry):
    """Fresh planner statistics and visibility maps (index-only scans), as autovacuum gives
    a database in use: VACUUM ANALYZE, outside a transaction."""
    with closing(odoo.sql_db.db_connect(registry.db_name).cursor()) as cr:
        cr._cnx.autocommit = True
        for table in (
            "crm_contract",
            "crm_contract_payment_plan",
            "crm_contract_payment",
            "crm_contract_followup",
            "crm_contract_member",
            "crm_contract_money_month",
            "crm_contract_target",
            "crm_lead",
            "mail_activity",
            "res_partner",
        ):
            cr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))


def built_for_scopes(registry):
    with registry.cursor() as cr:
        return load_progress(api.Environment(cr, odoo.SUPERUSER_ID, {})).get("mode") == "scopes"


def build(registry, sizes, scopes_only=False):
    """Build what is missing; commits per chunk, so that an interrupted build resumes.

    A database whose build starts with ``scopes_only`` is built for the scopes measure
    only (mode "scopes", kept in its progress): contracts with their team members (no
    instalments, receipts nor follow-ups), 2,000 a commit, and the leads; the other
    measures refuse it. A full database, or one whose full build began, is resumed as it
    began, ``scopes_only`` or not."""
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, CONTEXT)
        progress = load_progress(env)
        if scopes_only and not progress["contracts"] and not progress["leads"]:
            progress["mode"] = "scopes"
        scopes_mode = progress.get("mode") == "scopes"
        if scopes_mode and not scopes_only:
            raise SystemExit(
                f"{cr.dbname} was built for --scopes-only (no instalments, receipts nor "
                "follow-ups): measure it with --scopes-only, or run without --reuse to "
                "build everything"
            )
        print(f"build mode: {'scopes only' if scopes_mode else 'full'}", flush=True)
        if not scopes_mode and not progress["contracts"] and not progress["leads"]:
            progress["second_currency"] = True
        ref = reference_data(env, sizes)
        if progress.get("second_currency"):
            ref["second_currency"] = second_currency(env).id
        chunk = SCOPE_CHUNK if scopes_mode else CHUNK
        totals = [0, 0, 0]
        # contracts and leads grow together, so that an interrupted build can be measured
        while progress["contracts"] < sizes["contracts"] or progress["leads"] < sizes["leads"]:
            first = progress["contracts"]
            last = min(first + chunk, sizes["contracts"])
            if last > first:
                if scopes_mode:
                    made = build_scope_chunk(env, ref, first, last)
                    totals[0] += made[0]
                    totals[2] += made[1]
                else:
                    for n, value in enumerate(build_contract_chunk(env, ref, first, last, sizes)):
                        totals[n] += value
                progress["contracts"] = last
            lead_goal = (
                sizes["leads"]
                if last == sizes["contracts"]
                else min(sizes["leads"], last * sizes["leads"] // sizes["contracts"])
            )
            while progress["leads"] < lead_goal:
                lead_last = min(progress["leads"] + LEAD_CHUNK, lead_goal)
                build_lead_chunk(env, ref, progress["leads"], lead_last)
                progress["leads"] = lead_last
            save_progress(env, progress)
            rate = totals[0] / (time.perf_counter() - started)
            made = (
                f"+{totals[2]} team members"
                if scopes_mode
                else f"+{totals[1]} receipts, +{totals[2]} follow-ups"
            )
            print(
                f"  {time.strftime('%H:%M:%S')} contracts {last}/{sizes['contracts']}, leads "
                f"{progress['leads']}/{sizes['leads']} (this run: {made}, {rate:.0f} "
                f"contracts/s), rss {rss_mb():.0f} MB",
                flush=True,
            )
    return time.perf_counter() - started


# --- the web client's calls ------------------------------------------------------------------


def _load_view_specification():
    """crm_contract/tests/view_spec.py, loaded by its path: importing the addon's tests
    package would import Odoo's test framework, which a server outside test mode refuses
    (it logs an error)."""
    path = Path(__file__).resolve().parent.parent / "crm_contract" / "tests" / "view_spec.py"
    spec = importlib.util.spec_from_file_location("crm_contract_view_spec", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.view_specification


view_specification = _load_view_specification()


def view_spec(env, model, view_type, xmlid=None):
    view_id = env.ref(xmlid).id if xmlid else False
    views = env[model].get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    return view_specification(env, model, arch), arch


def pivot_calls(model, domain, rows, cols, measures):
    """The read_group calls a pivot view sends: total, rows, columns, rows x columns (total
    and rows when it has no column grouping)."""

    groupbys = ([], [rows], [cols], [rows, cols]) if cols else ([], [rows])

    def run():
        for groupby in groupbys:
            model.read_group(domain, measures, groupby, lazy=False)

    return run


def pipeline_pivot(Lead):
    """CRM's pipeline pivot: opportunities, a row per expected closing month, a column per
    stage (the bench's leads are all created the day of the build: create_date:month would
    be a single column)."""
    return pivot_calls(
        Lead,
        [("type", "=", "opportunity")],
        "date_deadline:month",
        "stage_id",
        ["expected_revenue:sum"],
    )


def achievement_pivot(Achievement, today):
    """The Achievement pivot as its action opens: this year, level Salesperson, kind Signed
    Amount; a row per person, a column per month; target, actual and completion (each with
    its field's aggregator, as the pivot view asks them)."""
    domain = [
        ("date", ">=", today.replace(month=1, day=1)),
        ("date", "<=", today.replace(month=12, day=31)),
        ("level", "=", "user"),
        ("kind", "=", "signed_amount"),
    ]
    measures = []
    for fname in ("target", "actual", "completion"):
        aggregator = Achievement._fields[fname].aggregator
        measures.append(f"{fname}:{aggregator}" if aggregator else fname)
    return pivot_calls(Achievement, domain, "user_id", "date:month", measures)


def operations(env, today):
    """(label, contract call, lead call): each a function of no argument."""
    Contract, Lead = env["crm.contract"], env["crm.lead"]
    Followup = env["crm.contract.followup"]
    opportunities = [("type", "=", "opportunity")]
    c_list, _arch = view_spec(env, "crm.contract", "list")
    l_list, _arch = view_spec(env, "crm.lead", "list", "crm.crm_case_tree_view_oppor")
    c_kanban, _arch = view_spec(env, "crm.contract", "kanban")
    l_kanban, _arch = view_spec(env, "crm.lead", "kanban", "crm.crm_case_kanban_view_leads")
    c_form, _arch = view_spec(env, "crm.contract", "form")
    l_form, _arch = view_spec(env, "crm.lead", "form", "crm.crm_lead_view_form")
    f_list, _arch = view_spec(env, "crm.contract.followup", "list")
    form_contract = Contract.search([("name", "=", "Bench contract 000000")], limit=1)
    form_lead = Lead.search(opportunities, order="id", limit=1)
    late_lead = [*opportunities, ("activity_date_deadline", "<", today)]
    overdue = [("next_date", "<", today), ("activity_id", "!=", False)]
    # a customer with contracts (and, at this spread, leads): the first contract after the
    # form's one
    name = Contract.search([("name", "=", "Bench contract 000001")]).partner_id.name
    Report = env["crm.contract.payment.report"]
    # the addon's module is importable once the configuration gave the addons path
    from odoo.addons.crm_contract.models.crm_contract_collection import (
        AGEING_FIELDS,  # noqa: PLC0415
    )

    ageing = [f"{fname}:sum" for fname in (*AGEING_FIELDS.values(), "amount_receivable")]
    # the reports' default filters: contracts still owed; this year (as CRM's and Sales'
    # analysis reports open)
    owed = [("amount_receivable", ">", 0)]
    this_year = [
        ("date", ">=", today.replace(month=1, day=1)),
        ("date", "<=", today.replace(month=12, day=31)),
    ]
    pipeline = pipeline_pivot(Lead)
    Achievement = env["crm.contract.target.report"]
    return [
        (
            "list, first page (80)",
            lambda: Contract.web_search_read([], c_list, limit=80, count_limit=10001),
            lambda: Lead.web_search_read(opportunities, l_list, limit=80, count_limit=10001),
        ),
        (
            "list grouped by person in charge",
            lambda: Contract.web_read_group([], ["amount_total:sum"], ["user_id"], limit=80),
            lambda: Lead.web_read_group(
                opportunities, ["expected_revenue:sum"], ["user_id"], limit=80
            ),
        ),
        (
            "kanban, first page (40)",
            lambda: Contract.web_search_read([], c_kanban, limit=40, count_limit=10001),
            lambda: Lead.web_search_read(opportunities, l_kanban, limit=40, count_limit=10001),
        ),
        (
            "form (24 instalments, 100 follow-ups)",
            lambda: form_contract.web_read(c_form),
            lambda: form_lead.web_read(l_form),
        ),
        (
            "pivot: receivables ageing (person in charge x buckets) / pipeline",
            pivot_calls(Contract, owed, "user_id", None, ageing),
            pipeline,
        ),
        (
            "pivot: receivables ageing by customer / pipeline by customer",
            pivot_calls(Contract, owed, "partner_id", None, ageing),
            pivot_calls(Lead, opportunities, "partner_id", "stage_id", ["expected_revenue:sum"]),
        ),
        (
            "pivot: planned vs received, this year (month x kind) / pipeline",
            pivot_calls(Report, this_year, "date:month", "kind", ["amount:sum"]),
            pipeline,
        ),
        (
            "pivot: achievement by person x month (this year) / pipeline",
            achievement_pivot(Achievement, today),
            pipeline,
        ),
        (
            "follow-ups next contact overdue / late activities",
            lambda: Followup.web_search_read(overdue, f_list, limit=80, count_limit=10001),
            lambda: Lead.web_search_read(late_lead, l_list, limit=80, count_limit=10001),
        ),
        (
            "name_search: by customer / by name (8 found)",
            lambda: Contract.name_search(name, limit=8),
            lambda: Lead.name_search("Bench opportunity 00001", limit=8),
        ),
        (
            "search on customer name (80)",
            lambda: Contract.web_search_read(
                [("partner_id", "ilike", name)], c_list, limit=80, count_limit=10001
            ),
            lambda: Lead.web_search_read(
                [*opportunities, ("partner_id", "ilike", name)],
                l_list,
                limit=80,
                count_limit=10001,
            ),
        ),
    ]


def median_times(env, contract_call, lead_call, repeat):
    """The median times of the contract call and of the lead call, run in turn (contract,
    lead, contract, ...) after a warm-up of each: both meet the same load of the machine
    (a build or a test run beside the bench moves both, not one)."""
    contract_call()  # warm-up: PostgreSQL's buffers and the ORM's registries
    lead_call()
    samples = ([], [])
    for _n in range(repeat):
        for func, times in zip((contract_call, lead_call), samples, strict=True):
            env.invalidate_all()
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    env.invalidate_all()
    return statistics.median(samples[0]), statistics.median(samples[1])


def measure(registry, repeat, label=""):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        # as the administrator in the web client (a contract manager and sales manager)
        env = env(user=env.ref("base.user_admin").id, context={"lang": "en_US", "tz": "UTC"})
        rows = []
        for name, contract_call, lead_call in operations(env, date.today()):
            contract_s, lead_s = median_times(env, contract_call, lead_call, repeat)
            rows.append((name, contract_s, lead_s, contract_s / lead_s if lead_s else 0))
            print(f"  {name}: {contract_s:.4f} s / {lead_s:.4f} s", flush=True)
        cr.rollback()
    print()
    print(f"| Operation{label} | Contracts (s) | Leads (s) | Ratio |")
    print("|---|---:|---:|---:|")
    for name, contract_s, lead_s, ratio in rows:
        print(f"| {name} | {contract_s:.4f} | {lead_s:.4f} | {ratio:.2f} |")
    print(flush=True)
    return rows


# --- the Contracts dashboard -------------------------------------------------------------------


def measure_dashboard(registry, repeat, path):
    """Every data request the Contracts dashboard sends as it opens (derived from its JSON:
    bench/_spreadsheet_requests.py), as the administrator, against the same requests on
    CRM's opportunities; a row per data source, then the totals."""
    if not path.exists():
        print(f"dashboard: {path} not found, not measured", flush=True)
        return []
    dashboard = spreadsheet_requests.load(path)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin").id, context={"lang": "en_US", "tz": "UTC"})
        rows = []
        for _kind, name, contract_call, lead_call, count in spreadsheet_requests.calls(
            env, dashboard, date.today()
        ):
            contract_s, lead_s = median_times(env, contract_call, lead_call, repeat)
            label = f"{name}, {count} request{'s' if count > 1 else ''}"
            rows.append((label, contract_s, lead_s, contract_s / lead_s if lead_s else 0))
            print(f"  {label}: {contract_s:.4f} s / {lead_s:.4f} s", flush=True)
        cr.rollback()
    contract_total = sum(row[1] for row in rows)
    lead_total = sum(row[2] for row in rows)
    print()
    print("| Dashboard data source (its requests) | Contracts (s) | Leads (s) | Ratio |")
    print("|---|---:|---:|---:|")
    for name, contract_s, lead_s, ratio in rows:
        print(f"| {name} | {contract_s:.4f} | {lead_s:.4f} | {ratio:.2f} |")
    if rows:
        total_ratio = contract_total / lead_total if lead_total else 0
        print(
            f"| total, {len(rows)} data sources | {contract_total:.4f} | {lead_total:.4f} | "
            f"{total_ratio:.2f} |"
        )
        worst = max(rows, key=lambda row: row[3])
        print(f"\nslowest against its leads request: {worst[0]} ({worst[3]:.2f})")
    print(flush=True)
    return rows


# --- consistency --------------------------------------------------------------------------------


def check_consistency(registry, when=""):
    """This year, as the administrator: the Achievement report's actual signed amount,
    received amount and number of contracts per person against a direct sum over the
    contracts and receipts; the Planned vs Received report's totals per month and kind
    against a direct sum of the instalments and receipts. Prints the differences."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin").id, context={"lang": "en_US", "tz": "UTC"})
        today = date.today()
        first, last = today.replace(month=1, day=1), today.replace(month=12, day=31)
        this_year = [("date", ">=", first), ("date", "<=", last)]
        currency = env.company.currency_id
        differences = []
        compared = []

        def compare(label, reported, direct):
            compared.append(f"{label}: {len(direct)}")
            for key in sorted(set(reported) | set(direct), key=str):
                got, want = reported.get(key, 0.0), direct.get(key, 0.0)
                if currency.compare_amounts(got, want):
                    differences.append(f"{label} {key}: report {got:.2f}, direct sum {want:.2f}")

        # the achievement report, per person
        Achievement = env["crm.contract.target.report"]
        for kind in TARGET_KINDS:
            groups = Achievement.read_group(
                [*this_year, ("level", "=", "user"), ("kind", "=", kind)],
                ["actual:sum"],
                ["user_id"],
                lazy=False,
            )
            reported = {
                (g["user_id"] and g["user_id"][0]): g["actual"] for g in groups if g["actual"]
            }
            compare(f"{kind} persons", reported, direct_actuals(env, kind, first, last))
        # planned vs received, per month and kind
        groups = env["crm.contract.payment.report"].read_group(
            this_year, ["amount:sum"], ["date:month", "kind"], lazy=False
        )
        reported = {
            (g["__range"]["date:month"]["from"], g["kind"]): g["amount"]
            for g in groups
            if g["amount"]
        }
        compare("planned vs received months x kinds", reported, direct_money(env, first, last))
        cr.rollback()
    print(
        f"consistency{' ' + when if when else ''} (this year, report against a direct sum; "
        f"{', '.join(compared)}): ",
        end="",
    )
    print(f"{len(differences)} differences", flush=True)
    for line in differences:
        print(f"  {line}", flush=True)
    return differences


def direct_actuals(env, kind, first, last):
    """Per person in charge, summed in Python over the records read: contracts signed this
    year (active, expired, terminated) or confirmed receipts of this year."""
    totals = {}
    if kind == "received_amount":
        receipts = env["crm.contract.payment"].search_read(
            [("state", "=", "confirmed"), ("date", ">=", first), ("date", "<=", last)],
            ["contract_id", "amount_company"],
        )
        contracts = env["crm.contract"].browse({r["contract_id"][0] for r in receipts})
        user_of = {c["id"]: c["user_id"] and c["user_id"][0] for c in contracts.read(["user_id"])}
        for receipt in receipts:
            user = user_of[receipt["contract_id"][0]]
            totals[user] = totals.get(user, 0.0) + receipt["amount_company"]
        return totals
    contracts = env["crm.contract"].search_read(
        [
            ("state", "in", ["active", "expired", "terminated"]),
            ("date_signed", ">=", first),
            ("date_signed", "<=", last),
        ],
        ["user_id", "amount_total_company"],
    )
    for contract in contracts:
        user = contract["user_id"] and contract["user_id"][0]
        value = 1 if kind == "contract_count" else contract["amount_total_company"]
        totals[user] = totals.get(user, 0.0) + value
    return totals


def direct_money(env, first, last):
    """Per (first day of the month, kind): instalments due this year of contracts not
    cancelled, and confirmed receipts of this year, in company currency, summed in Python."""
    totals = {}
    plans = env["crm.contract.payment.plan"].search_read(
        [
            ("date_due", ">=", first),
            ("date_due", "<=", last),
            ("contract_id.state", "!=", "cancelled"),
        ],
        ["date_due", "amount_company"],
    )
    receipts = env["crm.contract.payment"].search_read(
        [("state", "=", "confirmed"), ("date", ">=", first), ("date", "<=", last)],
        ["date", "amount_company"],
    )
    for kind, rows, fname in (("planned", plans, "date_due"), ("received", receipts, "date")):
        for row in rows:
            key = (row[fname].replace(day=1).isoformat(), kind)
            totals[key] = totals.get(key, 0.0) + row["amount_company"]
    return totals


# --- team selling: access scopes ---------------------------------------------------------------


def scope_users(env):
    """The team-scope user (a member of Bench Team 0, 500 memberships elsewhere) and the
    own-documents user with 500 memberships (bench_user_01, who is in charge of a
    twentieth of the contracts and of the leads); both CRM salespersons."""
    Users = env["res.users"].with_context(no_reset_password=True)
    salesman = env.ref("sales_team.group_sale_salesman").id
    team_user = Users.search([("login", "=", "bench_team_scope")])
    if not team_user:
        team_user = Users.create(
            {
                "login": "bench_team_scope",
                "name": "Bench Team Scope",
                "groups_id": [
                    Command.set([env.ref("crm_contract.crm_contract_group_team").id, salesman])
                ],
            }
        )
        team = env["crm.team"].search([("name", "=", "Bench Team 0")])
        env["crm.team.member"].create({"crm_team_id": team.id, "user_id": team_user.id})
    own_user = Users.search([("login", "=", "bench_user_01")])
    # CRM's lead scope beyond one's own leads: all leads (the sales group the addon maps
    # to all documents, which implies the team scope; CRM has no team-level lead scope)
    all_leads = Users.search([("login", "=", "bench_all_leads")])
    if not all_leads:
        all_leads = Users.create(
            {
                "login": "bench_all_leads",
                "name": "Bench All Leads",
                "groups_id": [
                    Command.set([env.ref("sales_team.group_sale_salesman_all_leads").id])
                ],
            }
        )
    return team_user, own_user, all_leads


def add_memberships(env, user, count):
    """``count`` memberships of ``user`` on contracts it does not see yet (one create)."""
    Contract = env["crm.contract"]
    seen = Contract.with_user(user).search([])
    have = env["crm.contract.member"].search_count([("user_id", "=", user.id)])
    if have >= count:
        return
    others = Contract.search([("id", "not in", seen.ids)], order="id", limit=count - have)
    as_imported(env["crm.contract.member"]).create(
        [{"contract_id": c.id, "user_id": user.id, "access": "read"} for c in others]
    )
    env.flush_all()


def list_queries(env, user, spec):
    Contract = env["crm.contract"].with_user(user)
    Contract.web_search_read([], spec, limit=80, count_limit=10001)
    env.invalidate_all()
    start = env.cr.sql_log_count
    Contract.web_search_read([], spec, limit=80, count_limit=10001)
    return env.cr.sql_log_count - start


def measure_scopes(registry, repeat):
    """The list and the list grouped by person in charge as a team-scope user (against
    CRM's lead list for an all-leads salesperson: CRM has no team-level lead scope) and as
    an own-documents user with 500 memberships (against the lead list of the same user, a
    salesperson: own leads); and the list's query count with and without 500
    memberships (those of the query count rolled back; those of the two measured users
    committed: they stay in the bench database)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})
        team_user, own_user, all_leads = scope_users(env)
        c_list, _arch = view_spec(env, "crm.contract", "list")
        l_list, _arch = view_spec(env, "crm.lead", "list", "crm.crm_case_tree_view_oppor")
        # the query count of a user's list page with no membership, then with 500 (those
        # of an earlier run or of an older build removed first), in a savepoint rolled back
        probe = env["res.users"].search([("login", "=", "bench_user_02")])
        with closing(cr.savepoint()):
            Member = env["crm.contract.member"]
            as_imported(Member.search([("user_id", "=", probe.id)])).unlink()
            env.flush_all()
            before = list_queries(env, probe, c_list)
            add_memberships(env, probe, SCOPE_MEMBERSHIPS)
            after = list_queries(env, probe, c_list)
        env.invalidate_all()
        print(
            f"  list page queries, bench_user_02: {before} with no membership, {after} with "
            f"{SCOPE_MEMBERSHIPS} memberships",
            flush=True,
        )
        for user in (team_user, own_user):
            add_memberships(env, user, SCOPE_MEMBERSHIPS)
        cr.commit()
        cr.execute("ANALYZE crm_contract_member")
        opportunities = [("type", "=", "opportunity")]
        rows = []
        scopes = (
            ("team scope / all leads", team_user, all_leads),
            ("own + 500 memberships / own leads", own_user, own_user),
        )
        for label, user, lead_user in scopes:
            uenv = env(user=user.id)
            Contract, Lead = uenv["crm.contract"], uenv["crm.lead"].with_user(lead_user)
            seen = Contract.search_count([])
            pipeline = pipeline_pivot(Lead)
            calls = [
                (
                    "list, first page (80)",
                    lambda C=Contract: C.web_search_read([], c_list, limit=80, count_limit=10001),
                    lambda L=Lead: L.web_search_read(
                        opportunities, l_list, limit=80, count_limit=10001
                    ),
                ),
                (
                    "list grouped by person in charge",
                    lambda C=Contract: C.web_read_group(
                        [], ["amount_total:sum"], ["user_id"], limit=80
                    ),
                    lambda L=Lead: L.web_read_group(
                        opportunities, ["expected_revenue:sum"], ["user_id"], limit=80
                    ),
                ),
                (
                    "achievement pivot / pipeline pivot",
                    achievement_pivot(uenv["crm.contract.target.report"], date.today()),
                    pipeline,
                ),
            ]
            for name, contract_call, lead_call in calls:
                contract_s, lead_s = median_times(uenv, contract_call, lead_call, repeat)
                ratio = contract_s / lead_s if lead_s else 0
                rows.append((f"{label} ({seen} contracts seen): {name}", contract_s, lead_s, ratio))
                print(f"  {rows[-1][0]}: {contract_s:.4f} s / {lead_s:.4f} s", flush=True)
        cr.rollback()
    print()
    print("| Operation, as the user | Contracts (s) | Leads (s) | Ratio |")
    print("|---|---:|---:|---:|")
    for name, contract_s, lead_s, ratio in rows:
        print(f"| {name} | {contract_s:.4f} | {lead_s:.4f} | {ratio:.2f} |")
    print(flush=True)
    return rows


# --- scheduled jobs ----------------------------------------------------------------------------


def rss_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakRss:
    """Peak resident memory of this process while the block runs (sampled every 50 ms)."""

    def __enter__(self):
        self.peak = self.start = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def run_jobs(registry):
    """Every scheduled job of the addon, as the scheduler runs it (its server action, as its
    user, committing per batch), to completion."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        crons = (
            env["ir.model.data"]
            .search([("module", "=", "crm_contract"), ("model", "=", "ir.cron")])
            .mapped(lambda data: env["ir.cron"].browse(data.res_id))
        )
        rows = []
        for cron in crons.sorted("id"):
            before = counts(env)
            with PeakRss() as memory:
                start = time.perf_counter()
                cron.with_user(cron.user_id).ir_actions_server_id.run()
                env.flush_all()
                cr.commit()
                elapsed = time.perf_counter() - start
            after = counts(env)
            changes = ", ".join(f"{key} {after[key] - before[key]:+d}" for key in after)
            rows.append((cron.name, elapsed, memory.peak, memory.peak - memory.start, changes))
            env.invalidate_all()
            print(f"  {cron.name}: {elapsed:.1f} s, peak rss {memory.peak:.0f} MB", flush=True)
    print()
    print("| Scheduled job | Time (s) | Peak RSS (MB) | RSS growth (MB) | Changes |")
    print("|---|---:|---:|---:|---|")
    for name, elapsed, peak, growth, changes in rows:
        print(f"| {name} | {elapsed:.1f} | {peak:.0f} | {growth:.0f} | {changes} |")
    print(flush=True)
    return rows


def counts(env):
    return {
        "expired contracts": env["crm.contract"].search_count([("state", "=", "expired")]),
        "overdue instalments": env["crm.contract.payment.plan"].search_count(
            [("state", "=", "overdue")]
        ),
        "activities": env["mail.activity"].search_count([]),
    }


def background_import(config, database, scale):
    """200,000 follow-ups (times ``scale``) imported in the background through odoo-bin's cron
    thread, killed mid-way and resumed: bench_background_import.py in a process of its own
    (Odoo's configuration is parsed once per process) on a database of its own
    (``<database>_bg``); its figures are printed as it prints them."""
    path = Path(__file__).with_name("bench_background_import.py")
    if not path.exists():
        print("background import: not available", flush=True)
        return None
    rows = max(int(200_000 * scale), 3_000)  # above the 2,000-row threshold
    print(f"\nbackground import of {rows:,} follow-ups:", flush=True)
    command = [sys.executable, str(path), "-c", config, "-d", f"{database}_bg", "--rows", str(rows)]
    return subprocess.run(command, check=False).returncode


# --- main ----------------------------------------------------------------------------------------


def data_counts(registry):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        return {
            "contracts": env["crm.contract"].search_count([]),
            "instalments": env["crm.contract.payment.plan"].search_count([]),
            "receipts": env["crm.contract.payment"].search_count([("state", "=", "confirmed")]),
            "follow-ups": env["crm.contract.followup"].search_count([]),
            "overdue instalments": env["crm.contract.payment.plan"].search_count(
                [("state", "=", "overdue")]
            ),
            "leads": env["crm.lead"].search_count([]),
            "activities": env["mail.activity"].search_count([]),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 100,000 contracts")
    parser.add_argument("--reuse", action="store_true", help="keep and resume the database")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--measure-only", action="store_true", help="measure the data already built (--reuse)"
    )
    parser.add_argument("--skip-jobs", action="store_true")
    parser.add_argument(
        "--scopes-only",
        action="store_true",
        help="measure only the team-selling scopes (team scope, own with memberships); on "
        "a database whose build has not begun, build only what they read",
    )
    parser.add_argument(
        "--skip-background", action="store_true", help="no background import benchmark"
    )
    parser.add_argument(
        "--dashboard",
        default=str(DASHBOARD),
        help="the Contracts dashboard's JSON whose data requests are measured",
    )
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    sizes = {
        key: max(int(value * args.scale), 1) if key in ("contracts", "leads", "partners") else value
        for key, value in FULL.items()
    }
    print(f"scale {args.scale}: {sizes}; load {os.getloadavg()}", flush=True)
    registry = prepare_database(args.database, args.reuse)
    if args.measure_only:
        build_s = 0.0
        if built_for_scopes(registry) and not args.scopes_only:
            raise SystemExit(f"{args.database} was built for --scopes-only: add --scopes-only")
    else:
        build_s = build(registry, sizes, args.scopes_only)
    print(f"build: {build_s:.1f} s this run; data {data_counts(registry)}", flush=True)
    if args.build_only:
        return
    complete_activities(registry)
    compact_summary(registry)
    if not built_for_scopes(registry):
        ensure_targets(registry)
    analyze(registry)
    print(f"load before measuring: {os.getloadavg()}", flush=True)
    if args.scopes_only:
        measure_scopes(registry, args.repeat)
        return
    measure(registry, args.repeat)
    measure_dashboard(registry, args.repeat, Path(args.dashboard))
    check_consistency(registry)
    measure_scopes(registry, args.repeat)
    if not args.skip_jobs:
        run_jobs(registry)
        # the jobs expire contracts and compact the monthly money summary: still right
        check_consistency(registry, "after the scheduled jobs")
    if not args.skip_background:
        background_import(args.config, args.database, args.scale)
    print(f"load at the end: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
