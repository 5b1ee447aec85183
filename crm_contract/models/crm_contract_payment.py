from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.guards import (
    check_bounds,
    check_internal_users,
    check_protected_fields,
    check_record_access,
    internal_context,
    is_internal,
    value_changes,
)
from ..tools.numbering import number_vals
from ..tools.states import SIGNED_STATES

MANAGER_GROUP = "crm_contract.crm_contract_group_manager"
# Contract states in which money can be received.
# Copied from the contract (or given by the sequence), or converted to the company's
# currency: never set by users.
PROTECTED_FIELDS = (
    "company_id",
    "currency_id",
    "partner_id",
    "contract_user_id",
    "amount_company",
)
# What a confirmed receipt keeps for good.
FROZEN_FIELDS = ("number", "contract_id", "plan_id", "amount", "date", "user_id")
# The status changes of the buttons: {(from, to)}.
STATE_TRANSITIONS = {
    ("draft", "confirmed"),
    ("draft", "cancelled"),
    ("confirmed", "cancelled"),
    ("cancelled", "draft"),
}
STATE_CHANGE = "crm_contract_receipt_state"


class CrmContractPayment(models.Model):
    _name = "crm.contract.payment"
    _description = "Contract Receipt"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "number"
    _check_company_auto = True

    number = fields.Char(
        string="Receipt No.",
        copy=False,
        readonly=True,
        index="trigram",
        help="Given by the receipt sequence when the receipt is saved.",
    )
    contract_id = fields.Many2one(
        "crm.contract",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    plan_id = fields.Many2one(
        "crm.contract.payment.plan",
        string="Instalment",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('contract_id', '=', contract_id)]",
        help="The instalment this receipt pays first; what it does not need pays the other "
        "open instalments in due-date order.",
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    payment_method_id = fields.Many2one(
        "crm.contract.payment.method",
        default=lambda self: self._default_payment_method(),
        tracking=True,
    )
    reference = fields.Char(help="Bank transfer reference, cheque number...", tracking=True)
    note = fields.Text()
    user_id = fields.Many2one(
        "res.users",
        string="Registered By",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")],
        string="Status",
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    amount_counted = fields.Monetary(
        string="Received",
        compute="_compute_amount_counted",
        help="What the receipt counts for in the contract's received total: its amount once "
        "confirmed, nothing while it is a draft or cancelled.",
    )
    # taken from the contract when the receipt is created (in its INSERT: precompute)
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id", store=True, precompute=True)
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer",
        precompute=True,
    )
    contract_user_id = fields.Many2one(
        related="contract_id.user_id",
        store=True,
        index=True,
        string="Person in Charge",
        precompute=True,
    )

    _sql_constraints = [
        (
            "number_company_uniq",
            "unique (number, company_id)",
            "This receipt number is already used by another receipt of the same company.",
        ),
        ("amount_positive", "check (amount > 0)", "A receipt amount must be positive."),
    ]

    @api.model
    def _default_payment_method(self):
        return self.env.ref(
            "crm_contract.crm_contract_payment_method_bank_transfer", raise_if_not_found=False
        )

    @api.depends("amount", "state")
    def _compute_amount_counted(self):
        for receipt in self:
            receipt.amount_counted = receipt.amount if receipt.state == "confirmed" else 0.0

    @api.constrains("plan_id", "contract_id")
    def _check_plan_contract(self):
        for receipt in self:
            if receipt.plan_id and receipt.plan_id.contract_id != receipt.contract_id:
                raise ValidationError(
                    self.env._(
                        "Receipt %(receipt)s: the instalment %(plan)s belongs to another "
                        "contract than %(contract)s.",
                        receipt=receipt.display_name,
                        plan=receipt.plan_id.display_name,
                        contract=receipt.contract_id.display_name,
                    )
                )

    @api.constrains("user_id")
    def _check_user_internal(self):
        check_internal_users(self, "user_id")

    def _check_target_access(self, vals):
        """A receipt goes only onto a contract (and instalment) the user may edit: checked
        before anything is read from them."""
        if vals.get("contract_id"):
            check_record_access(self.env["crm.contract"].browse(vals["contract_id"]), "write")
        if vals.get("plan_id"):
            check_record_access(
                self.env["crm.contract.payment.plan"].browse(vals["plan_id"]), "write"
            )

    def _check_vals(self, vals):
        check_protected_fields(self, vals, PROTECTED_FIELDS)
        check_bounds(self, vals)
        self._check_target_access(vals)

    @api.constrains("state", "amount", "contract_id")
    def _check_confirmed_receipts(self):
        confirmed = self.filtered(lambda r: r.state == "confirmed")
        closed = confirmed.filtered(lambda r: r.contract_id.state not in SIGNED_STATES)
        if closed:
            receipt = closed[0]
            raise ValidationError(
                self.env._(
                    "Receipt %(receipt)s: contract %(contract)s is %(state)s; money is "
                    "received only on active or expired contracts.",
                    receipt=receipt.display_name,
                    contract=receipt.contract_id.display_name,
                    state=dict(
                        receipt.contract_id._fields["state"]._description_selection(self.env)
                    )[receipt.contract_id.state],
                )
            )
        confirmed.contract_id._check_payment_received_total()

    @api.model
    def _number_new(self, vals_list):
        """Number the receipts given without a number from the sequence of their contract's
        company, by year of the receipt (``tools.numbering``)."""
        contracts = self.env["crm.contract"].browse(
            {vals["contract_id"] for vals in vals_list if vals.get("contract_id")}
        )
        companies = {contract.id: contract.company_id for contract in contracts}
        number_vals(
            self.env,
            "crm.contract.payment",
            vals_list,
            lambda vals: companies.get(vals.get("contract_id")) or self.env.company,
            "date",
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_vals(vals)
            if vals.get("state", "draft") != "draft" and not is_internal(self, STATE_CHANGE):
                raise UserError(
                    self.env._("A receipt is created as a draft, then confirmed (Confirm).")
                )
        self._number_new(vals_list)
        receipts = super().create(vals_list)
        closed = receipts._on_closed_contracts()
        if closed:
            raise UserError(
                self.env._(
                    "Receipts are refused on draft, cancelled or terminated contracts: "
                    "%(contracts)s.",
                    contracts=", ".join(closed.contract_id.mapped("display_name")),
                )
            )
        receipts._check_amount_owed()
        return receipts

    def _on_closed_contracts(self):
        """The receipts among these that a contract not signed (draft, cancelled, terminated)
        refuses."""
        return self.filtered(
            lambda r: r.contract_id.state not in SIGNED_STATES and r.state != "cancelled"
        )

    def _check_amount_owed(self):
        """A receipt larger than what its contract still owes is refused when it is saved,
        draft or not (so that nothing stays behind a refused Register Payment)."""
        for receipt in self.filtered(lambda r: r.state != "cancelled"):
            contract = receipt.contract_id
            currency = contract.currency_id
            if currency.compare_amounts(receipt.amount, contract.amount_due) > 0 and (
                receipt.state == "draft"
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the receipt of %(amount)s is more than what is "
                        "still due (%(due)s). Over-collection is refused.",
                        contract=contract.display_name,
                        amount=currency.format(receipt.amount),
                        due=currency.format(contract.amount_due),
                    )
                )

    def write(self, vals):
        self._check_vals(vals)
        if "number" in vals and not is_internal(self, STATE_CHANGE):
            raise UserError(self.env._("A receipt number is given by the receipt sequence."))
        if "state" in vals:
            for receipt in self:
                if receipt.state == vals["state"]:
                    continue
                if (receipt.state, vals["state"]) not in STATE_TRANSITIONS or not is_internal(
                    self, STATE_CHANGE
                ):
                    raise UserError(
                        self.env._(
                            "Receipt %(receipt)s: the status changes only through its buttons "
                            "(Confirm, Cancel, Set to Draft).",
                            receipt=receipt.display_name,
                        )
                    )
        confirmed = self.filtered(lambda r: r.state == "confirmed")
        if confirmed:
            frozen = [
                fname
                for fname in set(FROZEN_FIELDS) & set(vals)
                if any(value_changes(receipt, fname, vals[fname]) for receipt in confirmed)
            ]
            if frozen:
                raise UserError(
                    self.env._(
                        "Confirmed receipts cannot be changed (%(receipts)s): cancel them and "
                        "register new ones.",
                        receipts=", ".join(confirmed.mapped("display_name")),
                    )
                )
            if vals.get("state", "confirmed") != "confirmed":
                confirmed._check_can_cancel()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(receipt.state == "confirmed" for receipt in self):
            raise UserError(self.env._("A confirmed receipt cannot be deleted: cancel it first."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        not_draft = self.filtered(lambda r: r.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Only draft receipts can be confirmed: %(receipts)s.",
                    receipts=", ".join(not_draft.mapped("display_name")),
                )
            )
        internal_context(self, STATE_CHANGE).write({"state": "confirmed"})
        return True

    def action_confirm_close(self):
        """Confirm from the Register Payment dialog, then close it."""
        self.action_confirm()
        return {"type": "ir.actions.act_window_close"}

    def action_cancel(self):
        internal_context(self, STATE_CHANGE).write({"state": "cancelled"})
        return True

    def action_draft(self):
        not_cancelled = self.filtered(lambda r: r.state != "cancelled")
        if not_cancelled:
            raise UserError(self.env._("Only cancelled receipts can be set back to draft."))
        internal_context(self, STATE_CHANGE).write({"state": "draft"})
        return True

    def _check_can_cancel(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only contract administrators can cancel confirmed receipts: %(receipts)s.",
                    receipts=", ".join(self.mapped("display_name")),
                )
            )
