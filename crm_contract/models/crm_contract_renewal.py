"""Renewals on the contract: renewing by hand, the automatic renewal and its notice
period, and the contract side of amendments (what only an amendment may change)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..tools.guards import (
    DAYS_MAX,
    check_protected_fields,
    check_record_access,
    internal_context,
    is_internal,
)
from ..tools.states import SIGNED_STATES

# Internal marker of an amendment being applied: the only way to change the amount and the
# end date of an active contract.
AMENDING = "crm_contract_amending"
AMENDED_FIELDS = ("amount_total", "date_end")
# Internal marker of the renewal actions (Do Not Renew, the automatic renewal job).
RENEWING = "crm_contract_renewing"
# Set by the addon only: computed from the renewals, or by the renewal actions.
RENEWAL_COMPUTED_FIELDS = ("renewed", "renewed_by_id", "date_notice")
RENEWAL_ACTION_FIELDS = ("no_renew", "auto_renewed", "renewal_noticed_date_end")
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
AUTO_RENEW_CRON = "crm_contract.ir_cron_crm_contract_auto_renew"


class CrmContract(models.Model):
    _inherit = "crm.contract"

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

    @api.model_create_multi
    def create(self, vals_list):
        self._check_renewal_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_renewal_write(vals)
        res = super().write(vals)
        if vals.get("state") == "active":
            self.filtered("previous_contract_id")._notify_renewal_signed()
        return res

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
        signers, contacts, product lines, amount and terms, starting the day after the end date."""
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
            if contract.state not in SIGNED_STATES:
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
        if self.line_ids:
            # The renewal sells what this contract sells: its amount follows the lines.
            vals["line_ids"] = [
                fields.Command.create(line_vals) for line_vals in self.line_ids._copy_line_vals()
            ]
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

        def pick():
            return self.search(
                [
                    ("auto_renew", "=", True),
                    ("no_renew", "=", False),
                    ("renewed", "=", False),
                    ("state", "in", SIGNED_STATES),
                    ("date_end", "<=", today),
                    ("date_end", ">=", today - timedelta(days=AUTO_RENEW_CATCH_UP_DAYS)),
                ],
                order="id",
            ).filtered(lambda c: not c._open_renewals())

        return self._run_job(
            "automatic renewal", pick, lambda batch: batch._auto_renew(), cron=AUTO_RENEW_CRON
        )

    def _auto_renew(self):
        """Renew and sign ``self``, once: the contracts are locked first (whoever renews
        them at the same time waits; a contract changed by a transaction committed since
        this one began raises a serialization failure, and the batch runner runs the batch
        again in a new transaction) and checked again once locked."""
        if not self:
            return self
        locked = self._lock_rows()
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
        activity_type = self.env.ref("crm_contract.mail_activity_type_contract_renewal_notice")

        def pick():
            return self.search(
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

        def notify(batch):
            # checked again once locked: another run may have made the notice since
            locked = batch._lock_rows()
            locked.invalidate_recordset(
                ["state", "no_renew", "date_end", "renewal_noticed_date_end"]
            )
            for contract in locked:
                if (
                    contract.state == "active"
                    and not contract.no_renew
                    and contract.renewal_noticed_date_end != contract.date_end
                ):
                    contract._notify_renewal_notice(activity_type)

        return self._run_job("renewal notices", pick, notify, cron=AUTO_RENEW_CRON)

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
        return self._action_open_related("crm_contract.crm_contract_amendment_action")
