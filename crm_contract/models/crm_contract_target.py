"""Sales targets (业绩目标): a year of monthly values per company, sales team or person,
for the amount signed, the amount received or the number of contracts signed. The
achievement report (``crm.contract.target.report``) sets them against what was done."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

TARGET_KINDS = [
    ("signed_amount", "Signed Amount"),
    ("received_amount", "Received Amount"),
    ("contract_count", "Number of Contracts"),
]
TARGET_SCOPES = [("company", "Company"), ("team", "Sales Team"), ("user", "Salesperson")]
MONTH_FIELDS = tuple(f"target_{month:02d}" for month in range(1, 13))
QUARTER_FIELDS = tuple(f"target_q{quarter}" for quarter in range(1, 5))


class CrmContractTarget(models.Model):
    _name = "crm.contract.target"
    _description = "Sales Target"
    _inherit = ["mail.thread"]
    _order = "year desc, kind, scope, team_id, user_id, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True
    )
    kind = fields.Selection(
        TARGET_KINDS, string="Target For", required=True, default="signed_amount", tracking=True
    )
    scope = fields.Selection(
        TARGET_SCOPES,
        required=True,
        default="user",
        tracking=True,
        help="Whose target: the whole company, a sales team, or a salesperson.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index=True,
        check_company=True,
        tracking=True,
        help="For a salesperson's target: the team the figures are shown under.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    active = fields.Boolean(default=True)
    target_01 = fields.Float(string="Jan")
    target_02 = fields.Float(string="Feb")
    target_03 = fields.Float(string="Mar")
    target_04 = fields.Float(string="Apr")
    target_05 = fields.Float(string="May")
    target_06 = fields.Float(string="Jun")
    target_07 = fields.Float(string="Jul")
    target_08 = fields.Float(string="Aug")
    target_09 = fields.Float(string="Sep")
    target_10 = fields.Float(string="Oct")
    target_11 = fields.Float(string="Nov")
    target_12 = fields.Float(string="Dec")
    target_q1 = fields.Float(string="Q1", compute="_compute_quarters", store=True)
    target_q2 = fields.Float(string="Q2", compute="_compute_quarters", store=True)
    target_q3 = fields.Float(string="Q3", compute="_compute_quarters", store=True)
    target_q4 = fields.Float(string="Q4", compute="_compute_quarters", store=True)
    target_year = fields.Float(
        string="Full Year",
        compute="_compute_target_year",
        inverse="_inverse_target_year",
        store=True,
        help="The twelve months added up. Typed on a target whose months are all empty, it "
        "is shared out over the twelve months (the rounding on December).",
    )

    _sql_constraints = [
        (
            "target_unique",
            "unique nulls not distinct (company_id, year, kind, scope, team_id, user_id)",
            "There is already a target for this year, kind and scope.",
        ),
        ("year_range", "check (year between 2000 and 2999)", "The year must be 2000 to 2999."),
    ]

    @api.depends(*MONTH_FIELDS)
    def _compute_quarters(self):
        for target in self:
            months = [target[fname] for fname in MONTH_FIELDS]
            for quarter, fname in enumerate(QUARTER_FIELDS):
                target[fname] = sum(months[quarter * 3 : quarter * 3 + 3])

    @api.depends(*MONTH_FIELDS)
    def _compute_target_year(self):
        for target in self:
            target.target_year = sum(target[fname] for fname in MONTH_FIELDS)

    def _inverse_target_year(self):
        for target in self:
            if any(target[fname] for fname in MONTH_FIELDS) or not target.target_year:
                continue
            digits = 0 if target.kind == "contract_count" else 2
            share = round(target.target_year / 12, digits)
            values = dict.fromkeys(MONTH_FIELDS, share)
            values[MONTH_FIELDS[-1]] = round(target.target_year - share * 11, digits)
            target.update(values)

    @api.depends("year", "kind", "scope", "team_id", "user_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for target in self:
            whose = (
                target.user_id.name
                if target.scope == "user"
                else target.team_id.name
                if target.scope == "team"
                else target.company_id.name
            )
            target.display_name = f"{target.year} {kinds.get(target.kind, '')}: {whose or ''}"

    @api.onchange("scope")
    def _onchange_scope(self):
        if self.scope == "company":
            self.team_id = self.user_id = False
        elif self.scope == "team":
            self.user_id = False

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id and not self.team_id:
            self.team_id = self.user_id.sale_team_id

    @api.constrains("scope", "team_id", "user_id", *MONTH_FIELDS)
    def _check_scope(self):
        for target in self:
            if target.scope == "user" and not target.user_id:
                raise ValidationError(
                    self.env._(
                        "Target %(target)s: a salesperson's target needs the salesperson.",
                        target=target.display_name,
                    )
                )
            if target.scope == "team" and (not target.team_id or target.user_id):
                raise ValidationError(
                    self.env._(
                        "Target %(target)s: a team's target needs the team, and no salesperson.",
                        target=target.display_name,
                    )
                )
            if target.scope == "company" and (target.team_id or target.user_id):
                raise ValidationError(
                    self.env._(
                        "Target %(target)s: a company's target has no team and no salesperson.",
                        target=target.display_name,
                    )
                )
            negative = [
                target._fields[fname].get_description(self.env)["string"]
                for fname in MONTH_FIELDS
                if target[fname] < 0
            ]
            if negative:
                raise ValidationError(
                    self.env._(
                        "Target %(target)s: %(months)s: a target cannot be negative.",
                        target=target.display_name,
                        months=", ".join(negative),
                    )
                )

    @api.constrains("company_id", "year", "kind", "scope", "user_id")
    def _check_one_per_person(self):
        """A salesperson has one target a year and kind, whatever team it is shown under (the
        database's constraint sees the team too)."""
        people = self.filtered(lambda t: t.scope == "user" and t.user_id)
        if not people:
            return
        twice = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("scope", "=", "user"),
                    ("user_id", "in", people.user_id.ids),
                    ("year", "in", list(set(people.mapped("year")))),
                ],
                ["company_id", "year", "kind", "user_id"],
                having=[("__count", ">", 1)],
            )
        )
        if twice:
            _company, year, kind, user = twice[0]
            kinds = dict(self._fields["kind"]._description_selection(self.env))
            raise ValidationError(
                self.env._(
                    "There is already a target for this year, kind and scope: %(user)s, "
                    "%(year)s, %(kind)s.",
                    user=user.name,
                    year=year,
                    kind=kinds[kind],
                )
            )
