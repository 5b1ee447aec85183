"""Validating the rows of an import file: one pass over the rows of contracts or of
follow-up records, turning each row into the values to create or write.

Every lookup is done once per distinct value (customers, users, types, contracts), with
names compared by ``name_key`` (NFKC, brackets, spaces, case), and records are written
with batched ``create`` calls through the ORM (``writer``).

What the run needs from the models comes in ``knowledge``, the dict of the imported
model's ``_import_knowledge()``: ``headers``, ``required``, ``labels`` and, for the
values, ``type_model`` and ``type_aliases`` (the seeded types' other names), for contracts
``state_labels`` (other CRMs' words for each status) and ``end_from_term`` (the end date
of a term in months).
"""

import re
from collections import defaultdict
from datetime import timedelta

from odoo import fields
from odoo.tools import html2plaintext

from .converters import ValueConverters
from .footers import footer_rows
from .lines import LINE_KEY_FIELDS, LineConverters
from .lookups import NameLookups, number_key
from .matching import column_letter
from .members import MemberConverters
from .values import MAX_CELL_LENGTH, NumberCell, name_key
from .writer import RowWriter

SHORT_TEXT_LENGTH = 1024
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


_number_key = number_key
# The columns whose cells name a record: a row without any is no record (a total line)
KEY_FIELDS = {
    "contract": ("number", "name", "partner_id", *LINE_KEY_FIELDS),
    "followup": ("contract_id", "description"),
}
# The amount columns: their header's unit scales their values (合同金额(万元))
AMOUNT_FIELDS = {"contract": ("amount_total", "line_price_unit"), "followup": ()}
# Number columns read as amounts (thousands and decimal separators), whatever their unit
NUMBER_FIELDS = {"contract": ("line_quantity",), "followup": ()}


class ImportRun(NameLookups, ValueConverters, MemberConverters, LineConverters, RowWriter):
    """One validation and write pass over the rows of an import file."""

    def __init__(
        self, env, options, knowledge, headers, rows, mapping, sheet=None, presets=None, job=None
    ):
        self.env = env
        self.options = options  # ImportOptions
        self.knowledge = knowledge
        # the import record (crm.contract.import.job): the records created carry it
        self.job = job
        self.headers = headers
        self.mapping = mapping
        # facts read from the whole file when a part of it is validated (background
        # import): date orders, decimal separators, repeated contract numbers, footers
        self.presets = presets or {}
        # totals and footer lines (合计, Total, 制表人：...): skipped, not refused
        footers = self._footer_rows(rows)
        self.footers = [(rowno, footers[rowno]) for rowno, _row in rows if rowno in footers]
        self.rows = [item for item in rows if item[0] not in footers]  # [(row number, cells)]
        self.sheet = sheet
        self.errors = []  # (row number, column header, value, message)
        self.to_create = []  # (row number, vals)
        self.to_update = []  # (row number, record, vals)
        self.new_partners = {}  # name key -> name as first written, created on write
        self.new_signers = {}  # (customer key, name key) -> name
        self.new_products = {}  # name key -> values of the product, created on write
        self.group_rows = {}  # first row of a contract of several rows -> its other rows
        self.created = self.updated = 0
        self.skipped = len(self.footers)
        self.is_contract = options.is_contract
        self.model = self.env[options.res_model]
        self.written = self.created_records = self.model
        # what was computed once per distinct value: name keys, parsed cells, texts
        self._keys = {}
        self._parsed = {}
        self._texts = {}
        # the columns of other addons (tools/importer/extensions.py)
        self.extensions = [factory(self) for factory in knowledge.get("extensions", ())]

    # -- helpers ------------------------------------------------------------------

    def _footer_rows(self, rows):
        """{row number: text} of the totals and footers among ``rows``: from the presets
        when the run validates a part of the file (they were found in the whole file)."""
        if "footer_rows" in self.presets:
            return {int(rowno): text for rowno, text in self.presets["footer_rows"].items()}
        keys = KEY_FIELDS[self.options.import_type]
        return footer_rows(rows, [self.mapping[f] for f in keys if f in self.mapping])

    def _key(self, text):
        """name_key(text), computed once per distinct text."""
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = name_key(text)
        return key

    def _cell(self, row, fname):
        index = self.mapping.get(fname)
        if index is None or index >= len(row):
            return ""
        value = row[index] or ""
        if isinstance(value, NumberCell):
            return value
        return value.strip()

    def _column(self, fname):
        index = self.mapping[fname]
        header = self.headers[index] if index < len(self.headers) else ""
        return f"{header} ({column_letter(index)})"

    def _error(self, rowno, fname, value, message):
        column = self._column(fname) if fname else ""
        self.errors.append((rowno, column, value, message))

    def _distinct(self, fname, split=False, key=None):
        """The distinct values of a column: {key: text as first written}; ``key``: the
        name key by default."""
        key = key or self._key
        values = {}
        if fname not in self.mapping:
            return values
        for _rowno, row in self.rows:
            cell = self._cell(row, fname)
            parts = cell.replace("，", ",").split(",") if split else [cell]
            for part in parts:
                text = " ".join(part.split())
                if text:
                    values.setdefault(key(text), text)
        return values

    def _users(self, fnames):
        """{key: users} of the internal users named (by name, login or e-mail) in the
        columns ``fnames``: one query."""
        values = {}
        for fname in fnames:
            for key, text in self._distinct(fname).items():
                values.setdefault(key, text)
        return self._search_names("res.users", values, [("share", "=", False)])

    def _unknown_user(self, name):
        return self.env._("no user with the name or login %(name)s", name=name)

    def _short_text(self, rowno, fname, value):
        if len(value) > SHORT_TEXT_LENGTH:
            self._error(
                rowno,
                fname,
                value,
                self.env._(
                    "%(length)s characters is too long here (at most %(max)s)",
                    length=len(value),
                    max=SHORT_TEXT_LENGTH,
                ),
            )
            return False
        return True

    # -- whole-file facts (background import) ---------------------------------------

    def file_presets(self):
        """What a chunk of the file cannot tell alone, read from all its rows: each
        column's date order and decimal separator, the rows whose contract number
        is also on an earlier row, the formula cells without a value."""
        if self.is_contract:
            self._prepare_converters(
                ["date_signed", "date_start", "date_end"], AMOUNT_FIELDS["contract"]
            )
        else:
            self._prepare_converters(["date", "next_date"], [])
        repeated = {}
        line_rows = self.line_presets() if self.is_contract else {}
        if self.is_contract and "number" in self.mapping:
            first = {}
            for rowno, row in self.rows:
                if str(rowno) in line_rows:
                    continue  # a line of the contract of the row before
                key = _number_key(self._cell(row, "number"))
                if key and key in first:
                    repeated[str(rowno)] = first[key]
                elif key:
                    first[key] = rowno
        return {
            "footer_rows": {str(rowno): text for rowno, text in self.footers},
            "date_orders": self.date_orders,
            "decimal_separators": self.decimal_separators,
            "repeated_numbers": repeated,
            "line_rows": line_rows,
            "formulas_without_value": sorted(
                getattr(self.sheet, "formulas_without_value", None) or []
            ),
        }

    def _prepare_converters(self, date_fields, amount_fields):
        numbers = NUMBER_FIELDS[self.options.import_type]
        result = super()._prepare_converters(date_fields, [*amount_fields, *numbers])
        for fname in numbers:
            self.amount_units[fname] = (1, "")  # 数量(个): a unit, no scale
        self.date_orders.update(self.presets.get("date_orders", {}))
        self.decimal_separators.update(self.presets.get("decimal_separators", {}))
        return result

    # -- validation -----------------------------------------------------------------

    def validate(self):
        self._check_lengths()
        self._check_formulas()
        self.bad_rows = {error[0] for error in self.errors}
        if self.is_contract:
            self._validate_contracts()
        else:
            self._validate_followups()

    def row_values(self):
        """The values of the rows to write (created, then updated), as validated."""
        yield from (vals for _rowno, vals in self.to_create)
        yield from (vals for _rowno, _record, vals in self.to_update)

    def _check_lengths(self):
        for rowno, row in self.rows:
            for index, cell in enumerate(row):
                if cell and len(cell) > MAX_CELL_LENGTH:
                    header = self.headers[index] if index < len(self.headers) else str(index + 1)
                    self.errors.append(
                        (
                            rowno,
                            header,
                            cell[:50] + "…",
                            self.env._(
                                "the cell holds %(length)s characters; a spreadsheet cell holds "
                                "at most %(max)s",
                                length=len(cell),
                                max=MAX_CELL_LENGTH,
                            ),
                        )
                    )

    def _check_formulas(self):
        """A formula cell without a saved value (a file written by a program, never
        opened in a spreadsheet) is refused, naming the cell: its value is unknown."""
        refs = getattr(self.sheet, "formulas_without_value", None)
        if not refs:
            return
        fields_by_letter = {column_letter(i): f for f, i in self.mapping.items()}
        data_rows = {rowno for rowno, _row in self.rows}
        for ref in sorted(refs):
            match = _CELL_REF.match(ref)
            if not match or int(match.group(2)) not in data_rows:
                continue
            fname = fields_by_letter.get(match.group(1))
            if fname:
                self._error(
                    int(match.group(2)),
                    fname,
                    "",
                    self.env._(
                        "cell %(cell)s holds a formula without a saved value: open the file "
                        "in a spreadsheet and save it, or type the value",
                        cell=ref,
                    ),
                )

    # -- contracts ------------------------------------------------------------------

    def _validate_contracts(self):
        env = self.env
        self.can_assign_others = env.user.has_group("crm_contract.crm_contract_group_user_all")
        self.partners = self._lookup("partner_id", "res.partner")
        self.users = self._users(["user_id", "company_signer_id"])
        self.types = self._named_records()
        self.signers = (
            self._search_names("res.partner", self._distinct("customer_signer_id"))
            if "customer_signer_id" in self.mapping
            else {}
        )
        self.state_by_label = {
            self._key(label): state
            for state, labels in self.knowledge["state_labels"].items()
            for label in labels
        }
        active_langs = {code for code, _name in env["res.lang"].get_installed()}
        for lang in {env.lang or "en_US", "en_US", "zh_CN"} & (active_langs | {"en_US"}):
            Contract = env["crm.contract"].with_context(lang=lang)
            for state, label in Contract._fields["state"]._description_selection(Contract.env):
                self.state_by_label.setdefault(self._key(label), state)
                self.state_by_label.setdefault(self._key(state), state)
        # Contract numbers are identifiers: matched as written (spaces trimmed).
        self.existing = {
            key: records[:1]
            for key, records in self._search_names(
                "crm.contract",
                self._distinct("number", key=_number_key),
                [("company_id", "=", env.company.id)],
                fields_=("number",),
                fuzzy=False,
            ).items()
        }
        self._prepare_converters(
            ["date_signed", "date_start", "date_end"], AMOUNT_FIELDS["contract"]
        )
        self.digits = env.company.currency_id.decimal_places
        self.today = fields.Date.context_today(env.user)
        for extension in self.extensions:
            extension.prepare()
        seen_numbers = {}
        has_lines = self.has_lines
        for rowno, group in self._contract_groups():
            row = group[0][1]
            errors_before = len(self.errors)
            record, skip = self._contract_record(rowno, row, seen_numbers)
            if skip:
                if record:
                    self.skipped += len(group) - 1  # the contract's other lines
                else:
                    self._fail_group(group, errors_before)
                continue
            vals = self._contract_vals(rowno, row, record)
            if has_lines:
                self._contract_lines(group, record, vals)
            for extension in self.extensions:
                extension.check_row(rowno, row, record, vals)
            if len(self.errors) > errors_before or any(r in self.bad_rows for r, _c in group):
                self._fail_group(group, errors_before)
                continue
            if len(group) > 1:
                self.group_rows[rowno] = [r for r, _cells in group[1:]]
            if record:
                self.to_update.append((rowno, record, vals))
            else:
                self.to_create.append((rowno, vals))

    def _fail_group(self, group, errors_before):
        """A contract of several rows with a problem is not written at all: its other
        rows say so (the file of failed rows holds the whole contract, to import again)."""
        if len(group) < 2:
            return
        failed = {error[0] for error in self.errors[errors_before:]} | (
            self.bad_rows & {rowno for rowno, _row in group}
        )
        first_failed = min(failed) if failed else group[0][0]
        for rowno, _row in group:
            if rowno not in failed:
                self.errors.append(self._same_contract_error(rowno, first_failed))

    def _contract_record(self, rowno, row, seen_numbers):
        """(existing contract of the row's number or None, whether to skip the row)."""
        number = self._cell(row, "number")
        if not number:
            return None, False
        key = _number_key(number)
        first_row = self.presets.get("repeated_numbers", {}).get(str(rowno))
        if first_row:
            seen_numbers.setdefault(key, first_row)
        if key in seen_numbers:
            self._error(
                rowno,
                "number",
                number,
                self.env._(
                    "the contract number %(number)s is also on row %(row)s",
                    number=number,
                    row=seen_numbers[key],
                ),
            )
            return None, True
        seen_numbers[key] = rowno
        record = self.existing.get(key)
        if record and self.options.existing_policy == "skip":
            self.skipped += 1
            return record, True
        return record, False

    def _contract_vals(self, rowno, row, record):
        env = self.env
        vals = {}
        number = self._cell(row, "number")
        if number and not record and self._short_text(rowno, "number", number):
            vals["number"] = number
        name = self._cell(row, "name")
        if name:
            if self._short_text(rowno, "name", name):
                vals["name"] = name
        elif not record:
            self._error(
                rowno,
                "name" if "name" in self.mapping else None,
                "",
                env._("the contract name is empty"),
            )
        customer = self._contract_customer(rowno, row, record, vals)
        for fname in ("user_id", "company_signer_id"):
            user = self._resolve(rowno, row, fname, self.users, self._unknown_user)
            if user:
                vals[fname] = user.id
        self._check_owner(rowno, row, record, vals)
        contract_type = self._resolve(
            rowno,
            row,
            "type_id",
            self.types,
            lambda name: env._("no contract type named %(name)s", name=name),
        )
        if contract_type:
            vals["type_id"] = contract_type.id
        self._contract_dates(rowno, row, record, vals)
        self._contract_state(rowno, row, record, vals)
        amount = self.to_amount(rowno, row, "amount_total", self.digits)
        if amount is not None:
            if amount < 0:
                self._error(
                    rowno,
                    "amount_total",
                    self._cell(row, "amount_total"),
                    env._("the amount cannot be negative"),
                )
            else:
                vals["amount_total"] = amount
        description = self.to_html(row, "description")
        if description:
            vals["description"] = description
        self._contract_signer(rowno, row, record, customer, vals)
        self._contract_previous(rowno, row, record, vals)  # renewals (converters)
        self._contract_members(rowno, row, record, vals)  # team members (members)
        return vals

    def _contract_customer(self, rowno, row, record, vals):
        customer_name = self._cell(row, "partner_id")
        customers = self.partners.get(self._key(customer_name)) if customer_name else None
        if customers:
            # a company and its own contacts of the same name are one customer
            if len(customers) > 1:
                companies = customers.filtered(lambda p: p == p.commercial_partner_id)
                if len(companies) == 1 and customers.commercial_partner_id == companies:
                    customers = companies
            customer = self._one(rowno, "partner_id", customer_name, customers)
            if customer:
                vals["partner_id"] = customer.id
            return customer
        customer = None
        if customer_name and self.options.create_missing_partners:
            if self._short_text(rowno, "partner_id", customer_name):
                self.new_partners.setdefault(self._key(customer_name), customer_name)
                vals["partner_id"] = ("new", self._key(customer_name))
        elif customer_name:
            self._error(
                rowno,
                "partner_id",
                customer_name,
                self.env._(
                    "no customer named %(name)s (create it first, or tick Create Missing "
                    "Customers)",
                    name=customer_name,
                ),
            )
        elif not record:
            self._error(
                rowno,
                "partner_id" if "partner_id" in self.mapping else None,
                "",
                self.env._("the customer is empty"),
            )
        return customer

    def _check_owner(self, rowno, row, record, vals):
        env = self.env
        owner = vals.get("user_id", record.user_id.id if record else env.user.id)
        if not self.can_assign_others and owner and owner != env.user.id:
            self._error(
                rowno,
                "user_id" if "user_id" in self.mapping else None,
                self._cell(row, "user_id"),
                env._("you can import only contracts of which you are the person in charge"),
            )

    def _contract_dates(self, rowno, row, record, vals):
        for fname in ("date_signed", "date_start", "date_end"):
            value = self.to_date(rowno, row, fname)
            if value:
                vals[fname] = value.date() if hasattr(value, "date") else value
        start = vals.get("date_start") or (record.date_start if record else None)
        months = self.to_months(rowno, row, "term_months")
        if months and start and not vals.get("date_end"):
            vals["date_end"] = self.knowledge["end_from_term"](start, months)
        end = vals.get("date_end") or (record.date_end if record else None)
        if start and end and end < start:
            self._error(
                rowno,
                "date_end" if "date_end" in self.mapping else "term_months",
                self._cell(row, "date_end"),
                self.env._(
                    "the end date %(end)s is before the start date %(start)s",
                    end=end,
                    start=start,
                ),
            )

    def _contract_state(self, rowno, row, record, vals):
        state_label = self._cell(row, "state")
        if state_label:
            state = self.state_by_label.get(self._key(state_label))
            if state:
                vals["state"] = state
            else:
                self._error(
                    rowno,
                    "state",
                    state_label,
                    self.env._("%(value)s is not a contract status", value=state_label),
                )
        # An Active contract whose end date has passed is Expired at import.
        end = vals.get("date_end") or (record.date_end if record else None)
        state = vals.get("state") or (record.state if record else None)
        if state == "active" and end and end < self.today:
            vals["state"] = "expired"

    def _contract_signer(self, rowno, row, record, customer, vals):
        signer_name = self._cell(row, "customer_signer_id")
        if not signer_name:
            return
        customer_name = self._cell(row, "partner_id")
        commercial = customer.commercial_partner_id if customer else None
        if not customer and record and not customer_name:
            commercial = record.commercial_partner_id
        signers = self.signers.get(self._key(signer_name), self.env["res.partner"]).filtered(
            lambda p, c=commercial: c and p.commercial_partner_id == c
        )
        if signers:
            signer = self._one(rowno, "customer_signer_id", signer_name, signers)
            if signer:
                vals["customer_signer_id"] = signer.id
        elif self.options.create_missing_partners and (commercial or customer_name):
            customer_key = commercial.id if commercial else ("new", self._key(customer_name))
            self.new_signers.setdefault((customer_key, self._key(signer_name)), signer_name)
            vals["customer_signer_id"] = ("signer", customer_key, self._key(signer_name))
        else:
            self._error(
                rowno,
                "customer_signer_id",
                signer_name,
                self.env._(
                    "%(name)s is not a contact of the customer %(customer)s",
                    name=signer_name,
                    customer=customer_name or (commercial and commercial.name) or "",
                ),
            )

    # -- follow-ups ---------------------------------------------------------------------

    def _validate_followups(self):
        env = self.env
        self.contracts = self._search_names(
            "crm.contract",
            self._distinct("contract_id", key=_number_key),
            fields_=("number",),
            fuzzy=False,
        )
        # a cell that is no contract's number may be its name
        by_name = {
            self._key(text): text
            for key, text in self._distinct("contract_id", key=_number_key).items()
            if key not in self.contracts
        }
        self.contracts_by_name = self._search_names("crm.contract", by_name) if by_name else {}
        self.types = self._named_records()
        self.users = self._users(["user_id"])
        self.contacts = (
            self._search_names("res.partner", self._distinct("contact_ids", split=True))
            if "contact_ids" in self.mapping
            else {}
        )
        self._prepare_converters(["date", "next_date"], [])
        self.can_assign_others = env.user.has_group("crm_contract.crm_contract_group_manager")
        valid = []
        for rowno, row in self.rows:
            errors_before = len(self.errors)
            vals = self._followup_vals(rowno, row)
            if len(self.errors) > errors_before or rowno in self.bad_rows:
                continue
            valid.append((rowno, vals))
        # A row repeats a follow-up (saved, or on an earlier row) of the same contract,
        # minute, type and text: importing a file twice creates nothing. The texts are
        # compared only for rows whose contract, minute and type are already taken.
        existing = self._existing_followup_texts([vals for _rowno, vals in valid])
        kept = defaultdict(list)  # (contract, minute, type): descriptions of the rows kept
        for rowno, vals in valid:
            head = self._followup_head(
                vals["contract_id"], vals.get("date"), vals.get("followup_type_id")
            )
            if head in existing or head in kept:
                taken = existing.get(head, set()) | {self._text(d) for d in kept.get(head, ())}
                if self._text(vals.get("description")) in taken:
                    self.skipped += 1
                    continue
            kept[head].append(vals.get("description"))
            self.to_create.append((rowno, vals))

    def _existing_followup_texts(self, vals_list):
        """{(contract, minute, type): texts} of the follow-ups already saved that a row
        could repeat: of the rows' contracts, in the minutes the rows' dates span (a row
        without a date gets the current time, which repeats nothing)."""
        dates = [vals["date"] for vals in vals_list if vals.get("date")]
        if not dates:
            return {}
        low = min(dates).replace(second=0, microsecond=0)
        high = max(dates).replace(second=0, microsecond=0) + timedelta(minutes=1)
        texts = defaultdict(set)
        for followup in self.env["crm.contract.followup"].search(
            [
                ("contract_id", "in", list({vals["contract_id"] for vals in vals_list})),
                ("date", ">=", low),
                ("date", "<", high),
            ]
        ):
            head = self._followup_head(
                followup.contract_id.id, followup.date, followup.followup_type_id.id
            )
            texts[head].add(self._text(followup.description))
        return texts

    def _followup_vals(self, rowno, row):
        env = self.env
        vals = {}
        number = self._cell(row, "contract_id")
        contract = self._followup_contract(rowno, number)
        if contract:
            vals["contract_id"] = contract.id
        followup_type = self._resolve(
            rowno,
            row,
            "followup_type_id",
            self.types,
            lambda name: env._("no follow-up type named %(name)s", name=name),
        )
        if followup_type:
            vals["followup_type_id"] = followup_type.id
        when = self.to_datetime(rowno, row, "date")
        if when:
            vals["date"] = when
        next_date = self.to_date(rowno, row, "next_date")
        if next_date:
            vals["next_date"] = next_date
        next_action = self._cell(row, "next_action")
        if next_action and self._short_text(rowno, "next_action", next_action):
            vals["next_action"] = next_action
        description = self.to_html(row, "description")
        if description:
            vals["description"] = description
        else:
            self._error(rowno, "description", "", env._("the follow-up content is empty"))
        self._followup_user(rowno, row, vals)
        if contract:
            self._followup_contacts(rowno, row, contract, vals)
        return vals

    def _followup_contract(self, rowno, number):
        """The contract of a follow-up row: by its number (the one of the current
        company when the number is used in several), else by its name; a name or
        number that fits several contracts is refused, naming them."""
        contracts = self.contracts.get(_number_key(number)) if number else None
        if contracts and len(contracts) > 1:
            own = contracts.filtered(lambda c: c.company_id == self.env.company)
            contracts = own if len(own) == 1 else contracts
        if not contracts and number:
            contracts = self.contracts_by_name.get(self._key(number))
        if contracts:
            return self._one(rowno, "contract_id", number, contracts)
        self._error(
            rowno,
            "contract_id",
            number,
            self.env._("no contract numbered %(number)s", number=number)
            if number
            else self.env._("the contract number is empty"),
        )
        return None

    def _followup_user(self, rowno, row, vals):
        user = self._resolve(rowno, row, "user_id", self.users, self._unknown_user)
        if user and user != self.env.user and not self.can_assign_others:
            self._error(
                rowno,
                "user_id",
                self._cell(row, "user_id"),
                self.env._("you can import only your own follow-ups"),
            )
        elif user:
            vals["user_id"] = user.id

    def _followup_contacts(self, rowno, row, contract, vals):
        contact_cell = self._cell(row, "contact_ids")
        if not contact_cell:
            return
        ids = []
        for name in contact_cell.replace("，", ",").split(","):
            if not name.strip():
                continue
            matches = self.contacts.get(self._key(name), self.env["res.partner"]).filtered(
                lambda p, c=contract: p.commercial_partner_id == c.commercial_partner_id
            )
            if matches:
                match = self._one(rowno, "contact_ids", name.strip(), matches)
                if match:
                    ids.append(match.id)
            else:
                self._error(
                    rowno,
                    "contact_ids",
                    name.strip(),
                    self.env._(
                        "%(name)s is not a contact of the customer %(customer)s",
                        name=name.strip(),
                        customer=contract.commercial_partner_id.name,
                    ),
                )
        vals["contact_ids"] = [fields.Command.set(ids)]

    def _followup_head(self, contract_id, when, type_id):
        minute = fields.Datetime.to_string(when)[:16] if when else ""
        return (contract_id, minute, type_id or False)

    def _text(self, description):
        """The text of an HTML description, spaces collapsed (computed once)."""
        text = self._texts.get(description)
        if text is None:
            text = self._texts[description] = " ".join(html2plaintext(description or "").split())
        return text
