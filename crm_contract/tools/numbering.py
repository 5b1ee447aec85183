"""Numbers of a sequence numbered by year (``ir.sequence`` with date ranges), safe when two
transactions take the first number of a year at once.

Odoo's ``ir.sequence._next`` creates the date range of a year when it takes the first number
of that year. Two transactions doing it at the same time each create a range (under
REPEATABLE READ neither sees the other's, even once committed), and both take number 1.

Here, the dates for which this transaction sees no range get their numbers in a short
transaction of their own, in READ COMMITTED (each statement sees what is committed), under a
transaction-level advisory lock of the sequence: a second transaction waits for the first to
commit, then finds and uses the range the first one created. The numbers of the dates whose
range is visible are taken the usual way (``next_by_code``). Under the test runner (where the
cursors belong to the test and nothing is committed) Odoo's own path is used."""

import hashlib
from collections import defaultdict

from odoo import api, fields
from odoo.tools import SQL

from .guards import cron_auto_commit

LOCK_TIMEOUT = "10s"  # how long a short transaction waits for another one taking a first number


def numbering_lock_key(sequence_id):
    """The key of the advisory lock under which the ranges of a sequence are created."""
    digest = hashlib.sha256(f"crm_contract numbering: {sequence_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _own_transactions(env):
    """Whether a transaction of our own may be opened and committed (not under the test
    runner, whose cursors are the test's)."""
    return cron_auto_commit() and env.registry.test_cr is None


def number_vals(env, code, vals_list, company_of, date_key):
    """Set ``number`` in the values of ``vals_list`` given without one: the next numbers of
    the sequence ``code`` of each one's company (``company_of(vals)``), by the date in
    ``date_key`` (today when empty)."""
    by_company = defaultdict(list)
    for vals in vals_list:
        if not vals.get("number"):
            by_company[company_of(vals)].append(vals)
    for company, todo in by_company.items():
        numbers = take_numbers(env, code, company, [vals.get(date_key) for vals in todo])
        for vals, number in zip(todo, numbers, strict=True):
            vals["number"] = number


def take_numbers(env, code, company, dates):
    """The next numbers of the sequence ``code`` of ``company`` (or shared), one per date of
    ``dates`` (a date, or None for today), in order: False for each when no such sequence
    exists (as ``next_by_code``)."""
    Sequence = env["ir.sequence"].with_company(company)
    if not dates:
        return []
    if not _own_transactions(env):
        return [Sequence.next_by_code(code, sequence_date=day) or False for day in dates]
    Sequence.browse().check_access("read")
    sequence = Sequence.sudo().search(
        [("code", "=", code), ("company_id", "in", [company.id, False])],
        order="company_id",
        limit=1,
    )
    if not sequence:
        return [False] * len(dates)
    if not sequence.use_date_range:
        return [sequence._next(sequence_date=day) for day in dates]
    numbers = [None] * len(dates)
    unseen = []  # positions of the dates whose range this transaction does not see
    seen = []  # (from, to) of the ranges it sees
    Range = env["ir.sequence.date_range"].sudo()
    for position, day in enumerate(dates):
        when = fields.Date.to_date(
            day or env.context.get("ir_sequence_date") or fields.Date.today()
        )
        if not any(low <= when <= high for low, high in seen):
            found = Range.search(
                [
                    ("sequence_id", "=", sequence.id),
                    ("date_from", "<=", when),
                    ("date_to", ">=", when),
                ],
                limit=1,
            )
            if not found:
                unseen.append(position)
                continue
            seen.append((found.date_from, found.date_to))
        numbers[position] = sequence._next(sequence_date=day)
    if unseen:
        taken = _take_in_own_transaction(env, sequence, [dates[i] for i in unseen])
        for position, number in zip(unseen, taken, strict=True):
            numbers[position] = number
    return numbers


def _take_in_own_transaction(env, sequence, dates):
    """Numbers of ``sequence`` for ``dates`` taken (and their ranges created when missing) in
    a short committed transaction, under the sequence's advisory lock."""
    registry = env.registry
    with registry.cursor() as cr:
        cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        cr.execute(SQL("SET LOCAL lock_timeout = %s", LOCK_TIMEOUT))
        cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", numbering_lock_key(sequence.id)))
        # the registry given, not looked up: Registry(dbname) waits for the registry lock,
        # which Odoo's test runner holds while tests run
        cr.transaction = api.Transaction(registry)
        own = api.Environment(cr, env.uid, env.context)
        own_sequence = own["ir.sequence"].sudo().browse(sequence.id)
        return [own_sequence._next(sequence_date=day) for day in dates]
