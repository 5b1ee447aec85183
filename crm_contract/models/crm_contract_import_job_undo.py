"""Undo Import: an import takes back the records it created, when nobody changed them
since and nothing was attached to them. Offered to the importing user and the
administrators; where it is not possible, the form says why instead."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import split_every

from ..tools.guards import count_text, internal_context
from .crm_contract import UNDOING

# Records named in a refusal of Undo (then "and N more").
NAMED_MAX = 10
# Records deleted at a time by Undo (all in its one transaction).
UNDO_BATCH = 5000


class CrmContractImportJob(models.Model):
    _inherit = "crm.contract.import.job"

    can_undo = fields.Boolean(compute="_compute_undo")
    undo_blocker = fields.Char(
        string="Undo Not Possible",
        compute="_compute_undo",
        help="Why this finished import cannot be undone.",
    )

    @api.depends_context("uid")
    @api.depends("state", "user_id", "created_count")
    def _compute_undo(self):
        """Undo is offered to the importing user (and administrators) on a finished import
        whose records nobody changed since; otherwise the reason is shown instead."""
        for job in self:
            job.can_undo = False
            job.undo_blocker = False
            if job.state != "done" or not job.created_count or not job._may_undo():
                continue
            try:
                job._records_to_undo()
            except UserError as exc:
                job.undo_blocker = exc.args[0]
            else:
                job.can_undo = True

    def action_undo(self):
        """Delete what the import created, when nobody changed it since; otherwise refuse,
        naming the changed records. Contracts it updated keep their new values. The
        importing user may take back what the import created even where they could not
        delete it by hand (another person in charge, an active contract): the checks are
        the ones of an import taking its records back (``_records_to_undo``)."""
        self.ensure_one()
        self.check_access("read")
        if not self._may_undo():
            raise AccessError(self.env._("Only the importing user or an administrator can undo."))
        if self.state != "done":
            raise UserError(self.env._("Only a finished import can be undone."))
        contracts, followups = self._records_to_undo()
        count = len(contracts) + len(followups)
        # The next-contact activities the imported follow-ups scheduled go with them,
        # deleted (not marked done one by one, each with a message on its contract).
        activities = followups.activity_id
        # what addons wrote with the contracts (the invoices an import linked) goes first
        self._undo_release(contracts)
        # in batches, all in one transaction (all or nothing); what depends on them (the
        # contracts' last follow-up date) is recomputed once, at the end
        for records in (activities, followups, internal_context(contracts, UNDOING)):
            for batch in split_every(UNDO_BATCH, records.ids, records.browse):
                batch.unlink()
        job = self.sudo()
        job.write({"state": "undone"})
        job.message_post(
            body=self.env._(
                "Import undone by %(user)s: %(count)s records deleted.",
                user=self.env.user.name,
                count=count_text(self.env, count),
            )
        )
        return True

    def _may_undo(self):
        """The importing user and the administrators may undo an import."""
        self.ensure_one()
        return self.user_id == self.env.user or self.env.user.has_group(
            "crm_contract.crm_contract_group_manager"
        )

    def _records_to_undo(self):
        """(contracts, follow-ups) this import created, as superuser records, once checked
        that Undo may take them back: some are left, and none was changed or given later
        records since (else a UserError says which)."""
        job = self.sudo()
        contracts = job.contract_ids
        followups = job.followup_ids
        if not job.created_count:
            raise UserError(self.env._("Nothing to undo: this import created no records."))
        if not (contracts or followups):
            raise UserError(
                self.env._(
                    "Nothing to undo: none of the %(count)s records this import created is "
                    "still linked to it (deleted since, or imported before this version).",
                    count=job.created_count,
                )
            )
        self._check_unchanged(contracts, followups)
        return contracts, followups

    def _undo_own_records(self, contracts):
        """{model: records} attached to the imported ``contracts`` that the import itself
        wrote with them (bridge addons: the instalments of the invoices a file named): no
        later records, taken back by ``_undo_release``."""
        return {}

    def _undo_release(self, contracts):
        """Bridge addons take back here what they wrote with the imported ``contracts``
        (``_undo_own_records``), before the contracts are deleted."""

    def _check_unchanged(self, contracts, followups):
        # written again after their creation (in another transaction: the import's own
        # writes share its creation time, to the microsecond)
        changed = [
            record for record in [*contracts, *followups] if record.write_date != record.create_date
        ]
        changed_names = [record.display_name for record in changed[:NAMED_MAX]]
        changed_count = len(changed)
        if contracts:
            attached = []
            own = self._undo_own_records(contracts)
            for model in (
                "crm.contract.followup",
                "crm.contract.payment.plan",
                "crm.contract.payment",
            ):
                domain = [("contract_id", "in", contracts.ids)]
                if own.get(model):
                    domain.append(("id", "not in", own[model].ids))
                attached += [
                    contract
                    for (contract,) in self.env[model].sudo()._read_group(domain, ["contract_id"])
                ]
            changed_ids = {record.id for record in changed if record._name == contracts._name}
            later = [
                c for c in self.env["crm.contract"].union(*attached) if c.id not in changed_ids
            ]
            changed_names += [
                self.env._("%(contract)s (has later records)", contract=c.display_name)
                for c in later[: max(NAMED_MAX - len(changed_names), 0)]
            ]
            changed_count += len(later)
        if not changed_count:
            return
        more = changed_count - NAMED_MAX
        names = ", ".join(changed_names[:NAMED_MAX])
        if more > 0:
            names = self.env._("%(names)s and %(count)s more", names=names, count=more)
        raise UserError(
            self.env._(
                "This import cannot be undone: records it created were changed since: %(names)s.",
                names=names,
            )
        )
