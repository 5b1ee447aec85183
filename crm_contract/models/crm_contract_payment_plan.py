import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round, format_date

from ..tools.guards import (
    DAYS_MAX,
    check_bounds,
    check_protected_fields,
    check_record_access,
    internal_context,
    is_internal,
)
from ..tools.mail_batch import create_activities
from ..tools.settings import get_setting
from ..tools.states import SIGNED_STATES

_logger = logging.getLogger(__name__)

# Contract states that close what is still open on their instalments.
CLOSED_STATES = ("cancelled", "terminated")
# Computed or technical fields: never set through create or write by users.
PROTECTED_FIELDS = (
    "amount_received",
    "amount_residual",
    "state",
    "days_overdue",
    "ageing_bucket",
    "company_id",
    "currency_id",
    "partner_id",
    "user_id",
    "installment",
    "amount_company",
)
REMINDED_FIELDS = ("due_reminded_date", "overdue_reminded_date")
REMINDING = "crm_contract_reminding"
PAYMENT_PLAN_CRON = "crm_contract.ir_cron_crm_contract_payment_plan"

AGEING_BUCKETS = [
    ("not_due", "Not Due"),
    ("1_30", "1-30 Days Late"),
    ("31_60", "31-60 Days Late"),
    ("61_90", "61-90 Days Late"),
    ("90_plus", "Over 90 Days Late"),
]


def ageing_bucket(days_overdue):
    """The ageing bucket of an amount still owed ``days_overdue`` days after its due date."""
    if days_overdue <= 0:
        return "not_due"
    if days_overdue <= 30:
        return "1_30"
    if days_overdue <= 60:
        return "31_60"
    if days_overdue <= 90:
        return "61_90"
    return "90_plus"


def allocate_receipts(plans, receipts, rounding=0.01):
    """Share the confirmed receipts of one contract out to its instalments.

    ``plans``: (due date, instalment number, amount) of each instalment;
    ``receipts``: (date, amount, index in ``plans`` of the instalment it is for, or None).
    A receipt linked to an instalment pays that instalment first; whatever it does not need,
    and every receipt linked to no instalment, pays the open instalments in due-date order
    (then by number, then in the order given). Receipts count in date order, then in the
    order given. Returns the amount each instalment received, in the order of ``plans``,
    rounded to ``rounding``. Pure: plain values in, plain values out.
    """
    received = [0.0] * len(plans)
    pool = 0.0
    for _date, amount, index in sorted(receipts, key=lambda receipt: receipt[0]):
        paid = 0.0
        if index is not None:
            paid = min(amount, max(plans[index][2] - received[index], 0.0))
            received[index] += paid
        pool += amount - paid
    for index in sorted(range(len(plans)), key=lambda i: (plans[i][0], plans[i][1], i)):
        if float_compare(pool, 0.0, precision_rounding=rounding) <= 0:
            break
        paid = min(pool, max(plans[index][2] - received[index], 0.0))
        received[index] += paid
        pool -= paid
    return [float_round(amount, precision_rounding=rounding) for amount in received]


class CrmContractPaymentPlan(models.Model):
    _name = "crm.contract.payment.plan"
    _description = "Contract Instalment"
    _inherit = ["mail.thread", "crm.contract.batch.mixin"]
    _order = "contract_id, date_due, installment, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "crm.contract",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    installment = fields.Integer(
        string="Instalment",
        readonly=True,
        copy=False,
        help="Number of the instalment in its contract: 1, 2, 3... given when it is saved, "
        "never used twice in a contract.",
    )
    date_due = fields.Date(string="Due Date", required=True, index=True, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    payment_method_id = fields.Many2one("crm.contract.payment.method", tracking=True)
    remind_days = fields.Integer(
        string="Remind (days before)",
        default=lambda self: self._default_remind_days(),
        help="The person in charge gets an activity this many days before the due date.",
    )
    note = fields.Char()
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id", store=True)
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, index=True, string="Customer"
    )
    user_id = fields.Many2one(
        related="contract_id.user_id", store=True, index=True, string="Person in Charge"
    )
    contract_state = fields.Selection(related="contract_id.state", string="Contract Status")
    payment_ids = fields.One2many("crm.contract.payment", "plan_id", string="Linked Receipts")
    amount_received = fields.Monetary(
        string="Received", compute="_compute_amount_received", store=True
    )
    amount_residual = fields.Monetary(
        string="Still Owed", compute="_compute_amount_received", store=True
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("partial", "Partially Paid"),
            ("paid", "Paid"),
            ("overdue", "Overdue"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
    )
    days_overdue = fields.Integer(string="Days Late", compute="_compute_state", store=True)
    ageing_bucket = fields.Selection(
        AGEING_BUCKETS,
        string="Ageing",
        compute="_compute_state",
        store=True,
        help="How late the amount still owed is; empty once paid or cancelled.",
    )
    date_out_of_period = fields.Boolean(
        compute="_compute_date_out_of_period",
        help="The due date falls outside the contract's period.",
    )
    due_reminded_date = fields.Date(
        copy=False,
        help="Technical: the due date for which the due reminder activity was created.",
    )
    overdue_reminded_date = fields.Date(
        copy=False,
        help="Technical: the due date for which the overdue activity was created.",
    )

    _sql_constraints = [
        (
            "installment_contract_uniq",
            "unique (contract_id, installment)",
            "An instalment number is used only once in a contract.",
        ),
        ("amount_positive", "check (amount > 0)", "An instalment amount must be positive."),
    ]

    @api.model
    def _default_remind_days(self):
        return get_setting(self.env, "payment_remind_days")

    @api.depends(
        "amount",
        "date_due",
        "contract_id.state",
        "contract_id.payment_plan_ids.amount",
        "contract_id.payment_plan_ids.date_due",
        "contract_id.payment_ids.state",
        "contract_id.payment_ids.amount",
        "contract_id.payment_ids.date",
        "contract_id.payment_ids.plan_id",
    )
    def _compute_amount_received(self):
        # instalments grouped once (not filtered per contract: quadratic over a daily job's
        # batch of 200 contracts, 2,400 instalments)
        plans_by_contract = defaultdict(list)
        for plan in self:
            if plan.contract_id:
                plans_by_contract[plan.contract_id].append(plan)
        for contract, plans in plans_by_contract.items():
            currency = contract.currency_id
            received = self._allocate_contract_receipts(contract)
            for plan in plans:
                plan.amount_received = received.get(plan, 0.0)
                residual = currency.round(plan.amount - plan.amount_received)
                if contract.state in CLOSED_STATES:
                    # Cancelling or terminating a contract cancels what was still owed on its
                    # instalments.
                    residual = 0.0
                plan.amount_residual = max(residual, 0.0)
        for plan in self.filtered(lambda p: not p.contract_id):
            plan.amount_received = 0.0
            plan.amount_residual = plan.amount

    @api.model
    def _allocate_contract_receipts(self, contract, receipts=None):
        """{instalment: amount received} of ``contract``, from its confirmed receipts (or
        from ``receipts``, some of them: bridges share out a part of the money)."""
        today = fields.Date.today()
        plans = contract.payment_plan_ids.sorted(lambda p: p.id or 0)
        position = {plan: index for index, plan in enumerate(plans)}
        if receipts is None:
            receipts = contract.payment_ids.filtered(lambda r: r.state == "confirmed")
        received = allocate_receipts(
            [(plan.date_due or today, plan.installment, plan.amount) for plan in plans],
            [
                (receipt.date or today, receipt.amount, position.get(receipt.plan_id))
                for receipt in receipts.sorted(lambda r: r.id or 0)
            ],
            contract.currency_id.rounding or 0.01,
        )
        return dict(zip(plans, received, strict=True))

    @api.depends("amount_residual", "amount_received", "amount", "date_due", "contract_id.state")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for plan in self:
            currency = plan.currency_id or self.env.company.currency_id
            owed = currency.compare_amounts(plan.amount_residual, 0) > 0
            # Nothing is late before the contract is signed (nor after it is closed).
            late = (
                owed
                and plan.date_due
                and plan.date_due < today
                and plan.contract_id.state in SIGNED_STATES
            )
            plan.days_overdue = (today - plan.date_due).days if late else 0
            plan.ageing_bucket = ageing_bucket(plan.days_overdue) if owed else False
            if plan.contract_id.state in CLOSED_STATES and (
                owed or currency.compare_amounts(plan.amount_received, plan.amount) < 0
            ):
                plan.state = "cancelled"
            elif not owed:
                plan.state = "paid"
            elif late:
                plan.state = "overdue"
            elif currency.compare_amounts(plan.amount_received, 0) > 0:
                plan.state = "partial"
            else:
                plan.state = "pending"

    @api.depends("date_due", "contract_id.date_start", "contract_id.date_end")
    def _compute_date_out_of_period(self):
        for plan in self:
            contract = plan.contract_id
            plan.date_out_of_period = bool(
                plan.date_due
                and (
                    (contract.date_start and plan.date_due < contract.date_start)
                    or (contract.date_end and plan.date_due > contract.date_end)
                )
            )

    @api.depends("contract_id", "installment")
    def _compute_display_name(self):
        for plan in self:
            label = self.env._("Instalment %(number)s", number=plan.installment or "")
            contract = plan.contract_id.number or plan.contract_id.name
            plan.display_name = f"{contract} - {label}" if contract else label

    @api.constrains("amount", "contract_id")
    def _check_amount_within_contract(self):
        self.contract_id._check_payment_plan_total()

    def _check_vals(self, vals):
        check_protected_fields(self, vals, PROTECTED_FIELDS)
        if not is_internal(self, REMINDING):
            check_protected_fields(self, vals, REMINDED_FIELDS)
        check_bounds(self, vals, int_limits={"remind_days": (0, DAYS_MAX)})

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_vals(vals)
        contract_ids = {vals.get("contract_id") for vals in vals_list}
        contract_ids.discard(None)
        contract_ids.discard(False)
        contracts = self.env["crm.contract"].browse(sorted(contract_ids))
        # Instalments are added only to contracts the user may edit (checked before anything
        # is read from them).
        check_record_access(contracts, "write")
        last = {}
        if contract_ids:
            # One instalment number per contract: whoever adds instalments to a contract
            # waits for the other one adding some at the same time (row lock of the contract;
            # the waiting transaction is then retried by the server on the updated contract).
            contracts._lock_rows()
            last = {
                contract.id: number
                for contract, number in self.with_context(active_test=False)
                .sudo()
                ._read_group(
                    [("contract_id", "in", list(contract_ids))],
                    ["contract_id"],
                    ["installment:max"],
                )
            }
        for vals in vals_list:
            if vals.get("contract_id"):
                number = last.get(vals["contract_id"], 0) + 1
                last[vals["contract_id"]] = number
                vals["installment"] = number
        # No chatter message nor follower per instalment created (they come in batches);
        # the changes made afterwards are tracked.
        plans = super(
            CrmContractPaymentPlan,
            self.with_context(
                tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
            ),
        ).create(vals_list)
        return plans.with_env(self.env)

    def write(self, vals):
        self._check_vals(vals)
        if "contract_id" in vals and any(
            plan.contract_id.id != vals["contract_id"] for plan in self
        ):
            raise UserError(self.env._("An instalment cannot be moved to another contract."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_received(self):
        received = self.filtered(
            lambda p: p.currency_id.compare_amounts(p.amount_received, 0) > 0
            or any(r.state == "confirmed" for r in p.payment_ids)
        )
        if received:
            raise UserError(
                self.env._(
                    "Instalments with confirmed receipts cannot be deleted: %(plans)s. "
                    "Cancel the receipts first.",
                    plans=", ".join(received.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_register_payment(self):
        self.ensure_one()
        return self.contract_id._action_register_payment(plan=self)

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_payment_plans(self):
        """Daily: bring the date-dependent stored fields up to date and remind people."""
        self._refresh_overdue()
        self._send_due_reminders()
        self._send_overdue_reminders()

    @api.model
    def _refresh_overdue(self):
        """Recompute state, days late and ageing of the instalments still owed after their
        due date, batch by batch; the contracts of those that just became overdue get their
        totals redone, those whose instalments changed ageing bucket their ageing."""
        today = fields.Date.context_today(self)

        def pick():
            return self.search(
                [
                    ("date_due", "<", today),
                    ("amount_residual", ">", 0),
                    ("contract_id.state", "in", SIGNED_STATES),
                ],
                order="id",
            )

        def refresh(batch):
            newly_overdue = batch.filtered(lambda p: p.state != "overdue")
            buckets = {plan.id: plan.ageing_bucket for plan in batch}
            for fname in ("state", "days_overdue", "ageing_bucket"):
                self.env.add_to_compute(self._fields[fname], batch)
            newly_overdue.modified(["state"])
            batch.filtered(lambda p: p.ageing_bucket != buckets[p.id]).modified(["ageing_bucket"])

        return self._run_job("overdue instalments", pick, refresh, cron=PAYMENT_PLAN_CRON)

    def _reminder_text(self, plan, lang, overdue):
        env = self.with_context(lang=lang).env
        amount = (plan.currency_id or plan.company_id.currency_id).format(plan.amount_residual)
        if overdue:
            return env._(
                "Instalment %(number)s overdue since %(date)s: %(amount)s",
                number=plan.installment,
                date=format_date(env, plan.date_due, lang_code=lang),
                amount=amount,
            )
        return env._(
            "Instalment %(number)s due: %(amount)s", number=plan.installment, amount=amount
        )

    @api.model
    def _send_due_reminders(self):
        """An activity ``remind_days`` before each due date, once per due date."""
        today = fields.Date.context_today(self)

        def due(plan):
            return (
                plan.state in ("pending", "partial")
                and plan.due_reminded_date != plan.date_due
                and 0 <= (plan.date_due - today).days <= plan.remind_days
            )

        def pick():
            domain = [
                ("contract_id.state", "in", SIGNED_STATES),
                ("state", "in", ("pending", "partial")),
                ("date_due", ">=", today),
            ]
            longest = self._read_group(domain, [], ["remind_days:max"])[0][0] or 0
            limit = today + timedelta(days=min(max(longest, 0), DAYS_MAX))
            return self.search(domain + [("date_due", "<=", limit)], order="id").filtered(due)

        return self._remind_in_batches(
            "payment due reminders",
            pick,
            due,
            "crm_contract.mail_activity_type_payment_due",
            lambda plan: plan.date_due,
            lambda plan, lang: self._reminder_text(plan, lang, overdue=False),
            "due_reminded_date",
        )

    @api.model
    def _send_overdue_reminders(self):
        """An activity when an instalment becomes overdue, once per due date."""
        today = fields.Date.context_today(self)

        def due(plan):
            return plan.state == "overdue" and plan.overdue_reminded_date != plan.date_due

        def pick():
            return self.search(
                [("contract_id.state", "in", SIGNED_STATES), ("state", "=", "overdue")],
                order="id",
            ).filtered(due)

        return self._remind_in_batches(
            "payment overdue reminders",
            pick,
            due,
            "crm_contract.mail_activity_type_payment_overdue",
            lambda plan: today,
            lambda plan, lang: self._reminder_text(plan, lang, overdue=True),
            "overdue_reminded_date",
        )

    @api.model
    def _remind_in_batches(self, job, pick, due, activity_type_xmlid, deadline, summary, fname):
        """The reminder job ``job``: the instalments ``pick()`` returns, in batches; those of
        a batch are locked, then reminded only when still ``due`` (another run may have
        reminded them since they were picked: ``fname`` is read again once locked)."""

        def remind(batch):
            locked = batch._lock_rows()
            locked.invalidate_recordset([fname, "date_due", "state", "remind_days"])
            todo = locked.filtered(due)
            todo._schedule_reminders(activity_type_xmlid, deadline, summary)
            todo._write_reminded(fname)

        return self._run_job(job, pick, remind, what="payment reminders", cron=PAYMENT_PLAN_CRON)

    def _schedule_reminders(self, activity_type_xmlid, deadline, summary):
        """One activity per instalment on its contract, for the person in charge (or the
        scheduled action's user), created in one batch without notification e-mails: the
        activities show in the assignee's activity menu, in the assignee's language."""
        if not self:
            return self.env["mail.activity"]
        activity_type = self.env.ref(activity_type_xmlid)
        model_id = self.env["ir.model"]._get_id("crm.contract")
        vals_list = []
        for plan in self:
            user = plan.contract_id.user_id or self.env.user
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": plan.contract_id.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": deadline(plan),
                    "summary": summary(plan, user.lang or self.env.lang),
                    "user_id": user.id,
                }
            )
        # a contract with two instalments in the batch: see create_activities
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        return create_activities(Activity, vals_list)

    def _note_cron_failure(self, what, exc):
        """A scheduled job skipped this instalment: noted on its contract for the
        administrators."""
        self.contract_id._note_cron_failure(
            what, self.env._("%(plan)s: %(error)s", plan=self.display_name, error=exc)
        )

    def _write_reminded(self, fname):
        by_date = defaultdict(lambda: self.browse())
        for plan in self:
            by_date[plan.date_due] |= plan
        for date, plans in by_date.items():
            internal_context(plans, REMINDING).write({fname: date})
