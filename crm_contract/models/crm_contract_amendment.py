"""Amendments (supplementary agreements, 补充协议) of active contracts: the only way to change
their amount, end date and product lines, kept as the contract's history.

An amendment of a contract with product lines gives the contract's new lines (``line_ids``,
prefilled with the current ones in the form); its new amount is their sum. Applied, it
replaces the contract's lines (so the contract's amount follows) and keeps a copy of the
lines they replaced (``line_before_ids``)."""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..tools.guards import (
    check_bounds,
    check_protected_fields,
    check_record_access,
    internal_context,
    is_internal,
)
from .crm_contract_line_mixin import compute_has_product_lines, compute_lines_amount
from .crm_contract_products import creates_product_line
from .crm_contract_renewal import AMENDING

# Set by the addon: the number, the values the contract had before, the application.
AMENDMENT_PROTECTED_FIELDS = (
    "name",
    "sequence",
    "amount_before",
    "date_end_before",
    "date_applied",
)
# What a draft amendment may still change; applied and cancelled ones are history.
AMENDMENT_CONTENT_FIELDS = (
    "contract_id",
    "date_effective",
    "reason",
    "amount_total",
    "date_end",
    "description",
)
# Context marker of the amendment's own state changes.
AMENDMENT_STATE = "crm_contract_amendment_state"


class CrmContractAmendment(models.Model):
    _name = "crm.contract.amendment"
    _description = "Contract Amendment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_effective desc, sequence desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Amendment No.",
        readonly=True,
        copy=False,
        index="trigram",
        help="The contract number followed by -A1, -A2... in the order the amendments are created.",
    )
    sequence = fields.Integer(readonly=True, copy=False)
    contract_id = fields.Many2one(
        "crm.contract",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
        domain="[('state', '=', 'active')]",
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Customer")
    user_id = fields.Many2one(
        related="contract_id.user_id", string="Person in Charge", store=True, index=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("applied", "Applied"), ("cancelled", "Cancelled")],
        string="Status",
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_effective = fields.Date(
        string="Effective Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    reason = fields.Text(required=True, tracking=True)
    amount_total = fields.Monetary(
        string="New Amount",
        tracking=True,
        compute="_compute_amount_total",
        store=True,
        readonly=False,
        precompute=True,
        help="The contract amount from the effective date. Left empty, the amount stays. "
        "With new product lines, it is their sum.",
    )
    line_ids = fields.One2many(
        "crm.contract.amendment.line",
        "amendment_id",
        string="New Lines",
        domain=[("kind", "=", "new")],
        copy=True,
        help="The contract's product lines from the effective date. Left empty, they stay.",
    )
    line_before_ids = fields.One2many(
        "crm.contract.amendment.line",
        "amendment_id",
        string="Lines Before",
        domain=[("kind", "=", "old")],
        readonly=True,
        copy=False,
        help="The product lines the applied amendment replaced.",
    )
    has_product_lines = fields.Boolean(
        compute="_compute_has_product_lines",
        help="The amendment gives new product lines: its new amount is their sum.",
    )
    contract_line_ids = fields.One2many(related="contract_id.line_ids", string="Current Lines")
    date_end = fields.Date(
        string="New End Date",
        tracking=True,
        help="The contract's new end date. Left empty, the end date stays.",
    )
    description = fields.Html(
        string="New Terms",
        help="The contract's terms and notes from the effective date. Left empty, they stay.",
    )
    amount_before = fields.Monetary(readonly=True, copy=False, help="The amount it replaced.")
    date_end_before = fields.Date(
        string="End Date Before", readonly=True, copy=False, help="The end date it replaced."
    )
    date_applied = fields.Date(string="Applied On", readonly=True, copy=False, tracking=True)
    contract_amount = fields.Monetary(related="contract_id.amount_total", string="Current Amount")
    contract_date_end = fields.Date(related="contract_id.date_end", string="Current End Date")

    _sql_constraints = [
        (
            "contract_sequence_uniq",
            "unique (contract_id, sequence)",
            "Each amendment of a contract has its own number.",
        ),
    ]

    @api.depends("name", "contract_id")
    def _compute_display_name(self):
        for amendment in self:
            amendment.display_name = amendment.name or self.env._("New Amendment")

    @api.depends("line_ids.display_type")
    def _compute_has_product_lines(self):
        compute_has_product_lines(self)

    @api.depends("line_ids.price_subtotal", "line_ids.display_type")
    def _compute_amount_total(self):
        compute_lines_amount(self)

    @api.constrains("amount_total")
    def _check_amount(self):
        for amendment in self:
            if amendment.currency_id.compare_amounts(amendment.amount_total, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "Amendment %(amendment)s: the new amount cannot be negative.",
                        amendment=amendment.display_name,
                    )
                )

    @api.constrains("date_end", "contract_id")
    def _check_date_end(self):
        for amendment in self:
            start = amendment.contract_id.date_start
            if amendment.date_end and start and amendment.date_end < start:
                raise ValidationError(
                    self.env._(
                        "Amendment %(amendment)s: the new end date (%(end)s) cannot be before "
                        "the contract's start date (%(start)s).",
                        amendment=amendment.display_name,
                        end=format_date(self.env, amendment.date_end),
                        start=format_date(self.env, start),
                    )
                )

    @api.onchange("contract_id")
    def _onchange_contract_id_lines(self):
        """The new lines start as a copy of the contract's lines, to be changed."""
        if self.contract_id.line_ids and not self.line_ids:
            self.line_ids = [
                Command.create(vals) for vals in self.contract_id.line_ids._copy_line_vals()
            ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "amount_total" in vals and creates_product_line(vals.get("line_ids")):
                # The new lines give the new amount: a typed amount beside them is not kept.
                del vals["amount_total"]
            check_protected_fields(self, vals, AMENDMENT_PROTECTED_FIELDS)
            check_bounds(self, vals)
            if not vals.get("contract_id"):
                raise UserError(self.env._("Choose the contract the amendment changes."))
            if vals.get("state", "draft") != "draft":
                raise UserError(self.env._("An amendment is created as a draft, then applied."))
        contracts = self.env["crm.contract"].browse(
            sorted({vals["contract_id"] for vals in vals_list if vals.get("contract_id")})
        )
        # Amendments are added only to contracts the user may edit, and only active ones.
        check_record_access(contracts, "write")
        contracts._check_amendable()
        self._number(vals_list, contracts)
        amendments = super().create(vals_list)
        for amendment in amendments:
            amendment.contract_id.message_post(
                body=Markup(
                    self.env._(
                        "Amendment %(link)s drafted: %(reason)s",
                        link=amendment._get_html_link(),
                        reason=amendment.reason,
                    )
                ),
                subtype_xmlid="mail.mt_note",
            )
        return amendments

    def _number(self, vals_list, contracts):
        """<contract number>-A1, -A2...: one number per contract, under a row lock of the
        contract (two users amending it at the same time wait for each other)."""
        if not contracts:
            return
        contracts._lock_rows()
        last = dict(
            self.sudo()._read_group(
                [("contract_id", "in", contracts.ids)], ["contract_id"], ["sequence:max"]
            )
        )
        last = {contract.id: number for contract, number in last.items()}
        for vals in vals_list:
            contract = contracts.browse(vals["contract_id"])
            number = last.get(contract.id, 0) + 1
            last[contract.id] = number
            vals["sequence"] = number
            vals["name"] = f"{contract.number or contract.id}-A{number}"

    def write(self, vals):
        internal = is_internal(self, AMENDMENT_STATE)
        if "amount_total" in vals and not internal:
            if creates_product_line(vals.get("line_ids")):
                vals = dict(vals)
                del vals["amount_total"]
            else:
                self._check_amount_follows_lines(vals["amount_total"])
        if not internal:
            check_protected_fields(self, vals, AMENDMENT_PROTECTED_FIELDS)
        check_bounds(self, vals)
        if "state" in vals and not internal:
            raise UserError(
                self.env._(
                    "Amendments change status only through their Apply, Cancel and Set to "
                    "Draft buttons."
                )
            )
        if "contract_id" in vals:
            contract = self.env["crm.contract"].browse(vals["contract_id"])
            check_record_access(contract, "write")
            if self.filtered(lambda a: a.contract_id.id != vals["contract_id"]):
                raise UserError(self.env._("An amendment stays on the contract it was made for."))
        content = [fname for fname in AMENDMENT_CONTENT_FIELDS if fname in vals]
        if content and not internal:
            self._check_draft(content)
        return super().write(vals)

    def _check_amount_follows_lines(self, amount):
        for amendment in self.filtered("has_product_lines"):
            currency = amendment.currency_id
            if currency.compare_amounts(float(amount or 0.0), amendment.amount_total):
                raise UserError(
                    self.env._(
                        "Amendment %(amendment)s: the new amount is the sum of its new product "
                        "lines (%(amount)s). Change the lines to change it.",
                        amendment=amendment.display_name,
                        amount=currency.format(amendment.amount_total),
                    )
                )

    def _check_draft(self, fnames):
        done = self.filtered(lambda a: a.state != "draft")
        if done:
            raise UserError(
                self.env._(
                    "Amendment %(amendment)s is %(state)s: it is kept as the contract's history "
                    "and cannot be changed (%(fields)s).",
                    amendment=done[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        done[0].state
                    ],
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in fnames
                    ),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_applied(self):
        if any(amendment.state == "applied" for amendment in self):
            raise UserError(
                self.env._(
                    "An applied amendment is part of the contract's history: it cannot be deleted."
                )
            )

    def _set_state(self, vals):
        return internal_context(self, AMENDMENT_STATE).write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_apply(self):
        """Write the amendment's changes to its contract (tracked there) and keep the
        amendment as history. The entry point other addons wrap (approvals)."""
        for amendment in self.sorted(lambda a: (a.date_effective, a.sequence)):
            amendment._apply()
        return True

    def _apply(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(
                self.env._(
                    "Amendment %(amendment)s is not a draft: only drafts are applied.",
                    amendment=self.display_name,
                )
            )
        contract = self.contract_id
        check_record_access(contract, "write")
        contract._check_amendable()
        changes = self._contract_changes()
        if not changes:
            raise UserError(
                self.env._(
                    "Amendment %(amendment)s changes nothing: give a new amount, new product "
                    "lines, a new end date or new terms.",
                    amendment=self.display_name,
                )
            )
        self._check_lines_given(changes)
        self._check_payment_consistency(changes)
        before = {"amount_before": contract.amount_total, "date_end_before": contract.date_end}
        if "line_ids" in changes:
            self._keep_lines_before()
        internal_context(contract, AMENDING).write(changes)
        if "date_end" in changes:
            contract._close_expiry_reminders()
        self._set_state(dict(before, state="applied", date_applied=fields.Date.context_today(self)))
        contract.message_post(
            body=Markup(
                self.env._(
                    "Amendment %(link)s applied (effective %(date)s): %(reason)s",
                    link=self._get_html_link(),
                    date=format_date(self.env, self.date_effective),
                    reason=self.reason,
                )
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _contract_changes(self):
        contract = self.contract_id
        changes = {}
        currency = contract.currency_id
        if self.amount_total and currency.compare_amounts(self.amount_total, contract.amount_total):
            changes["amount_total"] = self.amount_total
        if self.line_ids and not self.line_ids._same_lines(contract.line_ids):
            changes["line_ids"] = [Command.delete(line.id) for line in contract.line_ids] + [
                Command.create(vals) for vals in self.line_ids._copy_line_vals()
            ]
        if self.date_end and self.date_end != contract.date_end:
            changes["date_end"] = self.date_end
        if self.description and self.description != contract.description:
            changes["description"] = self.description
        return changes

    def _check_lines_given(self, changes):
        """A contract with product lines takes its amount from them: an amendment changes
        it by giving new lines, not a new amount alone."""
        if (
            "amount_total" in changes
            and "line_ids" not in changes
            and self.contract_id.has_product_lines
        ):
            raise UserError(
                self.env._(
                    "Amendment %(amendment)s: the amount of contract %(contract)s is the sum "
                    "of its product lines. Give the new lines instead of a new amount.",
                    amendment=self.display_name,
                    contract=self.contract_id.display_name,
                )
            )

    def _keep_lines_before(self):
        """A copy of the contract's lines, kept with the amendment that replaces them."""
        Line = internal_context(self.env["crm.contract.amendment.line"], AMENDMENT_STATE)
        Line.create(
            [
                dict(vals, amendment_id=self.id, kind="old")
                for vals in self.contract_id.line_ids._copy_line_vals()
            ]
        )

    def _check_payment_consistency(self, changes):
        """The payment plan is never changed by an amendment: a new amount below what is
        already planned or received is refused, naming what to change first."""
        if "amount_total" not in changes:
            return
        contract = self.contract_id
        currency = contract.currency_id
        new = changes["amount_total"]
        if currency.compare_amounts(contract.amount_received, new) > 0:
            raise UserError(
                self.env._(
                    "Amendment %(amendment)s: the new amount %(new)s is less than what was "
                    "already received (%(received)s).",
                    amendment=self.display_name,
                    new=currency.format(new),
                    received=currency.format(contract.amount_received),
                )
            )
        if currency.compare_amounts(contract.amount_planned, new) > 0:
            raise UserError(
                self.env._(
                    "Amendment %(amendment)s: the instalments of the payment plan add up to "
                    "%(planned)s, more than the new amount %(new)s. Reduce or cancel "
                    "instalments first: an amendment never changes them.",
                    amendment=self.display_name,
                    planned=currency.format(contract.amount_planned),
                    new=currency.format(new),
                )
            )

    def action_cancel(self):
        check_record_access(self, "write")
        not_draft = self.filtered(lambda a: a.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Only draft amendments can be cancelled: %(amendments)s.",
                    amendments=", ".join(not_draft.mapped("display_name")),
                )
            )
        self._set_state({"state": "cancelled"})
        return True

    def action_draft(self):
        check_record_access(self, "write")
        not_cancelled = self.filtered(lambda a: a.state != "cancelled")
        if not_cancelled:
            raise UserError(
                self.env._(
                    "Only cancelled amendments can be set back to draft: %(amendments)s.",
                    amendments=", ".join(not_cancelled.mapped("display_name")),
                )
            )
        self._set_state({"state": "draft"})
        return True

    def action_open_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.contract",
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": self.contract_id.id,
        }
