import logging
import threading
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

from ..tools.amount_words import chinese_amount_in_words
from .crm_contract_payment_plan import OWING_STATES
from ..tools.guards import (
    DAYS_MAX,
    check_bounds,
    check_internal_users,
    check_protected_fields,
    check_record_access,
    field_label,
    internal_context,
    is_internal,
)

_logger = logging.getLogger(__name__)

DEFAULT_EXPIRY_REMINDER_DAYS = 30
EXPIRY_REMINDER_PARAM = "crm_contract.expiry_reminder_days"
CRON_BATCH_SIZE = 200
# Customers matched by a contract search resolved to ids up to this many (else a subquery).
CUSTOMER_SEARCH_IDS_MAX = 1000

# Figures the addon computes; nobody sets them through create or write.
PROTECTED_FIELDS = (
    "amount_planned",
    "amount_received",
    "amount_due",
    "amount_overdue",
    "payment_progress",
    "payment_state",
    "next_due_date",
    "last_followup_date",
    "commercial_partner_id",
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
# The status changes the buttons offer (and the scheduled expiry): {from: {to, ...}}.
STATE_TRANSITIONS = {
    "draft": {"active", "cancelled"},
    "active": {"expired", "terminated", "cancelled"},
    "expired": set(),
    "terminated": set(),
    "cancelled": {"draft"},
}
# Context marker of the Cancel and Terminate actions (the only ways to those states).
CLOSING = "crm_contract_closing"
# --- Contract document: online signature ---------------------------------------------
# Context marker of the online signature (the only way to set the signature fields).
SIGNING = "crm_contract_signing"
SIGNATURE_FIELDS = ("signature", "signed_by", "signed_on")
# --- end of contract document constants --------------------------------------------------
# --- Renewals and amendments ------------------------------------------------------------
# Context marker of an amendment being applied: the only way to change the amount and the
# end date of an active contract.
AMENDING = "crm_contract_amending"
AMENDED_FIELDS = ("amount_total", "date_end")
# Context marker of the renewal actions (Do Not Renew, the automatic renewal job).
RENEWING = "crm_contract_renewing"
# Set by the addon only: computed from the renewals, or by the renewal actions.
RENEWAL_COMPUTED_FIELDS = ("renewed", "renewed_by_id", "date_notice")
RENEWAL_ACTION_FIELDS = ("no_renew", "auto_renewed", "renewal_noticed_date_end")
RENEWABLE_STATES = ("active", "expired")
# States of a renewal that counts: a cancelled renewal does not renew anything.
OPEN_RENEWAL_STATES = ("draft", "active", "expired", "terminated")
SIGNED_RENEWAL_STATES = ("active", "expired", "terminated")
DEFAULT_RENEWAL_TERM_MONTHS = 12
DEFAULT_NOTICE_DAYS = 30
# The notice activity is given this many days before the notice deadline (its due date).
RENEWAL_NOTICE_LEAD_DAYS = 14
# The automatic renewal job catches up on contracts whose end date passed at most this many
# days ago (a job that did not run for a few days); older ones are left to the users.
AUTO_RENEW_CATCH_UP_DAYS = 31
RENEWAL_TERM_MAX = 1200  # months
# --- end of renewal constants ----------------------------------------------------------


def cron_auto_commit():
    """Scheduled jobs commit each batch, except in tests (as res.users.deletion does)."""
    return not getattr(threading.current_thread(), "testing", False)


class CrmContract(models.Model):
    _name = "crm.contract"
    _description = "Contract"
    _inherit = [
        "mail.thread.main.attachment",
        "mail.activity.mixin",
        "portal.mixin",
        "crm.contract.import.linked",
    ]
    _order = "date_signed desc nulls last, id desc"
    _rec_names_search = ["number", "name", "partner_id.complete_name"]
    _check_company_auto = True

    number = fields.Char(
        string="Contract No.",
        copy=False,
        index="trigram",
        tracking=True,
        help="Left empty, it is taken from the contract sequence when the contract is saved.",
    )
    name = fields.Char(string="Contract Name", required=True, index="trigram", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Company",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Person in Charge",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", tracking=True, check_company=True)
    opportunity_id = fields.Many2one(
        "crm.lead",
        index="btree_not_null",
        check_company=True,
        domain="[('type', '=', 'opportunity')]",
    )
    type_id = fields.Many2one("crm.contract.type", string="Contract Type", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("terminated", "Terminated"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_signed = fields.Date(string="Signed On", copy=False, tracking=True)
    date_start = fields.Date(string="Start Date", tracking=True)
    date_end = fields.Date(string="End Date", index=True, tracking=True)
    customer_signer_id = fields.Many2one(
        "res.partner",
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('is_company', '=', False)]",
        help="The person who signs for the customer: a contact of the customer's company.",
    )
    company_signer_id = fields.Many2one(
        "res.users",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        help="The person who signs for your company.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    amount_total = fields.Monetary(string="Amount", tracking=True)
    description = fields.Html(string="Terms and Notes")
    termination_reason = fields.Text(copy=False, tracking=True)
    cancel_reason = fields.Text(copy=False, tracking=True)
    date_terminated = fields.Date(string="Terminated On", copy=False, tracking=True)
    days_to_expiry = fields.Integer(
        compute="_compute_days_to_expiry",
        help="Days left until the end date (negative once it has passed).",
    )
    expiry_reminded_date_end = fields.Date(
        copy=False,
        help="Technical: the end date for which the expiry reminder activity was created, "
        "so that the scheduled action never creates it twice.",
    )
    # Follow-up records and contacts
    followup_ids = fields.One2many("crm.contract.followup", "contract_id", string="Follow-ups")
    followup_count = fields.Integer(compute="_compute_followup_count", string="Follow-up Count")
    last_followup_date = fields.Datetime(
        compute="_compute_last_followup_date", store=True, string="Last Follow-up"
    )
    contact_ids = fields.One2many("crm.contract.contact", "contract_id", string="Contacts")
    contact_partner_ids = fields.Many2many(
        "res.partner",
        string="Listed Contacts",
        compute="_compute_contact_partner_ids",
        help="The persons already listed in the Contacts tab (not offered again there).",
    )
    primary_contact_id = fields.Many2one("res.partner", compute="_compute_primary_contact_id")
    color = fields.Integer()
    # --- Payment collection: instalments, receipts and their totals -----------
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
    # --- end of payment collection fields ------------------------------------------------
    # --- Contract document: sending, online signature, signed copy ---------------------
    is_sent = fields.Boolean(
        string="Sent",
        copy=False,
        readonly=True,
        help="The contract was sent to the customer by email.",
    )
    sent_date = fields.Datetime(string="Sent On", copy=False, readonly=True)
    signature = fields.Image(
        copy=False,
        attachment=True,
        max_width=1024,
        max_height=1024,
        readonly=True,
        help="The customer's signature, drawn on the customer portal.",
    )
    signed_by = fields.Char(
        copy=False, readonly=True, help="Name of the person who signed on the customer portal."
    )
    signed_on = fields.Datetime(string="Signed Online On", copy=False, readonly=True, tracking=True)
    signed_copy_id = fields.Many2one(
        "ir.attachment",
        copy=False,
        tracking=True,
        index="btree_not_null",
        domain="[('res_model', '=', 'crm.contract'), ('res_id', '=', id)]",
        help="The scan of the signed paper contract: one of the files attached to this contract.",
    )
    # --- end of contract document fields -------------------------------------------------
    # --- Renewals and amendments -----------------------------------------------------------
    previous_contract_id = fields.Many2one(
        "crm.contract",
        string="Renewal Of",
        index="btree_not_null",
        copy=False,
        tracking=True,
        check_company=True,
        ondelete="set null",
        help="The contract this one renews.",
    )
    renewal_ids = fields.One2many(
        "crm.contract", "previous_contract_id", string="Renewals", copy=False
    )
    next_contract_id = fields.Many2one(
        "crm.contract",
        string="Renewal",
        compute="_compute_next_contract_id",
        help="The renewal of this contract, draft or signed (cancelled ones left aside).",
    )
    renewed_by_id = fields.Many2one(
        "crm.contract",
        compute="_compute_renewed",
        store=True,
        index="btree_not_null",
        help="The signed renewal of this contract.",
    )
    renewed = fields.Boolean(
        compute="_compute_renewed",
        store=True,
        index=True,
        help="A renewal of this contract is signed: it leaves the Expiring filters and gets "
        "no more expiry reminders.",
    )
    auto_renewed = fields.Boolean(
        string="Renewed Automatically",
        copy=False,
        readonly=True,
        help="Created and signed by the automatic renewal job.",
    )
    renewal_chain_ids = fields.Many2many(
        "crm.contract",
        compute="_compute_renewal_chain_ids",
        help="The contracts this one renews and those renewing it, oldest first.",
    )
    renewal_chain_count = fields.Integer(compute="_compute_renewal_chain_ids")
    auto_renew = fields.Boolean(
        string="Automatic Renewal",
        tracking=True,
        help="At its end date, the contract is renewed and the renewal signed by the daily "
        "job, unless someone used Do Not Renew before the notice deadline.",
    )
    renewal_term_months = fields.Integer(
        string="Renewal Term (Months)",
        default=DEFAULT_RENEWAL_TERM_MONTHS,
        tracking=True,
        help="Length of each automatic renewal.",
    )
    notice_days = fields.Integer(
        string="Notice Period (Days)",
        default=DEFAULT_NOTICE_DAYS,
        tracking=True,
        help="Days before the end date by which Do Not Renew must be used.",
    )
    date_notice = fields.Date(
        string="Notice Deadline",
        compute="_compute_date_notice",
        store=True,
        help="Last day to use Do Not Renew: the end date minus the notice period.",
    )
    no_renew = fields.Boolean(
        string="Not to Be Renewed",
        copy=False,
        readonly=True,
        tracking=True,
        help="Set by Do Not Renew: the automatic renewal job leaves this contract to expire.",
    )
    can_stop_renewal = fields.Boolean(
        compute="_compute_can_stop_renewal",
        help="Do Not Renew is still possible: the notice deadline has not passed.",
    )
    renewal_noticed_date_end = fields.Date(
        copy=False,
        help="Technical: the end date for which the renewal notice activity was created.",
    )
    amendment_ids = fields.One2many("crm.contract.amendment", "contract_id", string="Amendments")
    amendment_count = fields.Integer(compute="_compute_amendment_count")
    # --- end of renewal and amendment fields -------------------------------------------

    _sql_constraints = [
        (
            "number_company_uniq",
            "unique (number, company_id)",
            "This contract number is already used by another contract of the same company.",
        ),
    ]

    @api.depends("date_end")
    def _compute_days_to_expiry(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.days_to_expiry = (contract.date_end - today).days if contract.date_end else 0

    def _compute_followup_count(self):
        counts = dict(
            self.env["crm.contract.followup"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.followup_count = counts.get(contract, 0)

    @api.depends("followup_ids.date")
    def _compute_last_followup_date(self):
        # one aggregate per batch: reading every follow-up of the contracts made each
        # chunk of a big follow-up import slower than the one before (issue 15)
        saved = self.filtered("id")
        last = dict(
            self.env["crm.contract.followup"]
            .sudo()
            ._read_group([("contract_id", "in", saved.ids)], ["contract_id"], ["date:max"])
            if saved.ids
            else []
        )
        for contract in self:
            if contract.id:
                contract.last_followup_date = last.get(contract._origin, False)
            else:
                dates = contract.followup_ids.mapped("date")
                contract.last_followup_date = max(dates, default=False)

    @api.depends("contact_ids.partner_id")
    def _compute_contact_partner_ids(self):
        for contract in self:
            contract.contact_partner_ids = contract.contact_ids.partner_id

    @api.depends("contact_ids.is_primary")
    def _compute_primary_contact_id(self):
        for contract in self:
            contract.primary_contact_id = contract.contact_ids.filtered("is_primary")[:1].partner_id

    @api.depends("number", "name")
    def _compute_display_name(self):
        for contract in self:
            if contract.number and contract.name:
                contract.display_name = f"{contract.number} - {contract.name}"
            else:
                contract.display_name = contract.number or contract.name or ""

    @api.model
    def _search_display_name(self, operator, value):
        """The customer part of a search by name resolved first (one query on the customers,
        with their access rules), so that PostgreSQL combines the indexes of the number, the
        name and the customer instead of reading every contract: 100,000 contracts are
        searched as fast as CRM's leads (bench/bench_scale.py)."""
        positive = operator in ("ilike", "like", "=ilike", "=like")
        if not positive or not isinstance(value, str) or not value:
            return super()._search_display_name(operator, value)
        domains = []
        for fname in self._rec_names_search:
            if fname != "partner_id.complete_name":
                domains.append([(fname, operator, value)])
                continue
            customers = (
                self.env["res.partner"]
                .with_context(active_test=False)
                ._search([("complete_name", operator, value)], limit=CUSTOMER_SEARCH_IDS_MAX + 1)
            )
            customer_ids = list(customers)
            if len(customer_ids) > CUSTOMER_SEARCH_IDS_MAX:
                return super()._search_display_name(operator, value)
            domains.append([("partner_id", "in", customer_ids)])
        return expression.OR(domains)

    @api.constrains("user_id", "company_signer_id")
    def _check_internal_users(self):
        check_internal_users(self, "user_id", "company_signer_id")

    def _check_number_unique(self, vals_list):
        """A clear refusal naming the number (and company) before the database's unique
        constraint, which stays as the backstop of simultaneous saves. One search for the
        whole batch (an import creates thousands at once)."""
        checks = []
        for vals, contract in vals_list:
            number = vals.get("number", contract.number if contract else False)
            if not number or ("number" not in vals and "company_id" not in vals):
                continue
            company_id = vals.get("company_id") or (
                contract.company_id.id if contract else self.env.company.id
            )
            checks.append((number, company_id, contract.id if contract else None))
        if not checks:
            return
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("number", "in", list({number for number, _c, _i in checks})),
                    ("company_id", "in", list({company for _n, company, _i in checks})),
                ],
                ["number", "company_id"],
            )
        )
        holders = defaultdict(set)
        for record in existing:
            holders[record.number, record.company_id.id].add(record.id)
        for number, company_id, own_id in checks:
            if holders[number, company_id] - {own_id}:
                raise ValidationError(
                    self.env._(
                        "The contract number %(number)s is already used by another contract "
                        "of %(company)s.",
                        number=number,
                        company=self.env["res.company"].sudo().browse(company_id).name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if (
                contract.date_start
                and contract.date_end
                and contract.date_end < contract.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the end date (%(end)s) cannot be before "
                        "the start date (%(start)s).",
                        contract=contract.display_name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    @api.constrains("amount_total")
    def _check_amount_total(self):
        for contract in self:
            if contract.currency_id.compare_amounts(contract.amount_total, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the amount cannot be negative (%(amount)s).",
                        contract=contract.display_name,
                        amount=contract.amount_total,
                    )
                )

    @api.constrains("customer_signer_id", "partner_id")
    def _check_customer_signer(self):
        for contract in self:
            signer = contract.customer_signer_id
            if signer and signer.commercial_partner_id != contract.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the customer signer %(signer)s is not a contact "
                        "of the customer %(customer)s.",
                        contract=contract.display_name,
                        signer=signer.display_name,
                        customer=contract.partner_id.commercial_partner_id.display_name,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        signer = self.customer_signer_id
        if signer and signer.commercial_partner_id != self.partner_id.commercial_partner_id:
            self.customer_signer_id = False

    @api.model_create_multi
    def create(self, vals_list):
        self._check_renewal_create(vals_list)
        for vals in vals_list:
            check_protected_fields(self, vals, PROTECTED_FIELDS)
            self._check_signature_vals(vals)
            check_bounds(self, vals)
            if vals.get("state") == "terminated" and not vals.get("termination_reason"):
                raise UserError(self.env._("A terminated contract needs a termination reason."))
            if not vals.get("number"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["number"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("crm.contract", sequence_date=vals.get("date_signed"))
                    or False
                )
        self._check_number_unique([(vals, None) for vals in vals_list])
        contracts = super().create(vals_list)
        contracts.filtered("customer_signer_id")._sync_signer_contact()
        return contracts

    def write(self, vals):
        check_protected_fields(self, vals, PROTECTED_FIELDS)
        self._check_signature_vals(vals)
        check_bounds(self, vals)
        self._check_renewal_write(vals)
        if "state" in vals:
            self._check_state_change(vals)
        if "currency_id" in vals:
            self._check_currency_change(vals["currency_id"])
        if "number" in vals or "company_id" in vals:
            self._check_number_unique([(vals, contract) for contract in self])
        res = super().write(vals)
        if vals.get("customer_signer_id"):
            self._sync_signer_contact()
        if vals.get("state") == "active":
            self.filtered("previous_contract_id")._notify_renewal_signed()
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        return [
            dict(vals, name=self.env._("%s (copy)", contract.name))
            for contract, vals in zip(self, vals_list, strict=True)
        ]

    def _check_state_change(self, vals):
        """Status changes follow the lifecycle of the buttons, whoever writes them."""
        new = vals["state"]
        for contract in self:
            old = contract.state
            if old == new:
                continue
            if new not in STATE_TRANSITIONS.get(old, set()):
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: the status cannot go from %(old)s to %(new)s.",
                        contract=contract.display_name,
                        old=labels.get(old, old),
                        new=labels.get(new, new),
                    )
                )
            if new in ("terminated", "cancelled") and not is_internal(self, CLOSING):
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: use the %(button)s button, which asks for a "
                        "reason.",
                        contract=contract.display_name,
                        button=self.env._("Terminate")
                        if new == "terminated"
                        else self.env._("Cancel"),
                    )
                )
        if new == "cancelled":
            self._check_no_confirmed_receipts()

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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_active(self):
        if any(contract.state == "active" for contract in self):
            raise UserError(
                self.env._("An active contract cannot be deleted: terminate or cancel it first.")
            )
        self._check_no_confirmed_receipts(deleting=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_activate(self):
        """Sign the contract: it becomes active, signed today unless a date is set."""
        not_draft = self.filtered(lambda c: c.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Only draft contracts can be signed: %(contracts)s.",
                    contracts=", ".join(not_draft.mapped("display_name")),
                )
            )
        today = fields.Date.context_today(self)
        for contract in self:
            contract.write({"state": "active", "date_signed": contract.date_signed or today})
        return True

    def action_terminate(self):
        self.ensure_one()
        if self.state != "active":
            raise UserError(self.env._("Only an active contract can be terminated."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Terminate Contract"),
            "res_model": "crm.contract.terminate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def _terminate(self, reason, date):
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the termination."))
        not_active = self.filtered(lambda c: c.state != "active")
        if not_active:
            raise UserError(
                self.env._(
                    "Only active contracts can be terminated: %(contracts)s.",
                    contracts=", ".join(not_active.mapped("display_name")),
                )
            )
        internal_context(self, CLOSING).write(
            {"state": "terminated", "termination_reason": reason, "date_terminated": date}
        )
        self._close_expiry_reminders()

    def _check_can_cancel(self):
        done = self.filtered(lambda c: c.state not in ("draft", "active"))
        if done:
            raise UserError(
                self.env._(
                    "Only draft or active contracts can be cancelled: %(contracts)s.",
                    contracts=", ".join(done.mapped("display_name")),
                )
            )
        self._check_no_confirmed_receipts()

    def action_cancel(self):
        """Asks for the reason in a dialog (Cancel Contract / Discard)."""
        self._check_can_cancel()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Contract"),
            "res_model": "crm.contract.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_ids": self.ids},
        }

    def _cancel(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the cancellation."))
        self._check_can_cancel()
        internal_context(self, CLOSING).write({"state": "cancelled", "cancel_reason": reason})
        self._close_expiry_reminders()
        return True

    def action_draft(self):
        not_cancelled = self.filtered(lambda c: c.state != "cancelled")
        if not_cancelled:
            raise UserError(self.env._("Only cancelled contracts can be set back to draft."))
        self.write({"state": "draft", "cancel_reason": False})
        return True

    def action_open_opportunity(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "view_mode": "form",
            "res_id": self.opportunity_id.id,
        }

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Contracts"),
                "template": "/crm_contract/static/xls/crm_contract_import_template.xlsx",
            }
        ]

    def action_view_partner_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_contract.crm_contract_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    def action_add_followup(self):
        """The quick form of a new follow-up record of this contract (a dialog)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Follow-up Record"),
            "res_model": "crm.contract.followup",
            "view_mode": "form",
            "views": [
                (self.env.ref("crm_contract.crm_contract_followup_view_form_quick").id, "form")
            ],
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contract.crm_contract_followup_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Contacts
    # ------------------------------------------------------------------

    def _sync_signer_contact(self):
        """The customer signer is always among the contract's contacts, as a signer."""
        new_lines = []
        for contract in self.filtered("customer_signer_id"):
            line = contract.contact_ids.filtered(
                lambda c, signer=contract.customer_signer_id: c.partner_id == signer
            )
            if line:
                line.role = "signer"
            else:
                new_lines.append(
                    {
                        "contract_id": contract.id,
                        "partner_id": contract.customer_signer_id.id,
                        "role": "signer",
                    }
                )
        if new_lines:
            self.env["crm.contract.contact"].create(new_lines)

    def _fix_primary_contact(self, preferred=None):
        """Keep exactly one primary contact on each contract that has contacts: the one
        just marked primary, else the current one, else the first contact."""
        for contract in self:
            lines = contract.contact_ids
            if not lines:
                continue
            chosen = (preferred or lines.browse()).filtered(
                lambda c, k=contract: c.contract_id == k
            )
            primary = chosen[-1:] or lines.filtered("is_primary")[:1] or lines[:1]
            to_unset = lines.filtered("is_primary") - primary
            if to_unset:
                to_unset.with_context(crm_contract_fixing_primary=True).is_primary = False
            if not primary.is_primary:
                primary.with_context(crm_contract_fixing_primary=True).is_primary = True

    # ------------------------------------------------------------------
    # Payment collection: totals, guards and actions
    # ------------------------------------------------------------------

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
            receipt_groups = self.env["crm.contract.payment"]._read_group(
                [("contract_id", "in", saved.ids), ("state", "=", "confirmed")],
                ["contract_id"],
                ["amount:sum"],
            )
            for contract, amount in receipt_groups:
                totals[contract.id]["received"] = amount
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
        owing = self.state in OWING_STATES
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
        if self.state not in ("active", "expired"):
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
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contract.crm_contract_payment_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    def action_view_payment_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contract.crm_contract_payment_plan_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    # --- end of payment collection methods -----------------------------------------------

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _get_expiry_reminder_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(EXPIRY_REMINDER_PARAM)
        try:
            days = int(value) if value not in (None, False, "") else DEFAULT_EXPIRY_REMINDER_DAYS
        except ValueError:
            return DEFAULT_EXPIRY_REMINDER_DAYS
        return min(max(days, 0), DAYS_MAX)

    @api.model
    def _run_in_batches(self, records, process, what, batches=False):
        """Run ``process`` (on a recordset) over ``records`` batch by batch (``records`` is
        a list of batches when ``batches``): each batch is committed (outside tests) and
        reported to the scheduler's progress. When a batch fails, its records are run one
        by one: a record that fails is logged, noted on the record for the administrators
        and skipped; the others go on. Returns the records that failed."""
        if not batches:
            records = [
                records[start : start + CRON_BATCH_SIZE]
                for start in range(0, len(records), CRON_BATCH_SIZE)
            ]
        done, remaining = 0, sum(len(batch) for batch in records)
        cron = self.env["ir.cron"]
        cron._notify_progress(done=done, remaining=remaining)
        auto_commit = cron_auto_commit()
        failed = []
        for batch in records:
            if not self._run_protected(process, batch):
                for record in batch:
                    error = self._run_protected(process, record, raise_error=False)
                    if error is not True:
                        failed.append(record)
                        _logger.error("Scheduled job %s skipped %s: %s", what, record, error)
                        record._note_cron_failure(what, error)
            done += len(batch)
            remaining -= len(batch)
            cron._notify_progress(done=done, remaining=remaining)
            if auto_commit:
                # each batch of a scheduled job is kept, whatever happens to the next ones
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return failed

    def _run_protected(self, process, records, raise_error=True):
        try:
            with self.env.cr.savepoint():
                process(records)
                self.env.flush_all()
        except Exception as exc:  # noqa: BLE001  (one record must not stop the job)
            self.env.invalidate_all()
            return False if raise_error else exc
        return True

    def _note_cron_failure(self, what, exc):
        """Tell the administrators, in the record's chatter, that a scheduled job skipped it."""
        contract = self
        try:
            with self.env.cr.savepoint():
                contract.sudo().message_post(
                    body=self.env._(
                        "Scheduled job %(job)s skipped this record: %(error)s",
                        job=what,
                        error=str(exc)[:500],
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        except Exception:  # noqa: BLE001
            _logger.exception("Could not note the failure on %s", contract)

    @api.model
    def _cron_expire_contracts(self):
        """Expire active contracts whose end date has passed."""
        today = fields.Date.context_today(self)
        expired = self.search([("state", "=", "active"), ("date_end", "<", today)], order="id")
        self._run_in_batches(expired, lambda batch: batch.write({"state": "expired"}), "expiry")
        return expired

    @api.model
    def _cron_expiry_reminders(self):
        """Give the person in charge an activity N days before the end date, once per end date."""
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=self._get_expiry_reminder_days())
        contracts = self.search(
            [
                ("state", "=", "active"),
                ("renewed", "=", False),
                ("date_end", ">=", today),
                ("date_end", "<=", limit),
            ],
            order="id",
        ).filtered(lambda c: c.expiry_reminded_date_end != c.date_end)
        activity_type = self.env.ref("crm_contract.mail_activity_type_contract_expiry")

        def remind(batch):
            for contract in batch:
                contract._remind_expiry(activity_type)

        self._run_in_batches(contracts, remind, "expiry reminders")
        return contracts

    def _remind_expiry(self, activity_type):
        """The expiry activity of one contract, worded in its assignee's language."""
        self.ensure_one()
        user = self.user_id or self.env.user
        lang = user.lang or self.env.lang
        self.activity_schedule(
            activity_type_id=activity_type.id,
            date_deadline=self.date_end,
            summary=self.with_context(lang=lang).env._(
                "Contract expires on %(date)s",
                date=format_date(self.env, self.date_end, lang_code=lang),
            ),
            user_id=user.id,
        )
        self.expiry_reminded_date_end = self.date_end

    def _close_expiry_reminders(self):
        self.activity_unlink(["crm_contract.mail_activity_type_contract_expiry"])

    # ------------------------------------------------------------------
    # Contract document: reports, sending, portal, online signature
    # ------------------------------------------------------------------

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"
        return res

    def _get_report_base_filename(self):
        self.ensure_one()
        number = (self.number or "").replace("/", "-")
        return f"{number} - {self.name}" if number else self.name

    def _get_portal_return_action(self):
        """The back-end action of the "back to edit mode" link of the portal page."""
        return self.env.ref("crm_contract.crm_contract_action")

    @api.constrains("signed_copy_id")
    def _check_signed_copy(self):
        for contract in self:
            copy = contract.signed_copy_id
            if copy and (copy.res_model != self._name or copy.res_id != contract.id):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the signed copy must be a file attached to "
                        "this contract (%(file)s is not).",
                        contract=contract.display_name,
                        file=copy.name,
                    )
                )

    def _check_signature_vals(self, vals):
        """The online signature is set by the portal's signing only (never by create/write)."""
        given = [fname for fname in SIGNATURE_FIELDS if fname in vals]
        if given and not is_internal(self, SIGNING):
            raise UserError(
                self.env._(
                    "%(fields)s: set when the customer signs on the portal, cannot be set "
                    "directly.",
                    fields=", ".join(field_label(self, fname) for fname in given),
                )
            )

    def _amount_in_words(self):
        """The amount in words, in the language of the environment: Chinese capital numerals
        for yuan in Chinese (num2words has no Chinese), else the currency's amount_to_text."""
        self.ensure_one()
        lang = self.env.lang or ""
        if lang.startswith("zh") and self.currency_id.name == "CNY":
            return chinese_amount_in_words(self.amount_total)
        return self.currency_id.amount_to_text(self.amount_total)

    def _statement_values(self):
        """What the Payment Statement shows, as of today: the instalments (with the part owed
        and whether it is overdue today), the confirmed receipts and the totals."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        plans = self.payment_plan_ids.filtered(lambda p: p.state != "cancelled").sorted(
            lambda p: (p.date_due, p.installment, p.id)
        )
        overdue_plans = plans.filtered(
            lambda p: p.date_due < today
            and self.currency_id.compare_amounts(p.amount_residual, 0) > 0
        )
        return {
            "today": today,
            "plans": plans,
            "overdue_plans": overdue_plans,
            "receipts": self.payment_ids.filtered(lambda r: r.state == "confirmed").sorted(
                lambda r: (r.date, r.id)
            ),
            "received": self.amount_received,
            "due": self.amount_due,
            "overdue": sum(overdue_plans.mapped("amount_residual")),
        }

    def _has_to_be_signed(self):
        """Whether the customer can sign this contract online now: the only place that
        decides it (bridge addons add their conditions, e.g. an approval)."""
        self.ensure_one()
        return self.state == "draft" and not self.signature

    def action_contract_send(self):
        """The email composer with the contract's template (its PDF attached)."""
        return self._action_send_document("crm_contract.mail_template_crm_contract")

    def action_statement_send(self):
        """The email composer with the payment statement's template (its PDF attached)."""
        return self._action_send_document(
            "crm_contract.mail_template_crm_contract_statement", mark_sent=False
        )

    def _action_send_document(self, template_xmlid, mark_sent=True):
        self.ensure_one()
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        self._portal_ensure_token()
        ctx = {
            "default_model": self._name,
            "default_res_ids": self.ids,
            "default_template_id": template.id if template else False,
            "default_composition_mode": "comment",
            "default_email_layout_xmlid": (
                "mail.mail_notification_layout_with_responsible_signature"
            ),
            "email_notification_allow_footer": True,
            "force_email": True,
            "mark_contract_as_sent": mark_sent,
        }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send by Email"),
            "view_mode": "form",
            "res_model": "mail.compose.message",
            "views": [(False, "form")],
            "target": "new",
            "context": ctx,
        }

    def message_post(self, **kwargs):
        if self.env.context.get("mark_contract_as_sent"):
            self.filtered(lambda c: c.state != "cancelled").with_context(
                mark_contract_as_sent=False
            ).write({"is_sent": True, "sent_date": fields.Datetime.now()})
        return super().message_post(**kwargs)

    def action_print(self):
        return self.env.ref("crm_contract.crm_contract_action_report_contract").report_action(self)

    def action_print_statement(self):
        return self.env.ref("crm_contract.crm_contract_action_report_statement").report_action(self)

    def action_preview_contract(self):
        """The contract's customer portal page, as the customer sees it."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def action_download_signed_copy(self):
        self.ensure_one()
        if not self.signed_copy_id:
            raise UserError(self.env._("No signed copy is set on this contract."))
        return {
            "type": "ir.actions.act_url",
            "target": "download",
            "url": f"/web/content/{self.signed_copy_id.id}?download=true",
        }

    def _sign_online(self, name, signature, signer=None):
        """Sign a draft contract on the portal (call it on the sudo record, once the
        customer's access is checked): store the signature, make the contract active as
        of today through the lifecycle rules, post the signed PDF and give the person in
        charge an activity."""
        self.ensure_one()
        if not self._has_to_be_signed():
            raise UserError(
                self.env._(
                    "Contract %(contract)s is not waiting for the customer's signature.",
                    contract=self.display_name,
                )
            )
        name = (name or "").strip()
        if not name or not signature:
            raise UserError(self.env._("Give your name and draw your signature to sign."))
        today = fields.Date.context_today(self.with_context(tz=self.user_id.tz or "UTC"))
        internal_context(self, SIGNING).write(
            {
                "signature": signature,
                "signed_by": name,
                "signed_on": fields.Datetime.now(),
                "date_signed": today,
            }
        )
        self.action_activate()
        self._post_signed_pdf(name, signer)
        self._schedule_signed_activity(name)
        return True

    def _post_signed_pdf(self, name, signer=None):
        report = self.env.ref("crm_contract.crm_contract_action_report_contract")
        pdf = self.env["ir.actions.report"]._render_qweb_pdf(report, self.ids)[0]
        self.message_post(
            body=self.env._("Contract signed online by %(name)s.", name=name),
            attachments=[(f"{self._get_report_base_filename()}.pdf", pdf)],
            author_id=(signer or self.partner_id).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _schedule_signed_activity(self, name):
        user = self.user_id
        if not user:
            return
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.with_context(lang=user.lang or self.env.lang).env._(
                "Signed online by %(name)s: check the contract", name=name
            ),
            user_id=user.id,
        )

    # ------------------------------------------------------------------
    # Renewals and amendments
    # ------------------------------------------------------------------

    def init(self):
        res = super().init()
        # One automatic renewal per contract, whatever runs the job: the backstop of the
        # row lock taken by _auto_renew (two workers running the job at the same time).
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS crm_contract_auto_renewal_uniq "
            "ON crm_contract (previous_contract_id) WHERE auto_renewed"
        )
        return res

    @api.depends("renewal_ids.state")
    def _compute_next_contract_id(self):
        for contract in self:
            contract.next_contract_id = contract._open_renewals()[:1]

    @api.depends("renewal_ids.state", "renewal_ids.date_signed")
    def _compute_renewed(self):
        for contract in self:
            signed = contract.renewal_ids.filtered(lambda c: c.state in SIGNED_RENEWAL_STATES)
            signed = signed.sorted(lambda c: (c.date_signed or fields.Date.today(), c.id))
            contract.renewed_by_id = signed[:1]
            contract.renewed = bool(signed)

    def _compute_renewal_chain_ids(self):
        for contract in self:
            chain = contract
            previous = contract.previous_contract_id
            while previous and previous not in chain:
                chain |= previous
                previous = previous.previous_contract_id
            todo = contract.renewal_ids
            while todo - chain:
                chain |= todo
                todo = todo.renewal_ids
            contract.renewal_chain_ids = chain.sorted(
                lambda c: (c.date_start or c.date_end or fields.Date.today(), c.id)
            )
            contract.renewal_chain_count = len(chain) - 1

    @api.depends("date_end", "notice_days", "auto_renew")
    def _compute_date_notice(self):
        for contract in self:
            contract.date_notice = (
                contract.date_end - timedelta(days=contract.notice_days or 0)
                if contract.auto_renew and contract.date_end
                else False
            )

    @api.depends("auto_renew", "state", "no_renew", "renewed", "date_notice")
    def _compute_can_stop_renewal(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.can_stop_renewal = (
                contract.auto_renew
                and contract.state == "active"
                and not contract.no_renew
                and not contract.renewed
                and (not contract.date_notice or contract.date_notice >= today)
            )

    def _compute_amendment_count(self):
        counts = dict(
            self.env["crm.contract.amendment"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.amendment_count = counts.get(contract, 0)

    @api.constrains("previous_contract_id")
    def _check_previous_contract(self):
        renewals = self.filtered("previous_contract_id")
        if not renewals:
            return  # most contracts renew nothing (an import creates thousands at once)
        if renewals._has_cycle("previous_contract_id"):
            raise ValidationError(
                self.env._("A contract cannot renew itself, directly or through its renewals.")
            )
        previous = renewals.previous_contract_id
        groups = self.sudo()._read_group(
            [("previous_contract_id", "in", previous.ids), ("state", "!=", "cancelled")],
            ["previous_contract_id"],
            ["__count"],
        )
        for old, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is already renewed by another contract: cancel "
                        "that renewal first.",
                        contract=old.sudo().display_name,
                    )
                )

    @api.constrains("renewal_term_months", "notice_days")
    def _check_renewal_terms(self):
        for contract in self:
            if not 1 <= contract.renewal_term_months <= RENEWAL_TERM_MAX:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the renewal term must be between 1 and "
                        "%(max)s months.",
                        contract=contract.display_name,
                        max=RENEWAL_TERM_MAX,
                    )
                )
            if not 0 <= contract.notice_days <= DAYS_MAX:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the notice period must be between 0 and "
                        "%(max)s days.",
                        contract=contract.display_name,
                        max=DAYS_MAX,
                    )
                )

    def _check_renewal_create(self, vals_list):
        """The renewal marks are set by the addon; a renewal links only a contract the user
        may edit."""
        for vals in vals_list:
            check_protected_fields(self, vals, RENEWAL_COMPUTED_FIELDS)
            if not is_internal(self, RENEWING):
                check_protected_fields(self, vals, RENEWAL_ACTION_FIELDS)
        previous_ids = {
            vals["previous_contract_id"] for vals in vals_list if vals.get("previous_contract_id")
        }
        self._check_previous_access(previous_ids)

    def _check_renewal_write(self, vals):
        """Write guard of the renewal and amendment rules, whoever writes (form, JSON-RPC,
        import): computed marks refused, the previous contract editable by the user, the
        amount and end date of an active contract changed only by an amendment, and the
        automatic renewal kept after its notice deadline."""
        check_protected_fields(self, vals, RENEWAL_COMPUTED_FIELDS)
        if not is_internal(self, RENEWING):
            check_protected_fields(self, vals, RENEWAL_ACTION_FIELDS)
            if "auto_renew" in vals and not vals["auto_renew"]:
                self._check_notice_open()
        if vals.get("previous_contract_id"):
            self._check_previous_access({vals["previous_contract_id"]})
        if not is_internal(self, AMENDING):
            self._check_amended_fields(vals)

    def _check_previous_access(self, previous_ids):
        if not previous_ids or not all(isinstance(i, int) for i in previous_ids):
            return
        previous = self.browse(sorted(previous_ids)).exists()
        if len(previous) != len(previous_ids):
            raise UserError(self.env._("The contract to renew does not exist."))
        check_record_access(previous, "write")

    def _check_amended_fields(self, vals):
        changed = [fname for fname in AMENDED_FIELDS if fname in vals]
        if not changed:
            return
        for contract in self.filtered(lambda c: c.state == "active"):
            differs = []
            if "amount_total" in vals and contract.currency_id.compare_amounts(
                float(vals["amount_total"] or 0.0), contract.amount_total
            ):
                differs.append("amount_total")
            if "date_end" in vals and (
                fields.Date.to_date(vals["date_end"] or False) != contract.date_end
            ):
                differs.append("date_end")
            if differs:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is active: %(fields)s can only be changed "
                        "through an amendment. Use the Amend button to record the change, its "
                        "reason and its effective date.",
                        contract=contract.display_name,
                        fields=self.env._(" and ").join(
                            f'"{self._fields[fname]._description_string(self.env)}"'
                            for fname in differs
                        ),
                    )
                )

    def _check_notice_open(self, today=None):
        """Refuse to stop the automatic renewal of an active contract once its notice
        deadline has passed."""
        today = today or fields.Date.context_today(self)
        late = self.filtered(
            lambda c: c.state == "active"
            and c.auto_renew
            and c.date_notice
            and c.date_notice < today
        )
        if late:
            raise UserError(
                self.env._(
                    "Contract %(contract)s: the notice deadline (%(deadline)s) has passed; it "
                    "is renewed automatically on %(end)s. Terminate it, or amend it, instead.",
                    contract=late[0].display_name,
                    deadline=format_date(self.env, late[0].date_notice),
                    end=format_date(self.env, late[0].date_end),
                )
            )

    def _open_renewals(self):
        self.ensure_one()
        return self.renewal_ids.filtered(lambda c: c.state in OPEN_RENEWAL_STATES).sorted("id")

    # --- Renewing ----------------------------------------------------------------------

    def action_renew(self):
        """Create the renewal as a draft and open it."""
        self.ensure_one()
        successor = self._renew()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Renewal"),
            "res_model": "crm.contract",
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": successor.id,
            "target": "current",
        }

    def _renew(self, months=None, automatic=False):
        """The draft renewals of ``self`` (one each), with the same customer, type, persons,
        signers, contacts, amount and terms, starting the day after the end date."""
        check_record_access(self, "write")
        self._check_renewable()
        Contract = internal_context(self, RENEWING) if automatic else self
        successors = Contract.create(
            [contract._prepare_renewal_vals(months, automatic) for contract in self]
        )
        for contract, successor in zip(self, successors, strict=True):
            contract.message_post(
                body=Markup(
                    self.env._("Renewal %(link)s created.", link=successor._get_html_link())
                ),
                subtype_xmlid="mail.mt_note",
            )
        return successors

    def _check_renewable(self):
        for contract in self:
            if contract.state not in RENEWABLE_STATES:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: only active or expired contracts can be renewed.",
                        contract=contract.display_name,
                    )
                )
            if not contract.date_end:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has no end date: set it before renewing.",
                        contract=contract.display_name,
                    )
                )
            renewal = contract.sudo()._open_renewals()[:1]
            if renewal:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is already renewed by %(renewal)s.",
                        contract=contract.display_name,
                        renewal=renewal.display_name,
                    )
                )

    def _prepare_renewal_vals(self, months=None, automatic=False):
        self.ensure_one()
        if automatic and not months:
            months = self.renewal_term_months
        start, end = self._renewal_dates(months)
        contacts = [
            fields.Command.create(
                {
                    "partner_id": line.partner_id.id,
                    "role": line.role,
                    "is_primary": line.is_primary,
                    "sequence": line.sequence,
                }
            )
            for line in self.contact_ids
        ]
        vals = {
            "name": self.name,
            "partner_id": self.partner_id.id,
            "type_id": self.type_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "opportunity_id": self.opportunity_id.id,
            "customer_signer_id": self.customer_signer_id.id,
            "company_signer_id": self.company_signer_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "amount_total": self.amount_total,
            "description": self.description,
            "date_start": start,
            "date_end": end,
            "previous_contract_id": self.id,
            "auto_renew": self.auto_renew,
            "renewal_term_months": self.renewal_term_months or DEFAULT_RENEWAL_TERM_MONTHS,
            "notice_days": self.notice_days,
            "contact_ids": contacts,
        }
        if automatic:
            vals["auto_renewed"] = True
        return vals

    def _renewal_dates(self, months=None):
        """(start, end) of the renewal: from the day after the end date, for ``months``
        months, else for the same duration as this contract (whole months kept as months,
        so that a calendar year is renewed for the next calendar year)."""
        self.ensure_one()
        start = self.date_end + timedelta(days=1)
        if not months and self.date_start:
            span = relativedelta(start, self.date_start)
            if span.days:
                return start, start + (self.date_end - self.date_start)
            months = span.years * 12 + span.months
        months = months or self.renewal_term_months or DEFAULT_RENEWAL_TERM_MONTHS
        return start, start + relativedelta(months=months) - timedelta(days=1)

    def _notify_renewal_signed(self):
        """Signed renewals: their previous contracts say so and lose their expiry and
        notice activities."""
        for renewal in self:
            previous = renewal.sudo().previous_contract_id
            previous.message_post(
                body=Markup(
                    self.env._("Renewed by %(link)s (signed).", link=renewal._get_html_link())
                ),
                subtype_xmlid="mail.mt_note",
            )
            previous._close_expiry_reminders()
            previous.activity_unlink(["crm_contract.mail_activity_type_contract_renewal_notice"])

    def action_view_renewal_chain(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_contract.crm_contract_action")
        action["domain"] = [("id", "in", self.renewal_chain_ids.ids)]
        action["context"] = {"create": False}
        action["name"] = self.env._("Renewals")
        return action

    def action_view_previous_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.contract",
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": self.previous_contract_id.id,
        }

    # --- Automatic renewal ---------------------------------------------------------------

    def action_no_renew(self):
        """Do Not Renew: before the notice deadline, the automatic renewal is stopped."""
        check_record_access(self, "write")
        not_auto = self.filtered(lambda c: not c.auto_renew or c.state != "active")
        if not_auto:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is not an active contract renewed automatically.",
                    contract=not_auto[0].display_name,
                )
            )
        self._check_notice_open()
        internal_context(self, RENEWING).write({"no_renew": True})
        self.activity_unlink(["crm_contract.mail_activity_type_contract_renewal_notice"])
        for contract in self:
            contract.message_post(
                body=self.env._("Do Not Renew: the contract will not be renewed automatically."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_resume_renew(self):
        """Undo Do Not Renew: the contract is renewed automatically again."""
        check_record_access(self, "write")
        internal_context(self.filtered("no_renew"), RENEWING).write({"no_renew": False})
        return True

    @api.model
    def _cron_auto_renew(self):
        """The daily renewal job: notice activities, then the automatic renewals of the
        contracts ending today (or a few days ago, when the job did not run)."""
        today = fields.Date.context_today(self)
        self._cron_renewal_notices(today)
        contracts = self.search(
            [
                ("auto_renew", "=", True),
                ("no_renew", "=", False),
                ("renewed", "=", False),
                ("state", "in", RENEWABLE_STATES),
                ("date_end", "<=", today),
                ("date_end", ">=", today - timedelta(days=AUTO_RENEW_CATCH_UP_DAYS)),
            ],
            order="id",
        ).filtered(lambda c: not c._open_renewals())
        self._run_in_batches(contracts, lambda batch: batch._auto_renew(), "automatic renewal")
        return contracts

    def _auto_renew(self):
        """Renew and sign ``self``, once: the contracts are locked first (a second job
        running at the same time skips them) and checked again once locked."""
        if not self:
            return self
        self.env.cr.execute(
            "SELECT id FROM crm_contract WHERE id IN %s ORDER BY id FOR NO KEY UPDATE SKIP LOCKED",
            [tuple(self.ids)],
        )
        locked = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.env["crm.contract"].invalidate_model(["previous_contract_id", "state"])
        locked.invalidate_recordset(["renewal_ids", "renewed", "no_renew"])
        todo = locked.filtered(lambda c: not c.no_renew and not c._open_renewals())
        if not todo:
            return todo
        successors = todo._renew(automatic=True)
        successors.action_activate()
        for contract, successor in zip(todo, successors, strict=True):
            body = self.env._(
                "Renewed automatically by the daily job with the same terms for %(months)s "
                "months: %(link)s, signed.",
                months=contract.renewal_term_months,
                link=successor._get_html_link(),
            )
            contract.message_post(body=Markup(body), subtype_xmlid="mail.mt_note")
            successor.message_post(
                body=Markup(
                    self.env._(
                        "Signed automatically by the daily renewal job, with the same terms "
                        "as %(link)s.",
                        link=contract._get_html_link(),
                    )
                ),
                subtype_xmlid="mail.mt_note",
            )
        return successors

    @api.model
    def _cron_renewal_notices(self, today=None):
        """The person in charge of a contract renewed automatically gets an activity due at
        the notice deadline (once per end date), given a few days before it."""
        today = today or fields.Date.context_today(self)
        contracts = self.search(
            [
                ("auto_renew", "=", True),
                ("no_renew", "=", False),
                ("renewed", "=", False),
                ("state", "=", "active"),
                ("date_notice", "!=", False),
                ("date_notice", "<=", today + timedelta(days=RENEWAL_NOTICE_LEAD_DAYS)),
                ("date_end", ">=", today),
            ],
            order="id",
        ).filtered(lambda c: c.renewal_noticed_date_end != c.date_end)
        activity_type = self.env.ref("crm_contract.mail_activity_type_contract_renewal_notice")

        def notify(batch):
            for contract in batch:
                contract._notify_renewal_notice(activity_type)

        self._run_in_batches(contracts, notify, "renewal notices")
        return contracts

    def _notify_renewal_notice(self, activity_type):
        self.ensure_one()
        user = self.user_id or self.env.user
        lang = user.lang or self.env.lang
        self.activity_schedule(
            activity_type_id=activity_type.id,
            date_deadline=max(self.date_notice, fields.Date.context_today(self)),
            summary=self.with_context(lang=lang).env._(
                "Renewed automatically on %(date)s unless Do Not Renew is used by %(deadline)s",
                date=format_date(self.env, self.date_end, lang_code=lang),
                deadline=format_date(self.env, self.date_notice, lang_code=lang),
            ),
            user_id=user.id,
        )
        internal_context(self, RENEWING).renewal_noticed_date_end = self.date_end

    # --- Amendments ----------------------------------------------------------------------

    def action_amend(self):
        """A new amendment of this contract, in its form."""
        self.ensure_one()
        self._check_amendable()
        check_record_access(self, "write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Amendment"),
            "res_model": "crm.contract.amendment",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_contract_id": self.id},
        }

    def _check_amendable(self):
        not_active = self.filtered(lambda c: c.state != "active")
        if not_active:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is not active: only active contracts are amended.",
                    contract=not_active[0].display_name,
                )
            )

    def action_view_amendments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contract.crm_contract_amendment_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    # --- end of renewal and amendment methods ------------------------------------------
