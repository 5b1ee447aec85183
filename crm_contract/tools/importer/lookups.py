"""Finding the records the cells of a file name: one query per batch of distinct values,
names compared by ``name_key`` (NFKC, brackets, spaces, case).

A name may fit several records (two users, customers or contacts of one name, a contract
number in two companies): the row is refused, the message names the candidates and what
tells them apart (login or e-mail of users; reference, tax ID or e-mail of partners; the
number of contracts), and the file may name the one meant by it. The first match is never
taken."""

from collections import defaultdict

from odoo.osv import expression

from .values import name_key, name_pattern

# Candidates named in a message, then "…"
CANDIDATES_SHOWN = 5
# What tells records of a model apart, and may be written instead of their name: looked
# up as identifiers, before names
IDENTIFIERS = {
    "res.users": ("login", "email_normalized"),
    "res.partner": ("ref", "vat", "email_normalized"),
    "product.product": ("default_code", "barcode"),
}


def number_key(value):
    return " ".join((value or "").split())


class NameLookups:
    """Mixed into the import run: needs ``self.env``, ``self.knowledge``, ``self._cell``,
    ``self._key``, ``self._distinct`` and ``self._error``."""

    def _search_names(self, model, values, extra_domain=None, fields_=("name",), fuzzy=True):
        """{key: records} of ``model`` whose name (or another field of ``fields_``), or
        identifier (IDENTIFIERS: a login, an e-mail, a reference), has the key of one of
        ``values`` ({key: text}). An identifier wins over names: a cell that is one
        user's login names that user, whatever the others are called. One query for
        the values written as stored, then (``fuzzy``) one per 100 values by ``=ilike``
        patterns of the names that ignore case, brackets and spaces (every spelling of
        a name is a candidate)."""
        Model = self.env[model]
        by_name = defaultdict(lambda: Model)
        by_identifier = defaultdict(lambda: Model)
        key = name_key if fuzzy else number_key
        identifiers = IDENTIFIERS.get(model, ()) if fuzzy else ()

        def collect(domain):
            for record in Model.search(expression.AND([domain, extra_domain or []])):
                for fname in fields_:
                    if record[fname]:
                        by_name[key(record[fname])] |= record
                for fname in identifiers:
                    if record[fname]:
                        by_identifier[key(record[fname])] |= record

        if values:
            texts = list(values.values())
            domains = [[(f, "in", texts)] for f in fields_]
            for fname in identifiers:
                if fname.startswith("email"):
                    emails = [t.casefold() for t in texts if "@" in t]
                    if emails:
                        domains.append([(fname, "in", emails)])
                else:
                    domains.append([(fname, "in", texts)])
            collect(expression.OR(domains))
        # every key again by patterns: the other spellings of a name found as written
        # (TWIN  trading beside Twin Trading) are candidates too
        keys = sorted(k for k in values if k not in by_identifier)
        for start in range(0, len(keys) if fuzzy else 0, 100):
            chunk = keys[start : start + 100]
            collect(
                expression.OR(
                    [[(f, "=ilike", name_pattern(values[k]))] for k in chunk for f in fields_]
                )
            )
        found = dict(by_name)
        found.update(by_identifier)
        return found

    def _lookup(self, fname, model, fields_=("name",), extra_domain=None):
        """{key: records} of the distinct values of the column ``fname``."""
        values = self._distinct(fname)
        return self._search_names(model, values, extra_domain, fields_) if values else {}

    def _named_records(self):
        """{name key: records} of the types (``knowledge["type_model"]``), by their name
        in every language, then, for a key no name has, by the aliases of the seeded
        ones (``knowledge["type_aliases"]``): found whatever the user's language. Two
        types of one name give both: the cell is refused."""
        records = self.env[self.knowledge["type_model"]].search([])
        ids = defaultdict(set)
        for record in records:
            ids[self._key(record.name)].add(record.id)
        if records and records._fields["name"].translate:
            # every translation of the name at once (en_US, zh_CN, ...), read only
            self.env.cr.execute(
                f'SELECT id, name FROM "{records._table}" WHERE id IN %s', [tuple(records.ids)]
            )
            for record_id, names in self.env.cr.fetchall():
                for name in (names or {}).values():
                    ids[self._key(name)].add(record_id)
        aliases = defaultdict(set)
        for xmlid, names in self.knowledge["type_aliases"].items():
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if record and record.active:
                for name in names:
                    if self._key(name) not in ids:
                        aliases[self._key(name)].add(record.id)
        ids.update(aliases)
        return {key: records.browse(sorted(record_ids)) for key, record_ids in ids.items()}

    def _resolve(self, rowno, row, fname, lookup, message):
        """The record a cell names, from ``lookup`` ({key: records}); when the cell names
        nothing known, an error built by ``message(text)``; when it names several
        records, an error naming them. None for an empty cell."""
        text = self._cell(row, fname)
        if not text:
            return None
        records = lookup.get(self._key(text))
        if not records:
            self._error(rowno, fname, text, message(text))
            return None
        return self._one(rowno, fname, text, records)

    def _one(self, rowno, fname, text, records):
        """``records`` when there is one; several: an error naming them, None."""
        if len(records) == 1:
            return records
        self._error(rowno, fname, text, self._ambiguous_message(text, records))
        return None

    def _ambiguous_message(self, text, records):
        env = self.env
        shown = ", ".join(self._candidate(r) for r in records[:CANDIDATES_SHOWN])
        if len(records) > CANDIDATES_SHOWN:
            shown += ", …"
        if records._name == "res.users":
            return env._(
                "%(value)s fits several users: %(candidates)s; write the login or the e-mail "
                "of the one meant",
                value=text,
                candidates=shown,
            )
        if records._name == "res.partner":
            return env._(
                "%(value)s fits several contacts: %(candidates)s; write the reference, the "
                "tax ID or the e-mail of the one meant (a reference or tax ID can be set "
                "on the contact first)",
                value=text,
                candidates=shown,
            )
        if records._name == "crm.contract":
            return env._(
                "%(value)s fits several contracts: %(candidates)s; write the contract number "
                "of the one meant",
                value=text,
                candidates=shown,
            )
        if records._name == "product.product":
            return env._(
                "%(value)s fits several products: %(candidates)s; write the internal "
                "reference of the one meant (in the product column or the internal "
                "reference column)",
                value=text,
                candidates=shown,
            )
        return env._(
            "%(value)s fits several records: %(candidates)s; rename one of them",
            value=text,
            candidates=shown,
        )

    def _candidate(self, record):
        """A record as a candidate: its name and what tells it apart from the others."""
        record = record.sudo()
        if record._name == "res.users":
            details = [record.login, record.email if record.email != record.login else None]
        elif record._name == "res.partner":
            details = [
                self._labelled(record, fname) for fname in ("ref", "vat", "email") if record[fname]
            ]
            if record.parent_id:
                details.append(record.parent_id.name)
            return self._with_details(record.name, details or [f"id {record.id}"])
        elif record._name == "crm.contract":
            return self._with_details(record.number, [record.name, record.company_id.name])
        elif record._name == "product.product":
            details = [
                self._labelled(record, fname)
                for fname in ("default_code", "barcode")
                if record[fname]
            ]
            return self._with_details(record.name, details or [f"id {record.id}"])
        else:
            details = [f"id {record.id}"]
        return self._with_details(record.display_name, details)

    def _labelled(self, record, fname):
        label = record._fields[fname].get_description(self.env)["string"]
        return f"{label} {record[fname]}"

    @staticmethod
    def _with_details(name, details):
        details = [d for d in details if d]
        return f"{name} ({', '.join(details)})" if details else name or ""
