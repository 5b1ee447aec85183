"""Payment collection on the contract: what its instalments plan and its receipts
collect (stored figures, the ageing of what is owed), the guards that keep those figures
true, and Register Payment."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.states import SIGNED_STATES

# Figures the addon computes; nobody sets them through create or write.
PROTECTED_FIELDS = (
    "amount_planned",
    "amount_received",
    "amount_due",
    "amount_overdue",
    "payment_progress",
    "payment_state",
    "next_due_date",
    "amount_receivable",
    "amount_not_due",
    "amount_late_1_30",
    "amount_late_31_60",
    "amount_late_61_90",
    "amount_late_90_plus",
)
# The contract's field holding what its instalments still owe in each ageing bucket.
AGEING_FIELDS = {
    "not_due": "amount_not_due",
    "1_30": "amount_late_1_30",
    "31_60": "amount_late_31_60",
    "61_90": "amount_late_61_90",
    "90_plus": "amount_late_90_plus",
}


class CrmContract(models.Model):
    _inherit = "crm.contract"

    payment_plan_ids = fields.One2many("crm.contract.payment.plan", "contract_id", copy=False)
    payment_ids = fields.One2many("crm.contract.payment", "contract_id", string="Receipts")
    payment_count = fields.Integer(string="Receipt Count", compute="_compute_payment_count")
    amount_planned = fields.Monetary(
        string="Planned", compute="_compute_payment_totals", store=True
    )
    amount_received = fields.Monetary(
        string="Received", compute="_compute_payment_totals", store=True
    )
    amount_due = fields.Monetary(
        string="Still Due",
        compute="_compute_payment_totals",
        store=True,
        help="Contract amount minus the confirmed receipts.",
    )
    amount_overdue = fields.Monetary(
        string="Overdue", compute="_compute_payment_totals", store=True
    )
    payment_progress = fields.Float(
        string="Collected (%)", compute="_compute_payment_totals", store=True, aggregator="avg"
    )
    next_due_date = fields.Date(
        compute="_compute_payment_totals",
        store=True,
        help="Due date of the first instalment still owed.",
    )
    payment_state = fields.Selection(
        [
            ("not_planned", "Not Planned"),
            ("on_track", "On Track"),
            ("overdue", "Overdue"),
            ("paid", "Paid"),
            ("closed", "Closed"),
        ],
        string="Payment Status",
        compute="_compute_payment_totals",
        store=True,
        index=True,
    )
    # What the instalments of a signed contract still owe, by how late it is: the
    # Receivables Ageing report reads a row per contract (its instalments are summed here,
    # kept up to date by the daily job as days pass).
    amount_receivable = fields.Monetary(
        string="Total Owed",
        compute="_compute_payment_totals",
        store=True,
        help="What the instalments of this signed contract still owe.",
    )
    amount_not_due = fields.Monetary(
        string="Not Due", compute="_compute_payment_totals", store=True
    )
    amount_late_1_30 = fields.Monetary(
        string="1-30 Days Late", compute="_compute_payment_totals", store=True
    )
    amount_late_31_60 = fields.Monetary(
        string="31-60 Days Late", compute="_compute_payment_totals", store=True
    )
    amount_late_61_90 = fields.Monetary(
        string="61-90 Days Late", compute="_compute_payment_totals", store=True
    )
    amount_late_90_plus = fields.Monetary(
        string="Over 90 Days Late", compute="_compute_payment_totals", store=True
    )

    def _protected_fields(self):
        return super()._protected_fields() + PROTECTED_FIELDS

    def write(self, vals):
        if "currency_id" in vals:
            self._check_currency_change(vals["currency_id"])
        return super().write(vals)

    def _check_state_change(self, vals):
        res = super()._check_state_change(vals)
        if vals["state"] == "cancelled":
            self._check_no_confirmed_receipts()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed_receipts(self):
        self._check_no_confirmed_receipts(deleting=True)

    def _compute_payment_count(self):
        counts = dict(
            self.env["crm.contract.payment"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.payment_count = counts.get(contract, 0)

    @api.depends(
        "amount_total",
        "state",
        "payment_plan_ids.amount",
        "payment_plan_ids.amount_residual",
        "payment_plan_ids.state",
        "payment_plan_ids.date_due",
        "payment_plan_ids.ageing_bucket",
        "payment_ids.state",
        "payment_ids.amount",
    )
    def _compute_payment_totals(self):
        saved = self.filtered(lambda c: isinstance(c.id, int))
        totals = dict.fromkeys(saved.ids, None)
        for contract_id in totals:
            totals[contract_id] = {
                "planned": 0.0,
                "received": 0.0,
                "overdue": 0.0,
                "plans": 0,
                "next": False,
                "ageing": defaultdict(float),  # bucket: what is still owed in it
            }
        if saved:
            # one grouped read gives the totals and the ageing (a plan still owed has a
            # bucket, one paid has none)
            plan_groups = self.env["crm.contract.payment.plan"]._read_group(
                [("contract_id", "in", saved.ids)],
                ["contract_id", "state", "ageing_bucket"],
                ["amount:sum", "amount_residual:sum", "date_due:min", "__count"],
            )
            for contract, state, bucket, amount, residual, date_min, count in plan_groups:
                total = totals[contract.id]
                total["planned"] += amount
                total["plans"] += count
                if bucket:
                    total["ageing"][bucket] += residual
                if state == "overdue":
                    total["overdue"] += residual
                if state in ("pending", "partial", "overdue") and date_min:
                    total["next"] = min(total["next"] or date_min, date_min)
            for contract_id, amount in self._confirmed_receipt_sums(saved).items():
                totals[contract_id]["received"] = amount
        # Contracts with neither instalments nor receipts (every new contract, imports
        # included) get their figures in one assignment per field.
        blank = saved.filtered(lambda c: not totals[c.id]["plans"] and not totals[c.id]["received"])
        if blank:
            blank.amount_planned = blank.amount_received = blank.amount_overdue = 0.0
            blank.payment_progress = 0.0
            blank.next_due_date = False
            blank.payment_state = "not_planned"
            blank.amount_receivable = 0.0
            for fname in AGEING_FIELDS.values():
                blank[fname] = 0.0
            for contract in blank:
                contract.amount_due = contract.amount_total
        for contract in self - blank:
            total = totals.get(contract.id) or contract._payment_totals_in_memory()
            contract._set_payment_totals(total)
        # Cancelled and terminated contracts owe nothing more: what was still open on them is
        # closed (their open instalments are cancelled).
        for contract in self.filtered(lambda c: c.state in ("cancelled", "terminated")):
            if contract.payment_state != "paid":
                contract.payment_state = "closed"
            contract.amount_due = 0.0
            contract.amount_overdue = 0.0
            contract.next_due_date = False

    def _payment_totals_in_memory(self):
        """Totals of a contract being edited (not saved yet), from the records in memory."""
        self.ensure_one()
        ageing = defaultdict(float)
        for plan in self.payment_plan_ids.filtered("ageing_bucket"):
            ageing[plan.ageing_bucket] += plan.amount_residual
        open_plans = self.payment_plan_ids.filtered(
            lambda p: p.state in ("pending", "partial", "overdue")
        )
        return {
            "planned": sum(self.payment_plan_ids.mapped("amount")),
            "received": sum(
                self.payment_ids.filtered(lambda r: r.state == "confirmed").mapped("amount")
            ),
            "overdue": sum(
                open_plans.filtered(lambda p: p.state == "overdue").mapped("amount_residual")
            ),
            "plans": len(self.payment_plan_ids),
            "next": min(open_plans.mapped("date_due"), default=False),
            "ageing": ageing,
        }

    def _confirmed_receipt_sums(self, contracts):
        """{contract id: sum of its confirmed receipts}: from the receipts in memory when the
        contracts' receipts were just read (a receipt being registered: its instalments'
        figures read them), else one grouped query."""
        field = self._fields["payment_ids"]
        if all(self.env.cache.contains(contract, field) for contract in contracts):
            sums = {}
            for contract in contracts:
                confirmed = contract.payment_ids.filtered(lambda r: r.state == "confirmed")
                if confirmed:
                    sums[contract.id] = sum(confirmed.mapped("amount"))
            return sums
        return {
            contract.id: amount
            for contract, amount in self.env["crm.contract.payment"]._read_group(
                [("contract_id", "in", contracts.ids), ("state", "=", "confirmed")],
                ["contract_id"],
                ["amount:sum"],
            )
        }

    def _set_payment_totals(self, total):
        currency = self.currency_id or self.env.company.currency_id
        self.amount_planned = total["planned"]
        self.amount_received = total["received"]
        self.amount_due = currency.round(self.amount_total - total["received"])
        self.amount_overdue = total["overdue"]
        self.payment_progress = (
            min(100.0, 100.0 * total["received"] / self.amount_total) if self.amount_total else 0.0
        )
        self.next_due_date = total["next"]
        # what a signed contract's instalments still owe, by ageing bucket
        owing = self.state in SIGNED_STATES
        for bucket, fname in AGEING_FIELDS.items():
            self[fname] = total["ageing"].get(bucket, 0.0) if owing else 0.0
        self.amount_receivable = currency.round(
            sum(self[fname] for fname in AGEING_FIELDS.values())
        )
        if (
            self.amount_total
            and currency.compare_amounts(total["received"], self.amount_total) >= 0
        ):
            self.payment_state = "paid"
        elif currency.compare_amounts(total["overdue"], 0) > 0:
            self.payment_state = "overdue"
        elif not total["plans"] and not total["received"]:
            self.payment_state = "not_planned"
        else:
            self.payment_state = "on_track"

    @api.constrains("amount_total")
    def _check_payment_amounts(self):
        self._check_payment_plan_total()
        self._check_payment_received_total()

    def _check_payment_plan_total(self):
        for contract in self:
            currency = contract.currency_id
            if currency.compare_amounts(contract.amount_planned, contract.amount_total) > 0:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the instalments add up to %(planned)s, more than "
                        "the contract amount %(amount)s.",
                        contract=contract.display_name,
                        planned=currency.format(contract.amount_planned),
                        amount=currency.format(contract.amount_total),
                    )
                )

    def _check_payment_received_total(self):
        for contract in self:
            currency = contract.currency_id
            if currency.compare_amounts(contract.amount_received, contract.amount_total) > 0:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the confirmed receipts would add up to "
                        "%(received)s, more than the contract amount %(amount)s. "
                        "Over-collection is refused.",
                        contract=contract.display_name,
                        received=currency.format(contract.amount_received),
                        amount=currency.format(contract.amount_total),
                    )
                )

    def action_register_payment(self):
        self.ensure_one()
        return self._action_register_payment()

    def _action_register_payment(self, plan=None):
        """The receipt form in a dialog, prefilled with what is owed next."""
        self.ensure_one()
        if self.state not in SIGNED_STATES:
            raise UserError(
                self.env._(
                    "Contract %(contract)s: payments are registered only on active or expired "
                    "contracts.",
                    contract=self.display_name,
                )
            )
        if not plan:
            plan = self.payment_plan_ids.filtered(
                lambda p: p.state in ("pending", "partial", "overdue")
            ).sorted(lambda p: (p.date_due, p.installment))[:1]
        amount = plan.amount_residual if plan else self.amount_due
        amount = min(amount, self.amount_due)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register Payment"),
            "res_model": "crm.contract.payment",
            "view_mode": "form",
            "views": [
                (self.env.ref("crm_contract.crm_contract_payment_view_form_register").id, "form")
            ],
            "target": "new",
            "context": {
                "default_contract_id": self.id,
                "default_plan_id": plan.id,
                "default_amount": max(amount, 0.0),
                "default_payment_method_id": plan.payment_method_id.id
                or self.env["crm.contract.payment"]._default_payment_method().id,
            },
        }

    def action_generate_payment_plan(self):
        self.ensure_one()
        if self.amount_total and (
            self.currency_id.compare_amounts(self.amount_planned, self.amount_total) >= 0
        ):
            raise UserError(
                self.env._(
                    "Contract %(contract)s is fully planned: its instalments already add up "
                    "to the contract amount %(amount)s.",
                    contract=self.display_name,
                    amount=self.currency_id.format(self.amount_total),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Generate Instalments"),
            "res_model": "crm.contract.payment.plan.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def action_view_payments(self):
        return self._action_open_related("crm_contract.crm_contract_payment_action")

    def action_view_payment_plans(self):
        return self._action_open_related("crm_contract.crm_contract_payment_plan_action")

    def _check_no_confirmed_receipts(self, deleting=False):
        confirmed = (
            self.env["crm.contract.payment"]
            .sudo()
            .search([("contract_id", "in", self.ids), ("state", "=", "confirmed")])
        )
        if not confirmed:
            return
        contracts = ", ".join(confirmed.contract_id.mapped("display_name"))
        if deleting:
            message = self.env._(
                "Contracts with confirmed receipts cannot be deleted: %(contracts)s. "
                "Terminate them instead (or cancel the receipts first).",
                contracts=contracts,
            )
        else:
            message = self.env._(
                "Contracts with confirmed receipts cannot be cancelled: %(contracts)s. "
                "Terminate them instead (or cancel the receipts first).",
                contracts=contracts,
            )
        raise UserError(message)

    def _check_currency_change(self, currency_id):
        changed = self.filtered(lambda c: c.currency_id.id != currency_id)
        if not changed:
            return
        plans = self.env["crm.contract.payment.plan"].sudo()
        receipts = self.env["crm.contract.payment"].sudo()
        used = (
            plans.search([("contract_id", "in", changed.ids)]).contract_id
            | receipts.search([("contract_id", "in", changed.ids)]).contract_id
        )
        if used:
            raise UserError(
                self.env._(
                    "The currency of a contract with instalments or receipts cannot be "
                    "changed: %(contracts)s.",
                    contracts=", ".join(used.mapped("display_name")),
                )
            )
