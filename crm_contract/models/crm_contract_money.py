"""Money in the company's currency, and the monthly money summary.

Each contract, instalment and receipt keeps its amount in the company's currency:
the contract and its instalments at the rate of the signing date (today's while the
contract is unsigned), a receipt at the rate of its date.

The monthly summary (``crm.contract.money.month``) holds, per month, company, sales team
and person in charge, what was signed (amount and number of contracts signed that month),
planned (instalments falling due that month) and received (confirmed receipts dated that
month). Planned vs Received, the achievement report and the dashboard read it instead of
every instalment and receipt.

It is kept right as the ageing is: each contract stores what it adds to the summary
(``money_month_data``, computed from its instalments and receipts whenever they change);
when that changes, the difference is added to the summary as new rows. Only rows are
added, never rewritten, so two transactions changing contracts of the same person and
month never meet on a summary row (a contract changed by two transactions at once meets
on the contract itself, as it does for its totals). A scheduled job merges the rows of
each month and scope into one (``_cron_compact``): the figures do not change, the reads get
faster."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.states import SIGNED_STATES

# Contracts whose amount counts as signed in the targets and the summary: signed, and
# still signed after their end or their termination.
COUNTED_SIGNED_STATES = (*SIGNED_STATES, "terminated")
# Position of each figure in a month's entry of ``money_month_data`` and in the summary.
FIGURES = (
    "amount_signed",
    "contract_count",
    "amount_planned",
    "planned_count",
    "amount_received",
    "received_count",
)
COMPACT_BATCH_SIZE = 5000
COMPACT_TRIGGER_ROWS = 1000  # rows added at once that call the compaction job sooner
MONEY_PROTECTED_FIELDS = ("currency_rate", "amount_total_company", "money_month_data")


def month_start(day):
    return day.replace(day=1)


def company_currency_field():
    """The company's currency of a record with a ``company_id``."""
    return fields.Many2one(related="company_id.currency_id", string="Company Currency")


def company_amount_field(compute, string="Amount in Company Currency", help=None):  # noqa: A002
    """A stored amount in the company's currency (``company_currency_field``)."""
    return fields.Monetary(
        string=string,
        currency_field="company_currency_id",
        compute=compute,
        store=True,
        help=help,
    )


def at_contract_rate(record, amount):
    """``amount`` of a record of a contract (an instalment, a line) in the company's
    currency, at the contract's rate."""
    return record.contract_id._to_company_currency(amount) if record.contract_id else 0.0


class CrmContract(models.Model):
    _inherit = "crm.contract"

    company_currency_id = company_currency_field()
    currency_rate = fields.Float(
        compute="_compute_currency_rate",
        store=True,
        digits=0,
        help="Units of the contract's currency for one unit of the company's, on the signing "
        "date (today's rate while the contract is unsigned).",
    )
    amount_total_company = company_amount_field("_compute_amount_total_company")
    money_month_data = fields.Json(
        compute="_compute_money_month_data",
        store=True,
        copy=False,
        groups="base.group_system",
        help="What the contract adds to the monthly money summary: its scope (company, team, "
        "person in charge) and, by month, the figures of crm.contract.money.month.",
    )

    def _protected_fields(self):
        return super()._protected_fields() + MONEY_PROTECTED_FIELDS

    def init(self):
        res = super().init()
        # What is overdue, by ageing bucket (the dashboard, the Overdue filter): the contracts
        # still owing after a due date, with their ageing, read from the index alone.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS crm_contract_overdue_idx ON crm_contract (company_id)"
                " INCLUDE (%s) WHERE amount_overdue > 0",
                SQL(", ").join(
                    SQL.identifier(fname)
                    for fname in (
                        "amount_overdue",
                        "amount_late_1_30",
                        "amount_late_31_60",
                        "amount_late_61_90",
                        "amount_late_90_plus",
                    )
                ),
            )
        )
        return res

    @api.depends("currency_id", "company_id", "date_signed")
    def _compute_currency_rate(self):
        Currency = self.env["res.currency"]
        for contract in self:
            company = contract.company_id or self.env.company
            contract.currency_rate = Currency._get_conversion_rate(
                company.currency_id,
                contract.currency_id or company.currency_id,
                company,
                contract.date_signed or fields.Date.context_today(contract),
            )

    @api.depends("amount_total", "currency_rate", "company_id")
    def _compute_amount_total_company(self):
        for contract in self:
            contract.amount_total_company = contract._to_company_currency(contract.amount_total)

    def _to_company_currency(self, amount):
        """``amount`` (in the contract's currency) in the company's, at the contract's rate."""
        self.ensure_one()
        currency = (self.company_id or self.env.company).currency_id
        return currency.round(amount / (self.currency_rate or 1.0))

    @api.depends(
        "state",
        "date_signed",
        "amount_total_company",
        "company_id",
        "team_id",
        "user_id",
        "payment_plan_ids.date_due",
        "payment_plan_ids.amount_company",
        "payment_ids.date",
        "payment_ids.state",
        "payment_ids.amount_company",
    )
    def _compute_money_month_data(self):
        deltas = defaultdict(lambda: [0.0] * len(FIGURES))
        before = self._money_month_data_before()
        for contract in self:
            new = contract._money_month_contribution()
            if isinstance(contract.id, int):
                _add_contribution(deltas, before.get(contract.id), -1)
                _add_contribution(deltas, new, 1)
            contract.money_month_data = new
        self.env["crm.contract.money.month"]._add_deltas(deltas)

    @api.model_create_multi
    def create(self, vals_list):
        contracts = super().create(vals_list)
        # what a new contract added to the summary is nothing (NULL in the database): known
        # without reading it back when its part is computed
        field = self._fields["money_month_data"]
        pending = contracts & self.env.records_to_compute(field)
        fresh = pending.filtered(lambda contract: not self.env.cache.contains(contract, field))
        self.env.cache.update(fresh, field, [None] * len(fresh))
        return contracts

    def _money_month_data_before(self):
        """{contract id: its money_month_data before this computation}: the value last
        computed, still in the cache (a stored computed field stays there while marked to
        compute again), else the one stored."""
        field = self._fields["money_month_data"]
        cache = self.env.cache
        before, unread = {}, []
        for contract in self:
            if not isinstance(contract.id, int):
                continue
            if cache.contains(contract, field):
                before[contract.id] = cache.get(contract, field)
            else:
                unread.append(contract.id)
        if unread:
            self.env.cr.execute(
                SQL(
                    "SELECT id, money_month_data FROM crm_contract WHERE id = ANY(%s)",
                    unread,
                )
            )
            before.update(self.env.cr.fetchall())
        return before

    def _money_month_contribution(self):
        """What the contract adds to the monthly summary: {"scope": [company, team, user],
        "months": {"YYYY-MM-01": [figures as FIGURES]}}, amounts in the company's currency."""
        self.ensure_one()
        months = defaultdict(lambda: [0.0] * len(FIGURES))
        if self.state in COUNTED_SIGNED_STATES and self.date_signed:
            month = months[str(month_start(self.date_signed))]
            month[0] += self.amount_total_company
            month[1] += 1
        if self.state != "cancelled":
            for plan in self.payment_plan_ids:
                if plan.date_due:
                    month = months[str(month_start(plan.date_due))]
                    month[2] += plan.amount_company
                    month[3] += 1
        for receipt in self.payment_ids:
            if receipt.state == "confirmed" and receipt.date:
                month = months[str(month_start(receipt.date))]
                month[4] += receipt.amount_company
                month[5] += 1
        if not months:
            return {}
        return {
            "scope": [self.company_id.id, self.team_id.id or False, self.user_id.id or False],
            "months": {
                key: [round(value, 6) for value in figures] for key, figures in months.items()
            },
        }

    def unlink(self):
        # what the contracts added to the summary goes with them
        deltas = defaultdict(lambda: [0.0] * len(FIGURES))
        for contract in self.sudo():
            _add_contribution(deltas, contract.money_month_data or {}, -1)
        res = super().unlink()
        self.env["crm.contract.money.month"]._add_deltas(deltas)
        return res


def _add_contribution(deltas, data, sign):
    """Add ``sign`` times a contract's ``money_month_data`` to ``deltas`` ({(month, company,
    team, user): figures})."""
    if not data:
        return
    company, team, user = data["scope"]
    for month, figures in data["months"].items():
        total = deltas[(month, company, team, user)]
        for index, value in enumerate(figures):
            total[index] += sign * value


class CrmContractPaymentPlan(models.Model):
    _inherit = "crm.contract.payment.plan"

    company_currency_id = company_currency_field()
    amount_company = company_amount_field(
        "_compute_amount_company", help="At the contract's rate (of its signing date)."
    )

    def init(self):
        res = super().init()
        # What falls due in a period (the dashboard, the "Due this month" filters): the open
        # instalments by due date, with what is summed, read from the index alone.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS crm_contract_payment_plan_open_due_idx"
                " ON crm_contract_payment_plan (date_due)"
                " INCLUDE (amount_residual, company_id, state)"
                " WHERE state IN ('pending', 'partial', 'overdue')"
            )
        )
        return res

    @api.depends("amount", "contract_id.currency_rate")
    def _compute_amount_company(self):
        for plan in self:
            plan.amount_company = at_contract_rate(plan, plan.amount)


class CrmContractPayment(models.Model):
    _inherit = "crm.contract.payment"

    company_currency_id = company_currency_field()
    amount_company = company_amount_field(
        "_compute_amount_company", help="At the rate of the receipt's date."
    )

    @api.depends("amount", "date", "currency_id", "company_id")
    def _compute_amount_company(self):
        for receipt in self:
            company = receipt.company_id or receipt.contract_id.company_id or self.env.company
            currency = receipt.currency_id or company.currency_id
            receipt.amount_company = currency._convert(
                receipt.amount,
                company.currency_id,
                company,
                receipt.date or fields.Date.context_today(receipt),
            )


class CrmContractLine(models.Model):
    _inherit = "crm.contract.line"

    company_currency_id = company_currency_field()
    price_subtotal_company = company_amount_field(
        "_compute_price_subtotal_company",
        string="Subtotal in Company Currency",
        help="At the contract's rate (of its signing date): what the product ranking adds.",
    )

    def _line_protected_fields(self):
        return super()._line_protected_fields() + ("price_subtotal_company",)

    @api.depends("price_subtotal", "contract_id.currency_rate")
    def _compute_price_subtotal_company(self):
        for line in self:
            line.price_subtotal_company = at_contract_rate(line, line.price_subtotal)


class CrmContractMoneyMonth(models.Model):
    _name = "crm.contract.money.month"
    _description = "Contract Money by Month"
    _order = "date desc, id"
    _inherit = ["crm.contract.batch.mixin"]

    date = fields.Date(string="Month", required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Person in Charge", index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    amount_signed = fields.Monetary(string="Signed", readonly=True)
    contract_count = fields.Integer(string="Contracts Signed", readonly=True)
    amount_planned = fields.Monetary(string="Planned", readonly=True)
    planned_count = fields.Integer(string="Instalments", readonly=True)
    amount_received = fields.Monetary(string="Received", readonly=True)
    received_count = fields.Integer(string="Receipts", readonly=True)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # a search of the summary (and so a read_group) first adds what the contracts changed
        # in this transaction, when there is something to add
        Contract = self.env["crm.contract"]
        if self.env.records_to_compute(Contract._fields["money_month_data"]):
            Contract.flush_model(["money_month_data"])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _add_deltas(self, deltas, compacting=False):
        """Add the differences ``deltas`` ({(month, company, team, user): figures}) to the
        summary as new rows (those that change nothing are left out)."""
        vals_list = []
        for (month, company, team, user), figures in deltas.items():
            if not any(round(value, 6) for value in figures):
                continue
            vals = {"date": month, "company_id": company, "team_id": team, "user_id": user}
            vals.update(zip(FIGURES, figures, strict=True))
            vals_list.append(vals)
        if vals_list:
            self.sudo().create(vals_list)
        if len(vals_list) >= COMPACT_TRIGGER_ROWS and not compacting:
            # many rows at once (an import, a job): merged within minutes, not the hour
            cron = self.env.ref(
                "crm_contract.ir_cron_money_month_compact", raise_if_not_found=False
            )
            if cron:
                cron.sudo()._trigger(fields.Datetime.now() + timedelta(minutes=5))

    @api.model
    def _cron_compact(self):
        """Merge the rows of each month and scope into one; drop the scopes that add up to
        nothing (scheduled job)."""
        self._run_job(
            "money summary compaction",
            self._rows_to_compact,
            lambda rows: rows._compact(),
            size=COMPACT_BATCH_SIZE,
            cron="crm_contract.ir_cron_money_month_compact",
        )

    def _rows_to_compact(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT array_agg(id) FROM crm_contract_money_month
             GROUP BY date, company_id, team_id, user_id
            HAVING count(*) > 1 OR (%s)
            """,
                SQL(" AND ").join(SQL("sum(%s) = 0", SQL.identifier(f)) for f in FIGURES),
            )
        )
        # the rows of a month and scope follow each other: a batch merges them together
        ids = [row_id for (row_ids,) in self.env.cr.fetchall() for row_id in row_ids]
        return self.sudo().browse(ids)

    def _compact(self):
        """Replace the rows ``self`` by one row per month and scope with their sums."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT date, company_id, team_id, user_id, %s FROM crm_contract_money_month"
                " WHERE id = ANY(%s) GROUP BY date, company_id, team_id, user_id",
                SQL(", ").join(SQL("sum(%s)", SQL.identifier(fname)) for fname in FIGURES),
                list(self.ids),
            )
        )
        sums = {
            (str(row[0]), row[1], row[2] or False, row[3] or False): [float(v) for v in row[4:]]
            for row in self.env.cr.fetchall()
        }
        self.unlink()
        self._add_deltas(sums, compacting=True)
