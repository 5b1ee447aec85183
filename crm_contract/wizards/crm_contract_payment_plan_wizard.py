from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from ..tools.guards import DATE_MAX, check_bounds, check_record_access

MAX_COUNT = 120  # instalments one run of the generator creates at most

PERIODS = {
    "month": relativedelta(months=1),
    "quarter": relativedelta(months=3),
    "year": relativedelta(years=1),
}


def split_amount(amount, weights, rounding=0.01):
    """Split ``amount`` in proportion to ``weights`` (percentages or equal shares), each part
    rounded to ``rounding``; the rounding remainder goes on the last part."""
    total_weight = sum(weights)
    if not weights or not total_weight:
        return []
    parts = [
        float_round(amount * weight / total_weight, precision_rounding=rounding)
        for weight in weights[:-1]
    ]
    parts.append(float_round(amount - sum(parts), precision_rounding=rounding))
    return parts


class CrmContractPaymentPlanWizard(models.TransientModel):
    _name = "crm.contract.payment.plan.wizard"
    _description = "Generate Contract Instalments"

    contract_id = fields.Many2one("crm.contract", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    amount = fields.Monetary(
        string="Amount to Split",
        compute="_compute_amount",
        store=True,
        readonly=False,
        help="By default the part of the contract amount that no instalment covers yet.",
    )
    count = fields.Integer(string="Instalments", default=3)
    split_mode = fields.Selection(
        [("equal", "Equal Amounts"), ("percent", "Percentages"), ("custom", "Custom Amounts")],
        string="Split",
        default="equal",
        required=True,
    )
    period = fields.Selection(
        [
            ("month", "Every Month"),
            ("quarter", "Every Quarter"),
            ("year", "Every Year"),
            ("days", "Every N Days"),
        ],
        string="Frequency",
        default="month",
        required=True,
    )
    interval_days = fields.Integer(string="Every (days)", default=30)
    date_first = fields.Date(
        string="First Due Date",
        required=True,
        default=lambda self: self._default_date_first(),
    )
    payment_method_id = fields.Many2one("crm.contract.payment.method")
    line_ids = fields.One2many(
        "crm.contract.payment.plan.wizard.line",
        "wizard_id",
        string="Instalments to Create",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    amount_lines = fields.Monetary(string="Total", compute="_compute_amount_lines")
    percent_lines = fields.Float(string="Total (%)", compute="_compute_amount_lines")

    @api.model
    def _check_vals(self, vals):
        check_bounds(
            self,
            vals,
            int_limits={"count": (1, MAX_COUNT), "interval_days": (1, 3660)},
        )

    @api.model_create_multi
    def create(self, vals_list):
        Contract = self.env["crm.contract"]
        for vals in vals_list:
            self._check_vals(vals)
            # Nothing is computed from a contract the user may not edit.
            check_record_access(Contract.browse(vals.get("contract_id")), "write")
        return super().create(vals_list)

    def write(self, vals):
        self._check_vals(vals)
        if "contract_id" in vals:
            check_record_access(self.env["crm.contract"].browse(vals["contract_id"]), "write")
        return super().write(vals)

    @api.constrains("count")
    def _check_count(self):
        for wizard in self:
            if not 1 <= wizard.count <= MAX_COUNT:
                raise ValidationError(
                    self.env._(
                        "Generate between 1 and %(max)s instalments at a time (not %(count)s).",
                        max=MAX_COUNT,
                        count=wizard.count,
                    )
                )

    @api.model
    def _default_date_first(self):
        contract = self.env["crm.contract"].browse(self.env.context.get("default_contract_id"))
        if not contract.has_access("read"):
            return fields.Date.context_today(self)
        # the first instalment falls due when the contract starts, as agreed
        return contract.date_start or fields.Date.context_today(self)

    @api.depends("contract_id")
    def _compute_amount(self):
        for wizard in self:
            contract = wizard.contract_id
            wizard.amount = max(contract.amount_total - contract.amount_planned, 0.0)

    @api.depends("count", "split_mode", "period", "interval_days", "date_first", "amount")
    def _compute_line_ids(self):
        for wizard in self:
            count = min(max(wizard.count, 0), MAX_COUNT)
            dates = wizard._due_dates(count)
            rounding = (wizard.currency_id or self.env.company.currency_id).rounding
            amounts = split_amount(wizard.amount, [1] * count, rounding)
            percents = split_amount(100.0, [1] * count)
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {"sequence": index, "date_due": date, "percent": percent, "amount": amount}
                )
                for index, (date, percent, amount) in enumerate(
                    zip(dates, percents, amounts, strict=True), start=1
                )
            ]

    @api.depends("line_ids.amount", "line_ids.percent")
    def _compute_amount_lines(self):
        for wizard in self:
            wizard.amount_lines = sum(wizard.line_ids.mapped("amount"))
            wizard.percent_lines = sum(wizard.line_ids.mapped("percent"))

    def _due_dates(self, count):
        self.ensure_one()
        if not self.date_first:
            return [False] * count
        if self.period == "days":
            step = relativedelta(days=min(max(self.interval_days, 1), 3660))
        else:
            step = PERIODS[self.period]
        dates = []
        for index in range(count):
            try:
                day = self.date_first + step * index
            except (OverflowError, ValueError):
                day = False
            dates.append(day if day and day <= DATE_MAX else False)
        return dates

    def _planned_amounts(self):
        """The amounts of the instalments to create, checked against the contract."""
        self.ensure_one()
        currency = self.contract_id.currency_id
        lines = self.line_ids.sorted("sequence")
        if not lines:
            raise UserError(self.env._("Give at least one instalment to create."))
        if self.split_mode == "equal":
            amounts = split_amount(self.amount, [1] * len(lines), currency.rounding)
        elif self.split_mode == "percent":
            total_percent = sum(lines.mapped("percent"))
            if any(p <= 0 for p in lines.mapped("percent")) or total_percent > 100.0 + 1e-6:
                raise UserError(
                    self.env._(
                        "The percentages must be positive and add up to at most 100%% "
                        "(they add up to %(total)s%%).",
                        total=round(total_percent, 2),
                    )
                )
            split_total = currency.round(self.amount * total_percent / 100.0)
            amounts = split_amount(split_total, lines.mapped("percent"), currency.rounding)
        else:
            amounts = [currency.round(a) for a in lines.mapped("amount")]
        if any(currency.compare_amounts(a, 0) <= 0 for a in amounts):
            raise UserError(self.env._("Every instalment needs a positive amount."))
        total = sum(amounts)
        if currency.compare_amounts(total, self.amount) > 0:
            raise UserError(
                self.env._(
                    "The instalments add up to %(total)s, more than the amount to split "
                    "%(amount)s.",
                    total=currency.format(total),
                    amount=currency.format(self.amount),
                )
            )
        contract = self.contract_id
        if currency.compare_amounts(contract.amount_planned + total, contract.amount_total) > 0:
            raise UserError(
                self.env._(
                    "Contract %(contract)s: %(total)s more in instalments would bring them to "
                    "%(planned)s, more than the contract amount %(amount)s.",
                    contract=contract.display_name,
                    total=currency.format(total),
                    planned=currency.format(contract.amount_planned + total),
                    amount=currency.format(contract.amount_total),
                )
            )
        return list(zip(lines, amounts, strict=True))

    def action_generate(self):
        self.ensure_one()
        check_record_access(self.contract_id, "write")
        if len(self.line_ids) > MAX_COUNT:
            raise UserError(
                self.env._("Generate at most %(max)s instalments at a time.", max=MAX_COUNT)
            )
        if any(not line.date_due for line in self.line_ids):
            raise UserError(self.env._("Every instalment needs a due date."))
        vals_list = [
            {
                "contract_id": self.contract_id.id,
                "date_due": line.date_due,
                "amount": amount,
                "payment_method_id": self.payment_method_id.id,
            }
            for line, amount in self._planned_amounts()
        ]
        return self.env["crm.contract.payment.plan"].create(vals_list)

    def action_generate_close(self):
        self.action_generate()
        return {"type": "ir.actions.act_window_close"}


class CrmContractPaymentPlanWizardLine(models.TransientModel):
    _name = "crm.contract.payment.plan.wizard.line"
    _description = "Instalment to Generate"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "crm.contract.payment.plan.wizard", required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    sequence = fields.Integer(string="#")
    date_due = fields.Date(string="Due Date")
    percent = fields.Float(string="Share (%)")
    amount = fields.Monetary()

    @api.onchange("percent")
    def _onchange_percent(self):
        if self.wizard_id.split_mode == "percent":
            currency = self.currency_id or self.env.company.currency_id
            self.amount = currency.round(self.wizard_id.amount * self.percent / 100.0)
