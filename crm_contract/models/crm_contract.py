"""The contract itself: identity, customer and persons, lifecycle, contacts, the link to
the opportunity, follow-up records, the daily expiry jobs and the rules every path (form,
JSON-RPC, import, scheduled job) goes through.

Each other feature of the contract extends ``crm.contract`` in a file of its own, with its
fields, computes, constraints, actions and its own ``create``/``write`` calling ``super()``:

- ``crm_contract_collection.py``: payment collection (figures, Register Payment, guards);
- ``crm_contract_document.py``: the contract document (reports, sending, portal, signature);
- ``crm_contract_renewal.py``: renewals, automatic renewal, the contract side of amendments.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

from ..tools.guards import (
    check_bounds,
    check_internal_users,
    check_protected_fields,
    field_label,
    internal_context,
    is_internal,
    value_changes,
)
from ..tools.numbering import number_vals
from ..tools.settings import get_setting

# Customers matched by a contract search resolved to ids up to this many (else a subquery).
CUSTOMER_SEARCH_IDS_MAX = 1000
# Figures of the contract itself the addon computes; nobody sets them through create or
# write (each feature protects its own figures: see _protected_fields).
PROTECTED_FIELDS = ("last_followup_date", "commercial_partner_id")
# The status changes the buttons offer (and the scheduled expiry): {from: {to, ...}}.
STATE_TRANSITIONS = {
    "draft": {"active", "cancelled"},
    "active": {"expired", "terminated", "cancelled"},
    "expired": set(),
    "terminated": set(),
    "cancelled": {"draft"},
}
# Facts of the signature: once the contract is signed (out of draft), they change only
# through the addon's own flows, never by a write.
SEALED_FIELDS = ("date_signed", "customer_signer_id", "company_signer_id")
# Internal marker of the expiry reminder job (the only writer of its marker field).
EXPIRY_REMINDING = "crm_contract_expiry_reminding"
EXPIRY_MARKER_FIELDS = ("expiry_reminded_date_end",)
# Internal marker of Undo Import taking back the contracts an import created (active ones
# included, when nobody changed them since).
UNDOING = "crm_contract_import_undoing"
# Internal marker of the Cancel and Terminate actions (the only ways to those states).
CLOSING = "crm_contract_closing"
# Internal marker of the contract keeping exactly one primary contact (the only writer
# allowed to leave two primary contacts for a moment).
FIXING_PRIMARY = "crm_contract_fixing_primary"


class CrmContract(models.Model):
    _name = "crm.contract"
    _description = "Contract"
    _inherit = [
        "mail.thread.main.attachment",
        "mail.activity.mixin",
        "portal.mixin",
        "crm.contract.import.linked",
        "crm.contract.batch.mixin",
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
        # chunk of a big follow-up import slower than the one before
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

    def _protected_fields(self):
        """The fields nobody sets through create or write (figures the addon computes, and
        markers only its own flows set, under their internal marker); each feature adds its
        own."""
        if is_internal(self, EXPIRY_REMINDING):
            return PROTECTED_FIELDS
        return PROTECTED_FIELDS + EXPIRY_MARKER_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        protected = self._protected_fields()
        for vals in vals_list:
            check_protected_fields(self, vals, protected)
            check_bounds(self, vals)
            if vals.get("state") == "terminated" and not vals.get("termination_reason"):
                raise UserError(self.env._("A terminated contract needs a termination reason."))
        self._number_new(vals_list)
        self._check_number_unique([(vals, None) for vals in vals_list])
        contracts = super().create(vals_list)
        contracts.filtered("customer_signer_id")._sync_signer_contact()
        return contracts

    @api.model
    def _number_new(self, vals_list):
        """Number the contracts given without a number from the sequence of their company,
        by year of signature (safe when two transactions take the first number of a year at
        once: ``tools.numbering``)."""
        Company = self.env["res.company"]
        number_vals(
            self.env,
            "crm.contract",
            vals_list,
            lambda vals: Company.browse(vals.get("company_id")) or self.env.company,
            "date_signed",
        )

    def write(self, vals):
        check_protected_fields(self, vals, self._protected_fields())
        check_bounds(self, vals)
        self._check_sealed(vals)
        if "state" in vals:
            self._check_state_change(vals)
        if "number" in vals or "company_id" in vals:
            self._check_number_unique([(vals, contract) for contract in self])
        res = super().write(vals)
        if vals.get("customer_signer_id"):
            self._sync_signer_contact()
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        return [
            dict(vals, name=self.env._("%s (copy)", contract.name))
            for contract, vals in zip(self, vals_list, strict=True)
        ]

    def _check_sealed(self, vals):
        """The facts of the signature (signing date, signers) of a signed contract are kept
        as signed: a write that changes them is refused, whoever sends it."""
        given = [fname for fname in SEALED_FIELDS if fname in vals]
        if not given:
            return
        for contract in self.filtered(lambda c: c.state != "draft"):
            changed = [f for f in given if value_changes(contract, f, vals[f])]
            if changed:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is signed: %(fields)s are kept as signed and "
                        "cannot be changed.",
                        contract=contract.display_name,
                        fields=", ".join(f'"{field_label(self, fname)}"' for fname in changed),
                    )
                )

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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_active(self):
        if is_internal(self, UNDOING):
            return  # Undo Import checked that nobody changed them since the import
        if any(contract.state == "active" for contract in self):
            raise UserError(
                self.env._("An active contract cannot be deleted: terminate or cancel it first.")
            )

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
        return self._action_open_related("crm_contract.crm_contract_followup_action")

    def _action_open_related(self, action_xmlid):
        """The action ``action_xmlid`` on the records of this contract (its follow-ups,
        instalments, receipts, amendments...), new ones made for it."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
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
                internal_context(to_unset, FIXING_PRIMARY).is_primary = False
            if not primary.is_primary:
                internal_context(primary, FIXING_PRIMARY).is_primary = True

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _cron_expire_contracts(self):
        """Expire active contracts whose end date has passed."""
        today = fields.Date.context_today(self)

        def expire(batch):
            locked = batch._lock_rows()
            locked.invalidate_recordset(["state", "date_end"])
            locked.filtered(lambda c: c.state == "active" and c.date_end < today).write(
                {"state": "expired"}
            )

        return self._run_job(
            "expiry",
            lambda: self.search([("state", "=", "active"), ("date_end", "<", today)], order="id"),
            expire,
            cron="crm_contract.ir_cron_crm_contract_expire",
        )

    @api.model
    def _cron_expiry_reminders(self):
        """Give the person in charge an activity N days before the end date, once per end
        date: checked again once the contracts of a batch are locked (another run may have
        made it since the list was picked)."""
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=get_setting(self.env, "expiry_reminder_days"))
        activity_type = self.env.ref("crm_contract.mail_activity_type_contract_expiry")

        def pick():
            return self.search(
                [
                    ("state", "=", "active"),
                    ("renewed", "=", False),
                    ("date_end", ">=", today),
                    ("date_end", "<=", limit),
                ],
                order="id",
            ).filtered(lambda c: c.expiry_reminded_date_end != c.date_end)

        return self._run_job(
            "expiry reminders",
            pick,
            lambda batch: batch._remind_expiry_batch(activity_type),
            cron="crm_contract.ir_cron_crm_contract_expiry_reminder",
        )

    def _remind_expiry_batch(self, activity_type):
        """The expiry reminders of a batch: the contracts are locked, then checked again (a
        reminder made since the list was picked is not made twice)."""
        locked = self._lock_rows()
        locked.invalidate_recordset(["state", "date_end", "expiry_reminded_date_end"])
        for contract in locked:
            if contract.state == "active" and contract.expiry_reminded_date_end != (
                contract.date_end
            ):
                contract._remind_expiry(activity_type)

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
        internal_context(self, EXPIRY_REMINDING).expiry_reminded_date_end = self.date_end

    def _close_expiry_reminders(self):
        self.activity_unlink(["crm_contract.mail_activity_type_contract_expiry"])
