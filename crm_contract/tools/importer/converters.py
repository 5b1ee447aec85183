"""Converting the text of a cell into the value of a field, one converter per kind of
field (as ``ir.fields.converter``'s ``_str_to_<type>``). A converter returns the value,
or None after recording an error for the row."""

import pytz

from odoo.tools import plaintext2html

from .messages import translated
from .values import (
    ImportValueError,
    date_order_of,
    decimal_separator_of,
    header_unit,
    parse_amount,
    parse_date,
    parse_datetime,
    parse_months,
)

_MISSING = object()


class ValueConverters:
    """Mixed into the import run: needs ``self.env``, ``self.options``, ``self.rows``,
    ``self._cell``, ``self._error`` and ``self._parsed`` (a dict)."""

    def _column_values(self, fname):
        return [self._cell(row, fname) for _rowno, row in self.rows]

    def _prepare_converters(self, date_fields, amount_fields):
        """Per-column facts read from all the column's values before any row: the date
        order (a column that cannot tell follows the file's other date columns: one
        file, one system, one date order), the decimal separator and the scale of the
        column's unit (合同金额(万元): x 10,000)."""
        self.date_orders = {}
        chosen = self.options.date_order if self.options.date_order != "auto" else None
        for fname in date_fields:
            if fname in self.mapping:
                self.date_orders[fname] = chosen or date_order_of(self._column_values(fname))
        told = set(self.date_orders.values()) - {None}
        if len(told) == 1:
            order = told.pop()
            for fname, value in self.date_orders.items():
                self.date_orders[fname] = value or order
        self.decimal_separators = {}
        self.amount_units = {}
        for fname in amount_fields:
            if fname not in self.mapping:
                continue
            chosen = self.options.decimal_separator
            if chosen and chosen != "auto":
                self.decimal_separators[fname] = chosen
            else:
                found = decimal_separator_of(self._column_values(fname))
                self.decimal_separators[fname] = found if found != "conflict" else None
            index = self.mapping[fname]
            self.amount_units[fname] = header_unit(
                self.headers[index] if index < len(self.headers) else ""
            )
        tz_name = self.env.context.get("tz") or self.env.user.tz or "UTC"
        self.tz = pytz.UTC if self.options.datetime_utc else pytz.timezone(tz_name)

    def _convert(self, rowno, row, fname, parser, *args):
        """The value of a cell by ``parser`` (parsed once per distinct cell text: a
        column repeats its dates and amounts), or None after recording the error."""
        value = self._cell(row, fname)
        if not value:
            return None
        # a number cell and a text cell of the same text are parsed differently
        key = (parser, type(value), value, args)
        result = self._parsed.get(key, _MISSING)
        if result is _MISSING:
            try:
                result = parser(value, *args)
            except ImportValueError as exc:
                result = exc
            self._parsed[key] = result
        if isinstance(result, ImportValueError):
            self._error(rowno, fname, value, translated(self.env, result))
            return None
        return result

    def to_date(self, rowno, row, fname):
        return self._convert(rowno, row, fname, parse_date, self.date_orders.get(fname))

    def to_datetime(self, rowno, row, fname):
        """A date-time of the file, in the importing user's time zone (or UTC when the
        options say so), as the naive UTC value Odoo stores."""
        local = self._convert(rowno, row, fname, parse_datetime, self.date_orders.get(fname))
        if local is None:
            return None
        return self.tz.localize(local).astimezone(pytz.UTC).replace(tzinfo=None)

    def to_amount(self, rowno, row, fname, digits):
        """An amount, scaled by its column's unit (万元, k, thousands...); a column whose
        unit is not understood is refused on every row holding a value: its number is
        never stored as it is."""
        factor, unit = self.amount_units.get(fname, (1, ""))
        if factor is None:
            value = self._cell(row, fname)
            if value:
                error = ImportValueError("unknown_unit", unit=unit, column=self._column(fname))
                self._error(rowno, fname, value, translated(self.env, error))
            return None
        return self._convert(
            rowno, row, fname, parse_amount, self.decimal_separators.get(fname), digits, factor
        )

    def to_months(self, rowno, row, fname):
        return self._convert(rowno, row, fname, parse_months)

    def to_html(self, row, fname):
        """Plain text of the file into an HTML field: escaped, line breaks kept."""
        text = self._cell(row, fname)
        return plaintext2html(text) if text else None

    def to_text(self, row, fname):
        return self._cell(row, fname) or None

    # -- renewals -------------------------------------------------------------------

    def _contract_previous(self, rowno, row, record, vals):
        """The "Previous Contract No." (原合同编号) of a row: the contract it renews, among
        the contracts of the company the user may read (one search for the whole file)."""
        number = self._cell(row, "previous_contract_id")
        if not number:
            return
        if not hasattr(self, "previous_contracts"):
            self.previous_contracts = self._previous_contracts()
        key = " ".join(number.split())
        own_number = " ".join((self._cell(row, "number") or "").split())
        previous = self.previous_contracts.get(key)
        if key and key == own_number:
            self._error(
                rowno,
                "previous_contract_id",
                number,
                self.env._("a contract cannot renew itself"),
            )
        elif not previous:
            self._error(
                rowno,
                "previous_contract_id",
                number,
                self.env._(
                    "no contract numbered %(number)s to renew (it must be imported or created "
                    "before its renewal)",
                    number=number,
                ),
            )
        elif not record or record.previous_contract_id != previous:
            vals["previous_contract_id"] = previous.id

    def _previous_contracts(self):
        values = {}
        for _rowno, row in self.rows:
            text = " ".join((self._cell(row, "previous_contract_id") or "").split())
            if text:
                values.setdefault(text, text)
        if not values:
            return {}
        contracts = self.env["crm.contract"].search(
            [("number", "in", list(values)), ("company_id", "=", self.env.company.id)]
        )
        return {contract.number: contract for contract in contracts}
