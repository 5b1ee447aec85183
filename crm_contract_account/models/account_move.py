from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.addons.crm_contract.tools.guards import internal_context
from odoo.exceptions import UserError
from odoo.osv import expression

from .account_move_line import LINKING, check_link_access
from .crm_contract_payment import FROM_ACCOUNTING
from .crm_contract_payment_plan import PROTECTED_FIELDS

# How many times the unit price of an invoice line is corrected for the taxes' rounding.
PRICE_FIX_ROUNDS = 3


class AccountMove(models.Model):
    _inherit = "account.move"

    contract_id = fields.Many2one(
        "crm.contract",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        copy=False,
        help="The contract whose instalments this invoice bills. Its credit notes keep it.",
    )
    crm_contract_plan_ids = fields.Many2many(
        "crm.contract.payment.plan",
        string="Contract Instalments",
        compute="_compute_crm_contract_plan_ids",
        help="The contract instalments the lines of this invoice bill.",
    )

    @api.depends("invoice_line_ids.crm_contract_plan_id")
    def _compute_crm_contract_plan_ids(self):
        for move in self:
            move.crm_contract_plan_ids = move.invoice_line_ids.crm_contract_plan_id

    @api.constrains("contract_id", "invoice_line_ids", "partner_id", "company_id")
    def _check_crm_contract(self):
        # read as superuser: an accountant without contract rights posts, reverses and
        # copies the invoices of contracts
        for move in self.sudo().filtered(
            lambda m: m.contract_id or m.line_ids.crm_contract_plan_id
        ):
            plans = move.line_ids.crm_contract_plan_id
            if move.contract_id.company_id and move.contract_id.company_id != move.company_id:
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s of %(company)s cannot bill contract %(contract)s of "
                        "%(contract_company)s.",
                        invoice=move.display_name,
                        company=move.company_id.display_name,
                        contract=move.contract_id.display_name,
                        contract_company=move.contract_id.company_id.display_name,
                    )
                )
            if not move.contract_id:
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s bills contract instalments (%(plans)s): it needs "
                        "their contract (Contract field).",
                        invoice=move.display_name,
                        plans=", ".join(plans.mapped("display_name")),
                    )
                )
            other = plans.filtered(lambda p, move=move: p.contract_id != move.contract_id)
            if other:
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s bills instalments of another contract than "
                        "%(contract)s: %(plans)s.",
                        invoice=move.display_name,
                        contract=move.contract_id.display_name,
                        plans=", ".join(other.mapped("display_name")),
                    )
                )
            contract_partner = move.contract_id.commercial_partner_id
            if move.commercial_partner_id and move.commercial_partner_id != contract_partner:
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s is for %(partner)s, but contract %(contract)s is "
                        "with %(customer)s.",
                        invoice=move.display_name,
                        partner=move.commercial_partner_id.display_name,
                        contract=move.contract_id.display_name,
                        customer=contract_partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_link_access(
            self, {vals["contract_id"] for vals in vals_list if vals.get("contract_id")}, []
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("contract_id"):
            check_link_access(self, [vals["contract_id"]], [])
        return super().write(vals)

    def _reverse_moves(self, default_values_list=None, cancel=False):
        # a credit note stays on its invoice's contract and instalments, whoever reverses it
        # (an accountant without contract rights too)
        if not default_values_list:
            default_values_list = [{} for _move in self]
        for move, default_values in zip(self, default_values_list, strict=True):
            if move.contract_id:
                default_values.setdefault("contract_id", move.contract_id.id)
        reversals = super(AccountMove, internal_context(self, LINKING))._reverse_moves(
            default_values_list=default_values_list, cancel=cancel
        )
        return reversals.with_env(self.env)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted.invoice_line_ids.crm_contract_plan_id._check_not_overinvoiced()
        return posted

    # ------------------------------------------------------------------
    # Receipts that follow accounting
    # ------------------------------------------------------------------

    def _crm_contract_invoices(self):
        """The customer invoices of contracts among ``self``."""
        return self.filtered(
            lambda m: m.move_type == "out_invoice" and m.invoice_line_ids.crm_contract_plan_id
        )

    def _crm_contract_payment_entries(self):
        """What has paid this invoice: a list of {amount (in the invoice's currency), date,
        reference, partial, payment}, one per reconciliation with a payment, a bank line or
        a journal entry (credit notes are not payments: they reduce what is invoiced), and
        one per payment without a journal entry matched to the invoice (a payment method
        without an outstanding account), unless a reconciliation already settles it."""
        self.ensure_one()
        entries = []
        if self.state != "posted":
            return entries
        term_lines = self.line_ids.filtered(lambda line: line.display_type == "payment_term")
        moveless = self.matched_payment_ids.filtered(
            lambda p: not p.move_id and p.state in ("in_process", "paid")
        )
        settled = self.env["account.payment"]
        for partial in term_lines.matched_credit_ids.sorted("id"):
            counterpart = partial.credit_move_id
            if counterpart.move_id.is_invoice(include_receipts=True):
                continue
            amount = partial.debit_amount_currency
            # the moveless payment this reconciliation settles (as Odoo pairs them: the same
            # amount), or the payment of the journal entry
            payment = counterpart.move_id.origin_payment_id
            if not payment:
                payment = (moveless - settled).filtered(
                    lambda p, amount=amount: not p.currency_id.compare_amounts(p.amount, amount)
                )[:1]
                settled |= payment
            entries.append(
                {
                    "amount": amount,
                    "date": counterpart.date,
                    "reference": self._crm_contract_reference(counterpart.move_id, payment),
                    "number": payment.name or counterpart.move_id.name,
                    "partial": partial,
                    "payment": payment,
                }
            )
        for payment in (moveless - settled).sorted("id"):
            entries.append(
                {
                    "amount": payment._crm_contract_amount_for(self),
                    "date": payment.date,
                    "reference": self._crm_contract_reference(None, payment),
                    "number": payment.name,
                    "partial": self.env["account.partial.reconcile"],
                    "payment": payment,
                }
            )
        return [entry for entry in entries if entry["amount"] > 0]

    @api.model
    def _crm_contract_reference(self, move, payment):
        if payment:
            return " - ".join(filter(None, [payment.name, payment.memo]))
        if move.statement_line_id:
            return move.statement_line_id.payment_ref or move.name
        return move.ref or move.name

    def _crm_contract_sync_receipts(self):
        """Bring the contract receipts of these invoices in line with what accounting says
        has paid them: a confirmed receipt per payment (and instalment), created once, and
        cancelled (never deleted) when the payment no longer pays the invoice."""
        invoices = self._crm_contract_invoices()
        if not invoices:
            return
        Receipt = internal_context(self.env["crm.contract.payment"].sudo(), FROM_ACCOUNTING)
        splits = [
            (invoice, entry, plan, amount)
            for invoice in invoices.sudo()
            for entry, plan, amount in invoice._crm_contract_split_entries()
        ]
        # one search: the receipts of these invoices, and those holding the numbers the new
        # ones would take
        numbers = sorted({entry["number"] for _i, entry, _p, _a in splits if entry["number"]})
        found = Receipt.search(
            expression.OR(
                [[("invoice_id", "in", invoices.ids)]]
                + [[("number", "=like", f"{number}%")] for number in numbers]
            )
        )
        existing = found.filtered(lambda r: r.invoice_id in invoices and r.state == "confirmed")
        by_key = {receipt._crm_contract_key(): receipt for receipt in existing}
        keep = Receipt
        to_create = []
        for invoice, entry, plan, amount in splits:
            key = (entry["partial"].id, entry["payment"].id, plan.id)
            receipt = by_key.get(key)
            if not receipt and entry["partial"] and entry["payment"]:
                # the payment without journal entry counted before its bank line was
                # reconciled: the same money, now settled by the reconciliation
                receipt = by_key.get((False, entry["payment"].id, plan.id))
                if receipt and receipt not in keep:
                    receipt.account_partial_id = entry["partial"]
            if receipt and receipt not in keep:
                keep |= receipt
                continue
            to_create.append(invoice._crm_contract_receipt_vals(entry, plan, amount))
        taken = {(receipt.company_id.id, receipt.number) for receipt in found}
        # what these instalments invoice does not change with their receipts from accounting
        # (only receipts typed by hand count there): not recomputed for them
        Plan = self.env["crm.contract.payment.plan"]
        invoice_fields = [Plan._fields[fname] for fname in PROTECTED_FIELDS]
        with self.env.protecting(invoice_fields, invoices.invoice_line_ids.crm_contract_plan_id):
            (existing - keep)._crm_contract_cancel_from_accounting()
            if to_create:
                Receipt._crm_contract_create_from_accounting(to_create, taken)

    def _crm_contract_split_entries(self):
        """(entry, instalment, amount in the contract's currency) for each payment entry of
        this invoice, shared out to its instalments in instalment order up to what the
        invoice bills for each (the last instalment takes what is left)."""
        self.ensure_one()
        contract = self.contract_id or self.invoice_line_ids.crm_contract_plan_id.contract_id[:1]
        currency = contract.currency_id
        capacity = defaultdict(float)
        for line in self.invoice_line_ids.filtered("crm_contract_plan_id"):
            capacity[line.crm_contract_plan_id] += line.price_total
        plans = list(capacity)
        if len(plans) > 1:
            plans.sort(key=lambda p: (p.date_due, p.installment, p.id))
        result = []
        for entry in sorted(
            self._crm_contract_payment_entries(), key=lambda e: (e["date"], e["partial"].id)
        ):
            amount = entry["amount"]
            if self.currency_id != currency:
                amount = self.currency_id._convert(amount, currency, self.company_id, entry["date"])
            for index, plan in enumerate(plans):
                if currency.compare_amounts(amount, 0) <= 0:
                    break
                last = index == len(plans) - 1
                share = amount if last else min(amount, max(capacity[plan], 0.0))
                share = currency.round(share)
                if currency.compare_amounts(share, 0) > 0:
                    result.append((entry, plan, share))
                    capacity[plan] -= share
                    amount -= share
        return result

    def _crm_contract_receipt_vals(self, entry, plan, amount):
        return {
            "contract_id": self.contract_id.id,
            "company_id": self.company_id.id,
            "plan_id": plan.id,
            "invoice_id": self.id,
            "account_partial_id": entry["partial"].id,
            "account_payment_id": entry["payment"].id,
            "amount": amount,
            "date": entry["date"],
            "reference": entry["reference"],
            "number": entry["number"],
            # the accounting journal says how it was paid, not the contract's payment methods
            "payment_method_id": False,
            "state": "confirmed",
        }

    def _crm_contract_fix_totals(self, target):
        """Correct the unit prices until the lines of each instalment and contract line come,
        taxes included, to what they bill (``target``: {(instalment id, contract line id or
        False): amount}): the taxes of a price given without them round by the cent."""
        self.ensure_one()
        currency = self.currency_id
        for round_ in range(PRICE_FIX_ROUNDS + 1):
            fixes = []
            for key, amount in target.items():
                lines = self.invoice_line_ids.filtered(
                    lambda line, key=key: line.display_type == "product"
                    and (line.crm_contract_plan_id.id, line.crm_contract_line_id.id) == key
                )
                difference = currency.round(amount - sum(lines.mapped("price_total")))
                if currency.is_zero(difference) or not lines:
                    continue
                line = max(lines, key=lambda line: abs(line.price_total))
                if not line.price_total:
                    continue
                if round_ == PRICE_FIX_ROUNDS:
                    # a unit price of the price's precision cannot reach every total once a
                    # tax excluded from it is added (700.00 at 15%: 608.69 makes 699.99,
                    # 608.70 makes 700.01): the cents left go on a line without taxes
                    fixes.append(Command.create(line._crm_contract_rounding_vals(difference)))
                    continue
                fixes.append(
                    Command.update(
                        line.id,
                        {
                            "price_unit": line.price_unit
                            + difference * line.price_unit / line.price_total
                        },
                    )
                )
            if not fixes:
                return
            self.write({"invoice_line_ids": fixes})

    def _crm_contract_action_view(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(self) == 1:
            action.update(
                {"views": [(self.env.ref("account.view_move_form").id, "form")], "res_id": self.id}
            )
        else:
            action["domain"] = [("id", "in", self.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_crm_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.contract",
            "res_id": self.contract_id.id,
            "view_mode": "form",
        }
