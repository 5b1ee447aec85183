"""The Invoice Number column of the contract import (a ``RowExtension`` of crm_contract's
import engine): a contract of the file that is already invoiced names its posted customer
invoices, one or several (separated by commas, semicolons or 、). Each invoice becomes one
instalment of the contract (its total, taxes included, due on its due date), its product
lines bill that instalment, the invoice is the contract's, and the receipts follow what
accounting says has paid it.

An invoice is matched by its number (``name``, as written: numbers are identifiers, the
customer's reference is not one) among the invoices the importing user may read, with one
search for all the numbers of the run (a chunk in the background). A number is refused,
with the contract's row, when it is no posted customer invoice of the row's customer, in
the company and currency of the contract, or when it is linked to another contract or
named on another row; a contract with invoices must be signed (active or expired) and its
invoices may not come to more than its amount. Only users with billing rights link
invoices; and only to the contracts the import creates (a contract that exists already
keeps the invoices linked to it, others are refused)."""

import re
from collections import defaultdict

from odoo.addons.crm_contract.tools.importer.extensions import RowExtension
from odoo.addons.crm_contract.tools.importer.lookups import number_key
from odoo.addons.crm_contract.tools.states import SIGNED_STATES

BILLING_GROUP = "account.group_account_invoice"
FIELD = "invoice_number"
_SEPARATORS = re.compile(r"[,，;；、]")


def split_numbers(cell):
    """The invoice numbers of a cell, as written (spaces trimmed), without repeats."""
    numbers = []
    for part in _SEPARATORS.split(cell or ""):
        number = number_key(part)
        if number and number not in numbers:
            numbers.append(number)
    return numbers


class InvoiceNumbers(RowExtension):
    """The Invoice Number column over one run."""

    def __init__(self, run):
        super().__init__(run)
        self.invoices = {}  # number: invoices of that number (several companies)
        self.by_row = {}  # row number: the invoices to link to its contract
        self.seen = {}  # invoice id: the row naming it first
        self.active = self.allowed = False

    def prepare(self):
        run = self.run
        env = run.env
        self.active = FIELD in run.mapping
        if not self.active:
            return
        numbers = {n for _rowno, row in run.rows for n in split_numbers(run._cell(row, FIELD))}
        self.allowed = env.su or env.user.has_group(BILLING_GROUP)
        if numbers and self.allowed:
            found = defaultdict(lambda: env["account.move"])
            for move in env["account.move"].search([("name", "in", sorted(numbers))]):
                found[move.name] |= move
            self.invoices = dict(found)

    def check_row(self, rowno, row, record, vals):
        if not self.active:
            return
        run = self.run
        cell = run._cell(row, FIELD)
        numbers = split_numbers(cell)
        if not numbers:
            return
        env = run.env
        if not self.allowed:
            run._error(
                rowno,
                FIELD,
                cell,
                env._("only users with billing rights (Invoicing) link contracts to invoices"),
            )
            return
        invoices = env["account.move"]
        for number in numbers:
            invoice = self._invoice(rowno, row, number, record, vals)
            if invoice:
                invoices |= invoice
        if record:
            linked = invoices.filtered(lambda m: m.contract_id == record)
            others = invoices - linked
            if others:
                run._error(
                    rowno,
                    FIELD,
                    cell,
                    env._(
                        "contract %(contract)s exists already: invoices are linked only to the "
                        "contracts an import creates (%(invoices)s are not linked to it; use "
                        "Create Invoice on its instalments)",
                        contract=record.display_name,
                        invoices=", ".join(others.mapped("name")),
                    ),
                )
            return  # the invoices already linked to it: nothing to do
        state = vals.get("state", "draft")
        if state not in SIGNED_STATES:
            labels = dict(env["crm.contract"]._fields["state"]._description_selection(env))
            run._error(
                rowno,
                FIELD,
                cell,
                env._(
                    "only a signed contract (active or expired) has invoices; this one is "
                    "imported as %(state)s",
                    state=labels.get(state, state),
                ),
            )
        currency = env.company.currency_id
        amount = vals.get("amount_total")
        if amount is None:  # a contract with product lines: their sum
            lines = [c[2] for c in vals.get("line_ids", ()) if c[0] == 0 and c[2].get("product_id")]
            amount = currency.round(sum(run._subtotal(line) for line in lines))
        total = sum(invoices.mapped("amount_total"))
        if invoices and currency.compare_amounts(total, amount) > 0:
            run._error(
                rowno,
                FIELD,
                cell,
                env._(
                    "the invoices come to %(total)s (taxes included), more than the contract "
                    "amount %(amount)s",
                    total=currency.format(total),
                    amount=currency.format(amount),
                ),
            )
        self.by_row[rowno] = invoices

    def _invoice(self, rowno, row, number, record, vals):
        """The invoice ``number`` names for the contract of the row, or None (refused)."""
        run = self.run
        env = run.env
        candidates = self.invoices.get(number, env["account.move"])
        company = record.company_id if record else env.company
        invoice = candidates.filtered(lambda m: m.company_id == company) or candidates
        why = None
        if not invoice:
            why = env._(
                "no invoice numbered %(number)s in %(company)s", number=number, company=company.name
            )
        elif len(invoice) > 1:
            why = env._(
                "%(number)s fits several entries: %(entries)s",
                number=number,
                entries=", ".join(invoice.mapped("display_name")),
            )
        elif invoice.move_type != "out_invoice":
            why = env._(
                "%(number)s is not a customer invoice (%(type)s)",
                number=number,
                type=dict(invoice._fields["move_type"]._description_selection(env))[
                    invoice.move_type
                ],
            )
        elif invoice.state != "posted":
            why = env._(
                "invoice %(number)s is not posted (%(state)s): post it first",
                number=number,
                state=dict(invoice._fields["state"]._description_selection(env))[invoice.state],
            )
        elif invoice.company_id != company:
            why = env._(
                "invoice %(number)s belongs to %(company)s, the contract to %(contract)s",
                number=number,
                company=invoice.company_id.name,
                contract=company.name,
            )
        else:
            why = self._mismatch(rowno, row, invoice, record, vals)
        if why:
            run._error(rowno, FIELD, number, why)
            return None
        return invoice

    def _mismatch(self, rowno, row, invoice, record, vals):
        """Why ``invoice`` cannot be the row's contract's, or None."""
        run = self.run
        env = run.env
        number = invoice.name
        partner = vals.get("partner_id") or (record.partner_id.id if record else None)
        customer = (
            env["res.partner"].browse(partner).commercial_partner_id
            if isinstance(partner, int)
            else None
        )
        if customer != invoice.commercial_partner_id:
            return env._(
                "invoice %(number)s is for %(partner)s, not for the contract's customer "
                "%(customer)s",
                number=number,
                partner=invoice.commercial_partner_id.display_name,
                customer=customer.display_name if customer else run._cell(row, "partner_id"),
            )
        currency = record.currency_id if record else env.company.currency_id
        if invoice.currency_id != currency:
            return env._(
                "invoice %(number)s is in %(currency)s, the contract in %(contract)s",
                number=number,
                currency=invoice.currency_id.name,
                contract=currency.name,
            )
        linked = invoice.contract_id or invoice.invoice_line_ids.crm_contract_plan_id.contract_id
        if linked and linked != record:
            return env._(
                "invoice %(number)s is already linked to contract %(contract)s",
                number=number,
                contract=", ".join(linked.mapped("display_name")),
            )
        first = self.seen.setdefault(invoice.id, rowno)
        if first != rowno:
            return env._("invoice %(number)s is also on row %(row)s", number=number, row=first)
        return None

    def after_write(self, written):
        """For each invoice of a contract just created: one instalment of its total, due on
        its due date, billed by its product lines; the invoice is the contract's; then the
        receipts of what has paid it."""
        pairs = [
            (contract, invoice)
            for rowno, contract in written
            for invoice in self.by_row.get(rowno, ())
        ]
        if not pairs:
            return
        env = self.run.env
        pairs.sort(key=lambda p: (p[0].id, p[1].invoice_date_due or p[1].invoice_date, p[1].id))
        plans = env["crm.contract.payment.plan"].create(
            [
                {
                    "contract_id": contract.id,
                    "amount": invoice.amount_total,
                    "date_due": invoice.invoice_date_due or invoice.invoice_date,
                    "note": invoice.name,
                }
                for contract, invoice in pairs
            ]
        )
        invoices = env["account.move"]
        for (contract, invoice), plan in zip(pairs, plans, strict=True):
            invoice.write({"contract_id": contract.id})
            invoice.invoice_line_ids.filtered(lambda line: line.display_type == "product").write(
                {"crm_contract_plan_id": plan.id}
            )
            invoices |= invoice
        invoices._crm_contract_sync_receipts()
