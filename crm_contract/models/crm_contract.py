from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DEFAULT_EXPIRY_REMINDER_DAYS = 30
EXPIRY_REMINDER_PARAM = "crm_contract.expiry_reminder_days"


class CrmContract(models.Model):
    _name = "crm.contract"
    _description = "Contract"
    _inherit = ["mail.thread.main.attachment", "mail.activity.mixin"]
    _order = "date_signed desc, id desc"
    _rec_names_search = ["number", "name", "partner_id.complete_name"]
    _check_company_auto = True

    number = fields.Char(
        string="Contract No.",
        copy=False,
        index="trigram",
        tracking=True,
        help="Left empty, it is taken from the contract sequence when the contract is saved.",
    )
    name = fields.Char(string="Contract Name", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer Company"
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
        string="Opportunity",
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
        string="Customer Signer",
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id), ('is_company', '=', False)]",
        help="The person who signs for the customer: a contact of the customer's company.",
    )
    company_signer_id = fields.Many2one(
        "res.users",
        string="Company Signer",
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

    @api.depends("number", "name")
    def _compute_display_name(self):
        for contract in self:
            if contract.number and contract.name:
                contract.display_name = f"{contract.number} - {contract.name}"
            else:
                contract.display_name = contract.number or contract.name or ""

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_start and contract.date_end and contract.date_end < contract.date_start:
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
        for vals in vals_list:
            if not vals.get("number"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["number"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("crm.contract", sequence_date=vals.get("date_signed"))
                    or False
                )
        return super().create(vals_list)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        return [
            dict(vals, name=self.env._("%s (copy)", contract.name))
            for contract, vals in zip(self, vals_list, strict=True)
        ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_active(self):
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
        self.write({"state": "terminated", "termination_reason": reason, "date_terminated": date})
        self._close_expiry_reminders()

    def action_cancel(self):
        done = self.filtered(lambda c: c.state in ("expired", "terminated"))
        if done:
            raise UserError(
                self.env._(
                    "Expired or terminated contracts cannot be cancelled: %(contracts)s.",
                    contracts=", ".join(done.mapped("display_name")),
                )
            )
        self.write({"state": "cancelled"})
        self._close_expiry_reminders()
        return True

    def action_draft(self):
        not_cancelled = self.filtered(lambda c: c.state != "cancelled")
        if not_cancelled:
            raise UserError(self.env._("Only cancelled contracts can be set back to draft."))
        self.write({"state": "draft"})
        return True

    def action_open_opportunity(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "view_mode": "form",
            "res_id": self.opportunity_id.id,
        }

    def action_view_partner_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_contract.crm_contract_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _get_expiry_reminder_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(EXPIRY_REMINDER_PARAM)
        try:
            return int(value) if value not in (None, False, "") else DEFAULT_EXPIRY_REMINDER_DAYS
        except ValueError:
            return DEFAULT_EXPIRY_REMINDER_DAYS

    @api.model
    def _cron_expire_contracts(self):
        """Expire active contracts whose end date has passed."""
        today = fields.Date.context_today(self)
        expired = self.search([("state", "=", "active"), ("date_end", "<", today)])
        expired.write({"state": "expired"})
        return expired

    @api.model
    def _cron_expiry_reminders(self):
        """Give the person in charge an activity N days before the end date, once per end date."""
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=self._get_expiry_reminder_days())
        contracts = self.search(
            [
                ("state", "=", "active"),
                ("date_end", ">=", today),
                ("date_end", "<=", limit),
            ]
        ).filtered(lambda c: c.expiry_reminded_date_end != c.date_end)
        activity_type = self.env.ref("crm_contract.mail_activity_type_contract_expiry")
        for contract in contracts:
            contract.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=contract.date_end,
                summary=self.env._("Contract expires on %(date)s", date=contract.date_end),
                user_id=(contract.user_id or self.env.user).id,
            )
            contract.expiry_reminded_date_end = contract.date_end
        return contracts

    def _close_expiry_reminders(self):
        self.activity_unlink(["crm_contract.mail_activity_type_contract_expiry"])
