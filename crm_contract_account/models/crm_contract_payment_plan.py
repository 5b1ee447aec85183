"""Invoices from instalments: Create Invoice, what each instalment has invoiced (credit
notes deducted), and the lock of an invoiced instalment."""

from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.addons.crm_contract.tools.guards import check_protected_fields, check_record_access
from odoo.addons.crm_contract.tools.states import SIGNED_STATES
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round

BILLING_GROUP = "account.group_account_invoice"
# What an invoiced instalment keeps until a credit note gives its amount back.
INVOICED_FIELDS = ("amount", "date_due")
PROTECTED_FIELDS = ("amount_invoiced", "amount_to_invoice", "invoice_status")

INVOICE_STATUS = [
    ("no", "Nothing to Invoice"),
    ("to invoice", "To Invoice"),
    ("invoiced", "Fully Invoiced"),
]


def invoice_status(currency, to_invoice, invoiced):
    """The invoice status of an instalment or a contract, as on orders."""
    if currency.compare_amounts(to_invoice, 0) > 0:
        return "to invoice"
    if currency.compare_amounts(invoiced, 0) > 0:
        return "invoiced"
    return "no"


def split_amount(amount, weights, rounding):
    """``amount`` shared out in proportion to ``weights`` (rounded to ``rounding``); the
    largest weight takes the rounding remainder, so that the shares add up to ``amount``."""
    total = sum(weights)
    if not weights:
        return []
    if not total:
        shares = [0.0] * len(weights)
        shares[0] = amount
        return shares
    shares = [
        float_round(amount * weight / total, precision_rounding=rounding) for weight in weights
    ]
    largest = max(range(len(weights)), key=lambda i: abs(weights[i]))
    shares[largest] = float_round(
        amount - sum(shares) + shares[largest], precision_rounding=rounding
    )
    return shares


class CrmContractPaymentPlan(models.Model):
    _inherit = "crm.contract.payment.plan"

    invoice_line_ids = fields.One2many(
        "account.move.line",
        "crm_contract_plan_id",
        string="Invoice Lines",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        compute="_compute_invoice_ids",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    invoice_names = fields.Char(
        string="Invoice Numbers",
        compute="_compute_invoice_ids",
        help="The invoices and credit notes of this instalment.",
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced",
        compute="_compute_amount_invoiced",
        store=True,
        help="What the invoices of this instalment bill (taxes included), credit notes "
        "deducted; draft invoices count, cancelled ones do not.",
    )
    amount_to_invoice = fields.Monetary(
        string="To Invoice",
        compute="_compute_amount_to_invoice",
        store=True,
        help="What is still to invoice: the instalment's amount, minus what is invoiced and "
        "what was received by hand before any invoice.",
    )
    invoice_status = fields.Selection(
        INVOICE_STATUS,
        compute="_compute_amount_to_invoice",
        store=True,
        index=True,
    )

    @api.depends(
        "invoice_line_ids.crm_contract_plan_id",
        "invoice_line_ids.parent_state",
        "invoice_line_ids.move_id.name",
    )
    def _compute_invoice_ids(self):
        # the invoice numbers are read by everyone who reads the instalment (salespeople
        # without access to invoices included); invoice_ids itself by the billing groups only
        # (the field's groups), computed the same for all so that the cache holds one value
        lines = self.sudo().invoice_line_ids
        moves = defaultdict(lambda: self.env["account.move"].sudo())
        for line in lines:
            if line.parent_state != "cancel":
                moves[line.crm_contract_plan_id.id] |= line.move_id
        for plan in self:
            invoices = moves[plan.id]
            plan.invoice_names = ", ".join(
                name for name in invoices.mapped("name") if name and name != "/"
            )
            plan.invoice_ids = invoices.with_env(self.env)

    @api.depends(
        "invoice_line_ids.price_total",
        "invoice_line_ids.parent_state",
        "invoice_line_ids.move_id.move_type",
    )
    def _compute_amount_invoiced(self):
        invoiced = defaultdict(float)
        saved = self.filtered(lambda p: isinstance(p.id, int))
        if saved:
            groups = (
                self.env["account.move.line"]
                .sudo()
                ._read_group(
                    [
                        ("crm_contract_plan_id", "in", saved.ids),
                        ("parent_state", "!=", "cancel"),
                        ("display_type", "=", "product"),
                    ],
                    ["crm_contract_plan_id", "move_id", "currency_id"],
                    ["price_total:sum"],
                )
            )
            for plan, move, currency, move_total in groups:
                sign = -1 if move.move_type == "out_refund" else 1
                total = move_total
                if currency != plan.currency_id:
                    total = currency._convert(
                        move_total,
                        plan.currency_id,
                        plan.company_id,
                        move.invoice_date or move.date,
                    )
                invoiced[plan.id] += sign * total
        for plan in self:
            currency = plan.currency_id or self.env.company.currency_id
            plan.amount_invoiced = currency.round(invoiced.get(plan.id, 0.0))

    # apart from amount_invoiced: a receipt confirmed or cancelled does not read the invoices
    @api.depends(
        "amount",
        "amount_invoiced",
        "contract_id.state",
        "contract_id.payment_plan_ids.amount",
        "contract_id.payment_plan_ids.date_due",
        "contract_id.payment_ids.state",
        "contract_id.payment_ids.amount",
        "contract_id.payment_ids.date",
        "contract_id.payment_ids.plan_id",
        "contract_id.payment_ids.invoice_id",
    )
    def _compute_amount_to_invoice(self):
        by_hand = self._received_by_hand()
        for plan in self:
            currency = plan.currency_id or self.env.company.currency_id
            open_amount = currency.round(
                plan.amount - plan.amount_invoiced - by_hand.get(plan, 0.0)
            )
            signed = plan.contract_id.state in SIGNED_STATES
            plan.amount_to_invoice = max(open_amount, 0.0) if signed else 0.0
            plan.invoice_status = invoice_status(
                currency, plan.amount_to_invoice, plan.amount_invoiced
            )

    def _received_by_hand(self):
        """{instalment: what the receipts typed by hand (deposits before invoicing) paid of
        it}, shared out as the contract's receipts are (one for no instalment pays the
        instalments in due order): what it paid is not invoiced."""
        result = {}
        for contract in self.contract_id:
            receipts = contract.payment_ids.filtered(
                lambda r: r.state == "confirmed" and not r.invoice_id
            )
            if receipts:
                result.update(self._allocate_contract_receipts(contract, receipts))
        return result

    def _is_invoiced(self):
        """Whether this instalment's invoices (credit notes deducted) bill anything."""
        self.ensure_one()
        return self.currency_id.compare_amounts(self.amount_invoiced, 0) > 0

    def _check_vals(self, vals):
        check_protected_fields(self, vals, PROTECTED_FIELDS)
        return super()._check_vals(vals)

    def write(self, vals):
        changed = [fname for fname in INVOICED_FIELDS if fname in vals]
        if changed and self:
            invoiced = self.filtered(
                lambda p: p.currency_id.compare_amounts(p.amount_invoiced, 0) != 0
                and any(
                    p[fname] != p._fields[fname].convert_to_cache(vals[fname], p)
                    for fname in changed
                )
            )
            if invoiced:
                raise UserError(
                    self.env._(
                        "Instalments %(plans)s are invoiced: their amount and due date change "
                        "only through a credit note of their invoice (%(invoices)s).",
                        plans=", ".join(invoiced.mapped("display_name")),
                        invoices=", ".join(invoiced.mapped("invoice_names")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        invoiced = self.filtered(lambda p: p.sudo().invoice_line_ids)
        if invoiced:
            raise UserError(
                self.env._(
                    "Instalments %(plans)s have invoices (%(invoices)s) and cannot be deleted.",
                    plans=", ".join(invoiced.mapped("display_name")),
                    invoices=", ".join(invoiced.mapped("invoice_names")) or "-",
                )
            )

    def _check_not_overinvoiced(self):
        """Posting: an instalment is never billed for more than its amount, nor credited for
        more than it was billed."""
        for plan in self:
            currency = plan.currency_id
            if currency.compare_amounts(plan.amount_invoiced, 0) < 0:
                raise UserError(
                    self.env._(
                        "Instalment %(plan)s would be credited for %(credited)s more than its "
                        "invoices bill (%(invoices)s): a credit note gives back at most what "
                        "was invoiced.",
                        plan=plan.display_name,
                        credited=currency.format(-plan.amount_invoiced),
                        invoices=plan.invoice_names,
                    )
                )
            if currency.compare_amounts(plan.amount_invoiced, plan.amount) > 0:
                raise UserError(
                    self.env._(
                        "Instalment %(plan)s of %(amount)s would be invoiced for %(invoiced)s "
                        "(%(invoices)s). An instalment is never billed for more than its "
                        "amount: lower the invoice, or amend the contract first.",
                        plan=plan.display_name,
                        amount=currency.format(plan.amount),
                        invoiced=currency.format(plan.amount_invoiced),
                        invoices=plan.invoice_names,
                    )
                )

    # ------------------------------------------------------------------
    # Create Invoice
    # ------------------------------------------------------------------

    def action_create_invoices(self):
        """Draft customer invoices for these instalments: one per contract and due date, due
        on that date, billing what each instalment still has to invoice."""
        if not self.env.su and not self.env.user.has_group(BILLING_GROUP):
            raise AccessError(
                self.env._("Only users with billing rights (Invoicing) create invoices.")
            )
        plans = self.exists()
        check_record_access(plans.contract_id, "read")
        plans._check_invoiceable()
        invoices = plans._create_invoices()
        return invoices._crm_contract_action_view()

    def _check_invoiceable(self):
        if not self:
            raise UserError(self.env._("Choose the instalments to invoice."))
        not_signed = self.filtered(lambda p: p.contract_id.state not in SIGNED_STATES)
        if not_signed:
            raise UserError(
                self.env._(
                    "Only instalments of active or expired contracts are invoiced: %(plans)s.",
                    plans=", ".join(not_signed.mapped("display_name")),
                )
            )
        nothing = self.filtered(
            lambda p: p.currency_id.compare_amounts(p.amount_to_invoice, 0) <= 0
        )
        if nothing:
            raise UserError(
                self.env._(
                    "Nothing is left to invoice on %(plans)s: they are invoiced (%(invoices)s) "
                    "or were received before any invoice.",
                    plans=", ".join(nothing.mapped("display_name")),
                    invoices=", ".join(filter(None, nothing.mapped("invoice_names"))) or "-",
                )
            )

    def _create_invoices(self):
        """One batched ``create`` of the invoices, then the unit prices corrected where the
        taxes' rounding made a total differ from what the instalment bills."""
        groups = defaultdict(lambda: self.browse())
        for plan in self.sorted(lambda p: (p.contract_id.id, p.date_due, p.installment)):
            groups[(plan.contract_id, plan.date_due)] |= plan
        vals_list = []
        targets = []  # per invoice: {(instalment, contract line): gross amount billed}
        billed = self._billed_by_line()
        for (contract, date_due), plans in groups.items():
            vals, target = plans._invoice_vals(contract, date_due, billed=billed)
            vals_list.append(vals)
            targets.append(target)
        Move = self.env["account.move"].with_context(default_move_type="out_invoice")
        invoices = Move.create(vals_list)
        for invoice, target in zip(invoices, targets, strict=True):
            invoice._crm_contract_fix_totals(target)
        return invoices

    def _billed_by_line(self):
        """{(instalment id, contract line id): what its invoices bill of that line (credit
        notes deducted)} for all the instalments of these instalments' contracts, in one
        query (what the last instalment to invoice takes, see ``_line_shares``)."""
        billed = defaultdict(float)
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("crm_contract_plan_id", "in", self.contract_id.payment_plan_ids.ids),
                    ("crm_contract_line_id", "!=", False),
                    ("parent_state", "!=", "cancel"),
                ],
                ["crm_contract_plan_id", "crm_contract_line_id", "move_id"],
                ["price_total:sum"],
            )
        )
        for plan, line, move, total in groups:
            billed[plan.id, line.id] += -total if move.move_type == "out_refund" else total
        return billed

    def _invoice_vals(self, contract, date_due, billed=None):
        company = contract.company_id
        partner = contract.partner_id
        fiscal_position = (
            self.env["account.fiscal.position"].with_company(company)._get_fiscal_position(partner)
        )
        line_vals = []
        target = {}  # {(instalment id, contract line id or False): gross amount billed}
        for plan in self:
            amount = plan.amount_to_invoice
            if len(self) > 1:
                line_vals.append(
                    Command.create({"display_type": "line_section", "name": plan._invoice_label()})
                )
            for vals in plan._invoice_line_vals(amount, company, fiscal_position, billed):
                key = (plan.id, vals.get("crm_contract_line_id", False))
                target[key] = target.get(key, 0.0) + vals.pop("gross")
                line_vals.append(Command.create(vals))
        vals = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "currency_id": contract.currency_id.id,
            "invoice_user_id": contract.user_id.id,
            "invoice_origin": contract.number or contract.name,
            "contract_id": contract.id,
            "invoice_payment_term_id": False,
            "invoice_date_due": date_due,
            "fiscal_position_id": fiscal_position.id,
            "invoice_line_ids": line_vals,
        }
        if "team_id" in self.env["account.move"]._fields:
            vals["team_id"] = contract.team_id.id
        return vals, target

    def _invoice_label(self):
        self.ensure_one()
        return self.env._(
            "%(contract)s - Instalment %(number)s",
            contract=self.contract_id.number or self.contract_id.name,
            number=self.installment,
        )

    def _invoice_line_vals(self, amount, company, fiscal_position, billed=None):
        """The invoice lines billing ``amount`` (taxes included) of this instalment: the
        contract's product lines in proportion (the last instalment takes what its other
        instalments left of each line), or one line of the instalment product. ``billed``:
        ``_billed_by_line()`` of a batch including this instalment, read here when None."""
        self.ensure_one()
        contract = self.contract_id
        currency = contract.currency_id
        product_lines = contract.line_ids.filtered(lambda line: not line.display_type)
        if not product_lines:
            product = company._crm_contract_invoice_product()
            return [
                self._invoice_line(
                    product, self._invoice_label(), 1.0, 0.0, amount, None, company, fiscal_position
                )
            ]
        shares = self._line_shares(product_lines, amount, billed)
        vals_list = []
        for line, gross in zip(product_lines, shares, strict=True):
            ratio = amount / contract.amount_total if contract.amount_total else 0.0
            quantity = line.quantity * ratio
            if line.product_uom_id:
                quantity = float_round(quantity, precision_rounding=line.product_uom_id.rounding)
            if not quantity or currency.is_zero(gross) and not line.price_unit:
                quantity = quantity or 1.0
            vals_list.append(
                self._invoice_line(
                    line.product_id,
                    line.name,
                    quantity,
                    line.discount,
                    gross,
                    line,
                    company,
                    fiscal_position,
                )
            )
        return vals_list

    def _line_shares(self, product_lines, amount, billed_by_line=None):
        """The gross amount of each product line billed by ``amount``: in proportion to the
        lines' subtotals; when this is the contract's last instalment to invoice and its
        other instalments are fully invoiced, what those left of each line."""
        contract = self.contract_id
        currency = contract.currency_id
        others = contract.payment_plan_ids - self
        planned = sum(contract.payment_plan_ids.mapped("amount"))
        last = (
            not currency.compare_amounts(planned, contract.amount_total)
            and all(not currency.compare_amounts(p.amount_invoiced, p.amount) for p in others)
            and not currency.compare_amounts(self.amount_invoiced, 0)
        )
        if last:
            if billed_by_line is None:
                billed_by_line = self._billed_by_line()
            shares = [
                currency.round(
                    line.price_subtotal
                    - sum(billed_by_line.get((other.id, line.id), 0.0) for other in others)
                )
                for line in product_lines
            ]
            if not currency.compare_amounts(sum(shares), amount):
                return shares
        return split_amount(
            amount, product_lines.mapped("price_subtotal"), currency.rounding or 0.01
        )

    def _invoice_line(self, product, name, quantity, discount, gross, line, company, fpos):
        taxes = product.taxes_id._filter_taxes_by_company(company)
        taxes = fpos.map_tax(taxes)
        factor = quantity * (1.0 - (discount or 0.0) / 100.0)
        price_unit = _price_unit_for_total(taxes, gross, product) / factor if factor else 0.0
        vals = {
            "product_id": product.id,
            "name": name,
            "quantity": quantity,
            "discount": discount,
            "price_unit": price_unit,
            "tax_ids": [Command.set(taxes.ids)],
            "crm_contract_plan_id": self.id,
            "gross": gross,  # what the line comes to, taxes included (not a field)
        }
        if line:
            vals["crm_contract_line_id"] = line.id
            if line.product_uom_id:
                vals["product_uom_id"] = line.product_uom_id.id
        return vals


def _price_unit_for_total(taxes, gross, product):
    """The price to give a line so that, taxes included, it comes to ``gross``: price-included
    taxes stay in it, price-excluded ones are taken out."""
    if not taxes:
        return gross
    details = taxes._get_tax_details(
        gross, 1.0, rounding_method="round_globally", product=product, special_mode="total_included"
    )
    included = sum(
        data["tax_amount"] for data in details["taxes_data"] if data["tax"].price_include
    )
    return details["total_excluded"] + included
