"""Team members of a contract (``crm.contract.member``): a user who reads (``read``) or
also edits (``write``) the contract, with its instalments, receipts, follow-ups, contacts,
amendments and documents, until the end of ``date_end`` when one is given.

Access is given by the record rules of ``security/crm_contract_security.xml``: each rule
asks for ONE membership of the user that is current and of the right access, through the
contract's searchable fields ``current_member_user_ids`` (any access) and
``current_editor_user_ids`` (access ``write``): ``('current_member_user_ids', 'in',
[user.id])`` on the contract, ``('contract_id.current_member_user_ids', 'in', [user.id])``
on its records. "Current" is ``is_current``, a searchable field whose condition takes
today's date when the query is built: a rule domain is cached per user by
``ir.rule._compute_domain`` (``ormcache``), so a date written into the rule itself
(``time.strftime``) would stay the date of the day the cache was filled.

Why fields of their own rather than ``('member_ids', 'any', [...])``: Odoo compiles
``any`` on a one2many to ``id IN (SELECT contract_id ...)``, which PostgreSQL, inside the
OR of an own-documents user's rules (``user_id = me OR user_id IS NULL OR <member>``),
can only evaluate as a filter on every row of the table (a sequential scan of all
contracts, whatever the user sees). The fields' search gives the same set of contracts
twice: ``id IN (SELECT contract_id ...) AND id = ANY(ARRAY(SELECT contract_id ...))``.
The second is an index condition: the user's memberships are read once (the index on
user, contract, end date, access) and every branch of the own-documents OR is an index
scan (a BitmapOr): at 100,000 contracts a list page of an own-documents user with 500
memberships reads the 5,500 contracts it sees, not 100,000. The first is what a scan of
the whole table checks first (a hash lookup), when another branch needs that scan (the
team scope's sales teams: a quarter of the contracts): ``= ANY`` alone would compare
each contract with every membership there.

Who manages the team: the person in charge, all-documents users and administrators
(``crm.contract._can_manage_team``); a member leaves on their own (Leave Team). Members
never delete anything through their membership. Every change is noted in the contract's
chatter (who added whom, with what access, until when; changed; removed).
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, create_index, format_date

from ..tools.guards import check_bounds, check_internal_users, is_internal
from ..tools.importer.markers import IMPORT

MEMBER_ACCESS = [("read", "Read"), ("write", "Read and Edit")]


class CrmContractMember(models.Model):
    _name = "crm.contract.member"
    _description = "Contract Team Member"
    _order = "contract_id, id"
    _rec_name = "user_id"

    contract_id = fields.Many2one("crm.contract", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        ondelete="cascade",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    access = fields.Selection(MEMBER_ACCESS, required=True, default="read")
    date_end = fields.Date(
        string="Until",
        help="The membership ends at the end of this day. Empty: no end.",
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    contract_user_id = fields.Many2one(
        related="contract_id.user_id", string="Person in Charge", readonly=True
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Customer")
    contract_state = fields.Selection(related="contract_id.state", string="Contract Status")
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        search="_search_is_current",
        help="The membership has no end date, or ends today or later.",
    )

    _sql_constraints = [
        (
            "contract_user_uniq",
            "unique (contract_id, user_id)",
            "A user is listed once in the team of a contract.",
        ),
    ]

    def init(self):
        """The record rules look up a user's memberships (user, then contract, end date and
        access): one index answers them without reading the table."""
        create_index(
            self.env.cr,
            "crm_contract_member_user_contract_index",
            self._table,
            ["user_id", "contract_id", "date_end", "access"],
        )

    @api.depends("date_end")
    @api.depends_context("uid", "tz")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.is_current = not member.date_end or member.date_end >= today

    def _search_is_current(self, operator, value):
        """Evaluated when the query is built (each time a record rule is applied): today
        in the user's time zone."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return ["|", ("date_end", "=", False), ("date_end", ">=", today)]
        return [("date_end", "!=", False), ("date_end", "<", today)]

    @api.constrains("user_id", "contract_id")
    def _check_user(self):
        check_internal_users(self, "user_id")
        for member in self:
            company = member.contract_id.company_id
            if company and company not in member.user_id.sudo().company_ids:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: %(user)s is not a user of %(company)s and "
                        "cannot join its team.",
                        contract=member.contract_id.display_name,
                        user=member.user_id.name,
                        company=company.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: only those who manage the team change it; every change is noted
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_bounds(self, vals)
        contracts = self.env["crm.contract"].browse(
            {vals["contract_id"] for vals in vals_list if vals.get("contract_id")}
        )
        contracts._check_manage_team()
        members = super().create(vals_list)
        members._follow_contracts()
        members._log_change("added")
        return members

    def write(self, vals):
        check_bounds(self, vals)
        if "contract_id" in vals or "user_id" in vals:
            raise UserError(
                self.env._(
                    "A team member's contract and user are not changed: remove the member "
                    "and add the other person."
                )
            )
        self.contract_id._check_manage_team()
        before = {member: (member.access, member.date_end) for member in self}
        res = super().write(vals)
        changed = self.filtered(lambda m: before[m] != (m.access, m.date_end))
        changed._log_change("changed", before)
        return res

    def unlink(self):
        self.contract_id._check_manage_team()
        self._log_change("removed")
        self._unfollow_contracts()
        return super().unlink()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _describe(self, before=None):
        """ "Alice (Read and Edit, until 05/31/2026)", in the writer's language; ``before``
        given, (access, end date) as they were before a change."""
        access, date_end = before or (self.access, self.date_end)
        label = dict(self._fields["access"]._description_selection(self.env))[access]
        if date_end:
            return self.env._(
                "%(user)s (%(access)s, until %(date)s)",
                user=self.user_id.name,
                access=label,
                date=format_date(self.env, date_end),
            )
        return self.env._("%(user)s (%(access)s)", user=self.user_id.name, access=label)

    def _log_change(self, what, before=None):
        """One note per contract in its chatter: who (the author of the note) added,
        changed or removed whom. Contracts created by an import are not noted row by
        row (the import's own record lists them)."""
        if not self or is_internal(self, IMPORT):
            return
        titles = {
            "added": self.env._("Team members added:"),
            "changed": self.env._("Team members changed:"),
            "removed": self.env._("Team members removed:"),
        }
        for contract in self.contract_id:
            lines = []
            for member in self.filtered(lambda m, c=contract: m.contract_id == c):
                text = member._describe()
                if what == "changed" and before:
                    text = self.env._(
                        "%(old)s → %(new)s",
                        old=member._describe(before[member]),
                        new=text,
                    )
                lines.append(Markup("<li>%s</li>") % text)
            body = Markup("<p>%s</p><ul>%s</ul>") % (titles[what], Markup("").join(lines))
            contract.sudo().message_post(
                body=body,
                subtype_xmlid="mail.mt_note",
                author_id=self.env.user.partner_id.id,
            )

    def _follow_contracts(self):
        """Members follow their contracts: one subscription per member user."""
        for user in self.user_id:
            contracts = self.filtered(lambda m, u=user: m.user_id == u).contract_id
            if user.partner_id:
                contracts.sudo().message_subscribe(partner_ids=user.partner_id.ids)

    def _unfollow_contracts(self):
        for member in self:
            if member.user_id != member.contract_id.user_id and member.user_id.partner_id:
                member.contract_id.sudo().message_unsubscribe(
                    partner_ids=member.user_id.partner_id.ids
                )


class CrmContract(models.Model):
    """The contract's side of the rules: who is a current member (any access) and who a
    current editor (access ``write``), searchable as the record rules search them."""

    _inherit = "crm.contract"

    current_member_user_ids = fields.Many2many(
        "res.users",
        string="Current Team Members",
        compute="_compute_current_member_user_ids",
        search="_search_current_member_user_ids",
        # as the search (and the rules) count them: an archived user's membership too,
        # and no read of the users when the ORM checks a rule in Python (filtered_domain)
        context={"active_test": False},
        help="The users with a current membership of the contract's team (read or edit).",
    )
    current_editor_user_ids = fields.Many2many(
        "res.users",
        string="Current Team Editors",
        compute="_compute_current_member_user_ids",
        search="_search_current_editor_user_ids",
        context={"active_test": False},
        help="The users with a current membership of the contract's team that edits it.",
    )

    @api.depends("member_ids.user_id", "member_ids.access", "member_ids.date_end")
    @api.depends_context("uid", "tz")
    def _compute_current_member_user_ids(self):
        for contract in self:
            current = contract.member_ids.filtered("is_current")
            contract.current_member_user_ids = current.user_id
            contract.current_editor_user_ids = current.filtered(
                lambda m: m.access == "write"
            ).user_id

    def _search_current_member_user_ids(self, operator, value):
        return self._search_current_members(operator, value, [])

    def _search_current_editor_user_ids(self, operator, value):
        return self._search_current_members(operator, value, [("access", "=", "write")])

    def _search_current_members(self, operator, value, extra):
        """The contracts with a current membership of the users ``(operator, value)``
        names (and of ``extra``, a condition on the membership). Users given by id (the
        record rules: ``'in', [user.id]``): ``id IN (<the memberships' contracts>) AND id =
        ANY(ARRAY(<the same>))``, which PostgreSQL answers with an index beside the other
        branches of an OR, or with a hash lookup in a scan of the table (see the module's
        docstring); anything else (a name, a negation, no member): the same condition as
        ``member_ids any`` / ``not any``."""
        current = [*extra, ("is_current", "=", True)]
        if operator in ("=", "!=") and value is False:
            # no current member at all / some current member
            return [("member_ids", "not any" if operator == "=" else "any", current)]
        ids = [value] if isinstance(value, int) else value
        if (
            operator in ("=", "in")
            and isinstance(ids, list | tuple)
            and all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
        ):
            if not ids:
                return expression.FALSE_DOMAIN
            Member = self.env["crm.contract.member"]
            # the memberships as the caller may search them (rules applied unless sudo,
            # as for member_ids any); a record rule is applied as sudo
            query = Member._search([("user_id", "in", list(ids)), *current])
            contracts = query.subselect(Member._field_to_sql(query.table, "contract_id", query))
            # one set, twice: IN is the hashed filter of a scan of the whole table (a
            # team-scope user's rules need one), checked first; = ANY(ARRAY()) is the
            # index condition of a BitmapOr beside the own-documents rule
            return ["&", ("id", "in", contracts), ("id", "=", SQL("ANY(ARRAY%s)", contracts))]
        if operator in expression.NEGATIVE_TERM_OPERATORS:
            positive = expression.TERM_OPERATORS_NEGATION[operator]
            return [("member_ids", "not any", [("user_id", positive, value), *current])]
        return [("member_ids", "any", [("user_id", operator, value), *current])]
