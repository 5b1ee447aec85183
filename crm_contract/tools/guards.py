"""Checks shared by the contract models: computed figures nobody may set, and the bounds of
the values users may give (dates, amounts, texts, day counts), refused with a clear message
before the database or Python meets a value it cannot hold."""

import threading
from datetime import date, datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import formatLang

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2200, 12, 31)
AMOUNT_MAX = 1e13  # what a monetary amount may reach (the numeric columns hold far more)
NAME_MAX = 1024  # characters of a one-line text (names, numbers, references)
TEXT_MAX = 1_000_000  # characters of a long text (notes, descriptions, reasons)
INT_MAX = 2**31 - 1  # what an integer column holds
DAYS_MAX = 3650  # reminder settings, in days

# Not a context value a JSON-RPC call can send: only the code of this addon holds it.
INTERNAL = object()


def cron_auto_commit():
    """Scheduled jobs commit each batch, except in tests (as res.users.deletion does): not in
    a thread of the test runner, whose transaction belongs to the test."""
    return not getattr(threading.current_thread(), "testing", False)


def internal_context(records, key):
    """``records`` with the internal marker ``key``: set only by this addon's own code."""
    return records.with_context(**{key: INTERNAL})


def is_internal(records, key):
    return records.env.context.get(key) is INTERNAL


def count_text(env, number):
    """A count as the user reads it in a sentence: with the thousands separator of the
    environment's language (20,000; 20 000 in French)."""
    return formatLang(env, number, digits=0)


def field_label(model, fname):
    return model._fields[fname]._description_string(model.env)


def check_protected_fields(model, vals, fnames):
    """Refuse to set computed figures (``fnames``) through create or write: they are computed
    by the addon from the records they summarise, never given by a user."""
    given = [fname for fname in fnames if fname in vals]
    if given:
        raise UserError(
            model.env._(
                "%(model)s: %(fields)s: computed by the addon, cannot be set directly.",
                model=model._description,
                fields=", ".join(f'"{field_label(model, fname)}"' for fname in given),
            )
        )


def value_changes(record, fname, value):
    """Whether writing ``value`` changes ``fname`` of ``record`` (rewriting the same value,
    as a data file update or a form saving every field does, is no change)."""
    field = record._fields[fname]
    return field.convert_to_cache(value, record, validate=False) != field.convert_to_cache(
        record[fname], record, validate=False
    )


def _to_date(model, fname, value):
    try:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return fields.Date.to_date(str(value)[:10])
    except (TypeError, ValueError, OverflowError) as exc:
        raise UserError(
            model.env._(
                '%(model)s: "%(field)s" is not a valid date (%(value)s).',
                model=model._description,
                field=field_label(model, fname),
                value=str(value)[:40],
            )
        ) from exc


def check_bounds(model, vals, int_limits=None):
    """Refuse out-of-range values of ``vals`` for ``model`` with a clear message: dates from
    1900-01-01 to 2200-12-31, amounts below 10^13 in absolute value, one-line texts of at
    most 1,024 characters, long texts of at most 1,000,000, integers within ``int_limits``
    ({field: (min, max)}) or what the database holds."""
    env = model.env
    int_limits = int_limits or {}
    for fname, value in vals.items():
        field = model._fields.get(fname)
        if field is None or value is None or value is False:
            continue
        if field.type in ("date", "datetime"):
            day = _to_date(model, fname, value)
            if day and not DATE_MIN <= day <= DATE_MAX:
                raise UserError(
                    env._(
                        '%(model)s: "%(field)s" must be between 1900-01-01 and 2200-12-31 '
                        "(got %(value)s).",
                        model=model._description,
                        field=field_label(model, fname),
                        value=str(value)[:40],
                    )
                )
        elif field.type in ("monetary", "float"):
            try:
                number = float(value)
            except (TypeError, ValueError) as exc:
                raise UserError(
                    env._(
                        '%(model)s: "%(field)s" is not a number (%(value)s).',
                        model=model._description,
                        field=field_label(model, fname),
                        value=str(value)[:40],
                    )
                ) from exc
            if not abs(number) < AMOUNT_MAX:  # also refuses NaN and infinity
                raise UserError(
                    env._(
                        '%(model)s: "%(field)s" is too large (%(value)s); amounts must stay '
                        "below 10,000,000,000,000 (10^13).",
                        model=model._description,
                        field=field_label(model, fname),
                        value=str(value)[:40],
                    )
                )
        elif field.type == "integer":
            low, high = int_limits.get(fname, (-INT_MAX, INT_MAX))
            try:
                number = int(value)
            except (TypeError, ValueError, OverflowError) as exc:
                raise UserError(
                    env._(
                        '%(model)s: "%(field)s" is not a whole number (%(value)s).',
                        model=model._description,
                        field=field_label(model, fname),
                        value=str(value)[:40],
                    )
                ) from exc
            if not low <= number <= high:
                raise UserError(
                    env._(
                        '%(model)s: "%(field)s" must be between %(low)s and %(high)s '
                        "(got %(value)s).",
                        model=model._description,
                        field=field_label(model, fname),
                        low=low,
                        high=high,
                        value=str(value)[:40],
                    )
                )
        elif field.type in ("char", "text", "html") and isinstance(value, str):
            limit = NAME_MAX if field.type == "char" else TEXT_MAX
            if len(value) > limit:
                raise UserError(
                    env._(
                        '%(model)s: "%(field)s" is too long (%(length)s characters; at most '
                        "%(limit)s).",
                        model=model._description,
                        field=field_label(model, fname),
                        length=len(value),
                        limit=limit,
                    )
                )


def check_internal_users(records, *fnames):
    """Refuse portal and public users in the user fields ``fnames`` of ``records``, where an
    internal user is needed (one check for the whole batch)."""
    for fname in fnames:
        shared = records.mapped(fname).filtered("share")
        if shared:
            raise ValidationError(
                records.env._(
                    "%(role)s must be an internal user: %(users)s is not.",
                    role=field_label(records, fname),
                    users=", ".join(shared.mapped("name")),
                )
            )


def check_record_access(records, operation="write"):
    """Refuse records the user may not access, naming none of them (Odoo's own message names
    the records to users with technical features: a contract the user cannot read must not
    give away its number or name)."""
    if records and not records.has_access(operation):
        raise AccessError(
            records.env._(
                "You do not have access to this %(model)s, or it does not exist.",
                model=records._description,
            )
        )
