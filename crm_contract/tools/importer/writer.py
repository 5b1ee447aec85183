"""Writing the validated rows through the ORM, in chunks of batched ``create``."""

from psycopg2 import errors as pg_errors

from ..guards import internal_context
from .markers import IMPORT, IMPORT_PAST_ACTIVITIES, import_job_context

CHUNK_SIZE = 1000


def _chunks(items):
    return [items[start : start + CHUNK_SIZE] for start in range(0, len(items), CHUNK_SIZE)]


class RowWriter:
    """Mixed into the import run: writes ``to_create`` and ``to_update`` and creates the
    missing customers and signers first."""

    def write_rows(self):
        """Creates, then updates, by chunks of CHUNK_SIZE rows: a chunk that the database
        refuses is written again row by row to find the culprit."""
        if self.new_partners or self.new_signers:
            self._create_partners()
        if self.new_products:
            self._create_products()
        # No chatter work per created row (creation message, assignment e-mail, one
        # follower insert per record): the persons in charge follow their contracts
        # through one subscription per person below. Updates keep their tracking.
        model = self.model.with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_activity_quick_update=True,
        )
        model = internal_context(model, IMPORT)
        if self.options.create_past_activities:
            model = internal_context(model, IMPORT_PAST_ACTIVITIES)
        if self.job:
            # the records created carry their import record
            model = import_job_context(model, self.job)
        created = self.model.union(
            *(
                self._write_chunk(chunk, lambda items: self._create(model, items))
                for chunk in _chunks(self.to_create)
            )
        )
        updated = self.model.union(
            *(self._write_chunk(chunk, self._update) for chunk in _chunks(self.to_update))
        )
        if self.is_contract and created:
            self._subscribe_persons_in_charge(created)
        self.created += len(created)
        self.updated += len(updated)
        self.created_records = created
        self.written = created | updated

    def _create(self, model, items):
        """Creates the records of (row number, values) ``items``, in one batch; the product
        lines of the contracts next, in one batch too."""
        lines = []
        vals_list = []
        for _rowno, row_vals in items:
            vals = dict(row_vals)
            lines.append(vals.pop("line_ids", ()))
            vals_list.append(vals)
        records = model.create(vals_list)
        lines = [[dict(command[2]) for command in commands] for commands in lines]
        if any(lines):
            self._line_descriptions(records, lines)
        line_vals = [
            dict(line, contract_id=record.id)
            for record, items in zip(records, lines, strict=True)
            for line in items
        ]
        if line_vals:
            # The lines of contracts this import has just created, signed ones too: written
            # as a contract created with its lines gets them (the lines of a contract that
            # existed before are never written so: the run refuses them unless the
            # contract is a draft).
            Line = model.env[self.knowledge["line_model"]]
            internal_context(Line, self.knowledge["lines_marker"]).create(line_vals)
        self._after_write(
            [(rowno, record) for (rowno, _v), record in zip(items, records, strict=True)]
        )
        return records

    def _update(self, items):
        """Writes the values of each (row number, record, values) item: the records."""
        for _rowno, record, vals in items:
            record.write(vals)
        self._after_write([(rowno, record) for rowno, record, _vals in items])
        return self.model.browse([record.id for _rowno, record, _vals in items])

    def _after_write(self, written):
        """What the columns of other addons write once the rows' records are written
        (in the chunk's savepoint: a refusal is the row's)."""
        for extension in self.extensions:
            extension.after_write(written)

    def _subscribe_persons_in_charge(self, contracts):
        """Each person in charge follows the contracts just created for them: one
        batched create of followers (the contracts are new, created without any
        follower, so none exists yet)."""
        self.env["mail.followers"].sudo().create(
            [
                {
                    "res_model": contracts._name,
                    "res_id": contract.id,
                    "partner_id": contract.user_id.partner_id.id,
                }
                for contract in contracts
                if contract.user_id.partner_id
            ]
        )

    def _write_chunk(self, items, writer):
        """``writer(items)`` (items: tuples starting with the row number) in a savepoint,
        flushed: the records written. A chunk the database or the ORM refuses is written
        again row by row, to name the culprit (its error, on its row)."""
        try:
            with self.env.cr.savepoint():
                records = writer(items)
                self.env.flush_all()
            return records
        except Exception as exc:  # noqa: BLE001  (database and ORM refusals)
            self.env.invalidate_all()
            if len(items) == 1:
                rowno = items[0][0]
                self.errors.append((rowno, "", "", self._refusal_message(exc)))
                # the other rows (lines) of the contract refused are not written either
                self.errors.extend(
                    self._same_contract_error(other, rowno)
                    for other in self.group_rows.get(rowno, ())
                )
                return self.model
            return self.model.union(*(self._write_chunk([item], writer) for item in items))

    def _refusal_message(self, exc):
        if isinstance(exc, pg_errors.UniqueViolation) and "number_company_uniq" in str(exc):
            return self.env._(
                "this contract number is already used by another contract of the company "
                "(saved in the meantime, by another import for instance)"
            )
        message = exc.args[0] if exc.args else str(exc)
        return str(message).splitlines()[0]

    def _create_products(self):
        """The missing products the lines name, once per name (with the reference and
        the unit of the first row naming them), then put into the lines."""
        items = list(self.new_products.items())
        vals_list = []
        for _key, new in items:
            vals = {"name": new["name"], "default_code": new["default_code"]}
            if new.get("uom_id"):
                vals.update(uom_id=new["uom_id"].id, uom_po_id=new["uom_id"].id)
            vals_list.append(vals)
        products = self.env["product.product"].create(vals_list)
        created = {key: product.id for (key, _new), product in zip(items, products, strict=True)}
        for items_ in (self.to_create, [(r, v) for r, _rec, v in self.to_update]):
            for _rowno, vals in items_:
                for command in vals.get("line_ids", ()):
                    product = command[2].get("product_id") if command[0] == 0 else None
                    if isinstance(product, tuple):
                        command[2]["product_id"] = created[product[1]]

    def _create_partners(self):
        Partner = self.env["res.partner"]
        created = {}
        if self.new_partners:
            names = list(self.new_partners.items())
            companies = Partner.create([{"name": name, "is_company": True} for _k, name in names])
            created = {key: company for (key, _n), company in zip(names, companies, strict=True)}
        signers = {}
        if self.new_signers:
            items = list(self.new_signers.items())
            vals_list = []
            for (customer_key, _signer_key), name in items:
                parent = (
                    created[customer_key[1]]
                    if isinstance(customer_key, tuple)
                    else Partner.browse(customer_key)
                )
                vals_list.append({"name": name, "parent_id": parent.id, "type": "contact"})
            for (key, _name), signer in zip(items, Partner.create(vals_list), strict=True):
                signers[key] = signer
        for items in (self.to_create, [(r, v) for r, _rec, v in self.to_update]):
            for _rowno, vals in items:
                partner = vals.get("partner_id")
                if isinstance(partner, tuple):
                    vals["partner_id"] = created[partner[1]].id
                signer = vals.get("customer_signer_id")
                if isinstance(signer, tuple):
                    vals["customer_signer_id"] = signers[(signer[1], signer[2])].id
