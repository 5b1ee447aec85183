"""Approval tiers (OCA's base_tier_validation) with the rules of the contract addon, shared by
every model of crm_contract that gets tiers (contracts, receipts, amendments):

- leaving the first state (signing a contract, confirming a receipt) is refused with a clear
  message until every matching tier is approved, whoever writes the state;
- the reviews change only through the buttons (Request Validation, Validate, Reject, Restart
  Validation), never through a JSON-RPC write of the reviews or of the approval figures;
- only a reviewer whose turn it is validates or rejects; rejecting asks for a reason, which is
  logged in the chatter;
- changing a field that the approval is about (``_crm_tier_restart_fields``) after a request
  starts the approval again;
- reviewers get an activity while their review waits for them (models with activities).

A model gets all of it with ``_inherit = [<model>, "crm.contract.tier.validation"]``, its
``_state_from`` / ``_state_to`` / ``_cancel_state``, its restart fields and the two messages
(``_crm_tier_refusal_message``, ``_crm_tier_created_refusal_message``).
"""

from odoo import api, models, tools
from odoo.addons.crm_contract.tools.guards import (
    check_record_access,
    field_label,
    internal_context,
    is_internal,
    value_changes,
)
from odoo.exceptions import AccessError, UserError

# Context marker of this addon's own review operations: the tier reviews of the guarded models
# are created, changed and deleted only inside them (a JSON-RPC call cannot send the marker).
REVIEWING = "crm_contract_tier_reviewing"
# Context marker of the contract import's run: the contracts it writes as Active count as
# signed elsewhere and skip the approval.
IMPORTING = "crm_contract_tier_importing"
# Fields of tier.validation that the reviews determine: nobody sets them.
TIER_FIELDS = (
    "review_ids",
    "validated",
    "rejected",
    "validation_status",
    "reviewer_ids",
    "can_review",
    "need_validation",
    "has_comment",
    "next_review",
    "hide_reviews",
    "to_validate_message",
    "validated_message",
    "rejected_message",
)
ACTIVITY_TYPE = "crm_contract_tier_validation.mail_activity_type_approval"


class CrmContractTierValidation(models.AbstractModel):
    _name = "crm.contract.tier.validation"
    _description = "Contract Approval Tiers (abstract)"
    _inherit = ["tier.validation"]

    # Marks the models whose tier reviews only this addon's code may change (see tier.review).
    _crm_tier_guarded = True
    # The fields whose change, once a validation is requested, starts the approval again.
    _crm_tier_restart_fields = ()

    # ------------------------------------------------------------------
    # CRUD: protected figures, refused state changes, restart
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._crm_tier_check_protected(vals)
        records = super().create(vals_list)
        if not records._crm_tier_exempt():
            records._crm_tier_check_created_state()
        return records

    def write(self, vals):
        self._crm_tier_check_protected(vals)
        if vals.get(self._state_field) in self._state_to and not self._crm_tier_exempt():
            self._crm_tier_check_approved(vals)
        to_restart, changed = self._crm_tier_to_restart(vals)
        res = super().write(vals)
        if to_restart:
            to_restart._crm_tier_restart(changed)
        return res

    def unlink(self):
        return super(CrmContractTierValidation, internal_context(self, REVIEWING)).unlink()

    def _crm_tier_check_protected(self, vals):
        given = [fname for fname in TIER_FIELDS if fname in vals]
        if given and not self.env.su:
            raise UserError(
                self.env._(
                    "%(model)s: %(fields)s: given by the approval reviews, cannot be set "
                    "directly. Use the Request Validation, Validate and Reject buttons.",
                    model=self._description,
                    fields=", ".join(f'"{field_label(self, fname)}"' for fname in given),
                )
            )

    def _crm_tier_exempt(self):
        """Whether the state may change without approval (contracts: imports)."""
        return False

    @api.model
    @tools.ormcache("company_id")
    def _crm_tier_definition_ids(self, company_id):
        """Ids of the active tier definitions of this model for the company and for every
        company. Cached: asked at each write of the state and each form, they change seldom
        (tier.definition clears the cache when one is added, removed, archived or moved)."""
        definitions = self.env["tier.definition"].sudo().with_context(active_test=True)
        return tuple(
            definitions.search(
                [("model", "=", self._name), ("company_id", "in", [False, company_id])]
            ).ids
        )

    def _crm_tier_definitions(self):
        """The active tier definitions that apply to this record."""
        self.ensure_one()
        definitions = (
            self.env["tier.definition"]
            .sudo()
            .browse(self._crm_tier_definition_ids(self._get_company().id))
        )
        return definitions.filtered(lambda definition: self.evaluate_tier(definition))

    def _crm_tier_is_approved(self):
        """Every review approved, or no review and no tier that applies."""
        self.ensure_one()
        if self.review_ids:
            return all(review.status == "approved" for review in self.review_ids)
        return not self._crm_tier_definitions()

    def _crm_tier_status_label(self):
        self.ensure_one()
        if not self.review_ids:
            return self.env._("not requested")
        labels = dict(self._fields["validation_status"]._description_selection(self.env))
        return labels.get(self.validation_status, self.validation_status)

    def _crm_tier_check_approved(self, vals):
        """Refuse leaving the first state before the approval, or while the same write changes
        what the approval was about."""
        changed = set(self._crm_tier_restart_fields) & set(vals)
        for rec in self:
            if rec._tier_validation_get_current_state_value() not in self._state_from:
                continue
            restarting = rec.review_ids and any(
                value_changes(rec, fname, vals[fname]) for fname in changed
            )
            if restarting or not rec._crm_tier_is_approved():
                raise UserError(rec._crm_tier_refusal_message())

    def _crm_tier_check_created_state(self):
        """A record created directly in a later state (an active contract) skips the
        approval: refused when a tier applies to it."""
        for rec in self:
            if rec[self._state_field] in self._state_to and rec._crm_tier_definitions():
                raise UserError(rec._crm_tier_created_refusal_message())

    def _crm_tier_refusal_message(self):
        raise NotImplementedError

    def _crm_tier_created_refusal_message(self):
        raise NotImplementedError

    def _crm_tier_to_restart(self, vals):
        """(records whose requested approval starts again, labels of the changed fields)."""
        fnames = [fname for fname in self._crm_tier_restart_fields if fname in vals]
        if not fnames:
            return self.browse(), []
        records = self.filtered(
            lambda rec: rec.review_ids
            and rec._tier_validation_get_current_state_value() in self._state_from
        )
        changed = [
            fname
            for fname in fnames
            if any(value_changes(rec, fname, vals[fname]) for rec in records)
        ]
        if not changed:
            return self.browse(), []
        return records, [field_label(self, fname) for fname in changed]

    def _crm_tier_restart(self, changed_labels):
        """Start the approval again after a change: the old reviews go, new ones are
        requested for the tiers that apply to the new values."""
        internal = internal_context(self, REVIEWING)
        internal.restart_validation()
        for rec in self:
            rec.message_post(
                body=self.env._(
                    "The approval starts again: %(fields)s changed after the validation was "
                    "requested.",
                    fields=", ".join(changed_labels),
                ),
                subtype_xmlid="mail.mt_note",
            )
        internal.filtered("need_validation").request_validation()

    # ------------------------------------------------------------------
    # tier.validation hooks
    # ------------------------------------------------------------------

    # The approval fields of a form (need_validation, can_review, next_review) are computed
    # for every record the form's record prefetches, and most of those have no review awaiting
    # a decision (signed contracts, confirmed receipts, drafts nobody asked to approve). The
    # computes below look first at what the record's own row says (its state, the stored
    # validation_status), and read the reviews and the tier definitions only for the records
    # that need them.

    def _crm_tier_awaiting_decision(self):
        """The records that have a review waiting for a decision (pending or waiting), as
        the stored validation_status tells without reading the reviews: "no" (no review, or
        approved and cancelled ones) and "validated" (all approved) have none; a rejected
        round may keep other reviews pending."""
        return self.filtered(
            lambda rec: rec.validation_status in ("waiting", "pending", "rejected")
        )

    def _compute_need_validation(self):
        # base: per record, a search of the tier definitions (as the user) and their
        # evaluation, before it looks at the state and the reviews. Same conjunction, the
        # cheap terms first, with the definitions that decide the signing (_crm_tier_is_approved).
        self.need_validation = False
        candidates = self.filtered(
            lambda rec: isinstance(rec.id, int) and rec._check_state_from_condition()
        ).filtered(lambda rec: not rec.review_ids)
        for rec in candidates:
            rec.need_validation = bool(rec._crm_tier_definitions())

    def _tier_validation_check_write_allowed(self, vals):
        # base refuses writes under validation (records with reviews) and after it (validated
        # records, when validation exceptions are configured); for the other records it only
        # searched the exceptions, at every write
        concerned = self.filtered(
            lambda rec: rec.validation_status == "validated" or rec.review_ids
        )
        return super(CrmContractTierValidation, concerned)._tier_validation_check_write_allowed(
            vals
        )

    def _compute_can_review(self):
        # only a record with a review awaiting a decision can be reviewed
        awaiting = self._crm_tier_awaiting_decision()
        for rec in self - awaiting:
            rec.can_review = False
        return super(CrmContractTierValidation, awaiting)._compute_can_review()

    def _compute_next_review(self):
        # base's wording, in this addon's words (and translations); a review is pending only
        # while the status is pending or rejected
        for rec in self:
            review = False
            if rec.validation_status in ("pending", "rejected"):
                pending = rec.review_ids.filtered(lambda r: r.status == "pending")
                review = pending.sorted("sequence")[:1]
            rec.next_review = (
                self.env._("Next approval: %s", review.name or "") if review else False
            )

    def _check_allow_write_under_validation(self, vals):
        # Nothing is frozen under validation: what the approval is about restarts it
        # (see write), the rest (name, signers, notes...) stays editable.
        return True

    def _tier_validation_check_state_on_write(self, vals):
        if self._crm_tier_exempt():
            return None
        return super()._tier_validation_check_state_on_write(vals)

    def _tier_validation_check_write_remove_reviews(self, vals):
        res = super(
            CrmContractTierValidation, internal_context(self, REVIEWING)
        )._tier_validation_check_write_remove_reviews(vals)
        if vals.get(self._state_field):
            self._crm_tier_sync_activities()
        return res

    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        self.review_ids._compute_can_review()  # the next tier by sequence becomes pending
        self._crm_tier_sync_activities()
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers)
        self._crm_tier_sync_activities()
        rejected = (tiers or self.review_ids).filtered(
            lambda r: r.status == "rejected" and r.done_by == self.env.user
        )
        reason = "; ".join(comment for comment in rejected.mapped("comment") if comment)
        self.sudo().message_post(
            body=self.env._(
                "Approval rejected by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=reason or self.env._("no reason given"),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return res

    # ------------------------------------------------------------------
    # Buttons (public: also reachable over JSON-RPC, hence the checks)
    # ------------------------------------------------------------------

    def _crm_tier_check_editable(self):
        check_record_access(self, "write")
        late = self.filtered(
            lambda rec: rec._tier_validation_get_current_state_value() not in self._state_from
        )
        if late:
            raise UserError(
                self.env._(
                    "Approval is requested only while %(model)s is in its first status: "
                    "%(records)s.",
                    model=self._description,
                    records=", ".join(late.mapped("display_name")),
                )
            )

    def request_validation(self):
        """Create the reviews of the tiers that apply; the first ones to decide become
        pending (all of them, or the first by sequence) and their reviewers get an
        activity. Asked again after a rejection, the rejected round goes first."""
        if not is_internal(self, REVIEWING):
            self._crm_tier_check_editable()
        internal = internal_context(self, REVIEWING)
        rejected = internal.filtered(lambda rec: rec.validation_status == "rejected")
        if rejected:
            rejected.restart_validation()
        reviews = super(CrmContractTierValidation, internal).request_validation()
        extra = internal._crm_tier_extra_review_vals(reviews)
        if extra:
            added = internal.env["tier.review"].create(extra)
            internal._notify_review_requested(added)
            reviews |= added
        for rec in internal:
            rec.review_ids._compute_can_review()
        self._crm_tier_sync_activities()
        return reviews

    def _crm_tier_extra_review_vals(self, reviews):
        """Values of reviews to add to those of this model's own tiers (``reviews``, just
        created) when a validation is requested: none here (amendments add the tiers of the
        contract they would make)."""
        return []

    def _crm_tier_reviewer_source(self, definition):
        """The record whose field (``reviewer_field_id``) names the reviewers of a review
        of ``definition``: the record itself."""
        return self

    def action_request_validation(self):
        """The Request Validation button: the reviews are requested (the chatter keeps the
        request) and the user is told whom the approval now waits for."""
        reviews = self.request_validation()
        waiting_for = reviews.filtered(lambda r: r.status == "pending").reviewer_ids
        if reviews:
            message = self.env._(
                "Approval requested from %(reviewers)s.",
                reviewers=", ".join((waiting_for or reviews.reviewer_ids).mapped("name")),
            )
        else:
            message = self.env._("No approval tier applies: nothing to request.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if reviews else "info",
                "sticky": False,
                # back to the form, reloaded: the buttons follow the new approval status
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def restart_validation(self):
        if not is_internal(self, REVIEWING):
            self._crm_tier_check_editable()
        res = super(
            CrmContractTierValidation, internal_context(self, REVIEWING)
        ).restart_validation()
        self.invalidate_recordset(["need_validation"])
        self._crm_tier_sync_activities()
        return res

    def _crm_tier_check_reviewer(self):
        """Only a reviewer whose turn it is validates or rejects."""
        self.ensure_one()
        check_record_access(self, "read")
        if not self.can_review:
            raise AccessError(
                self.env._(
                    "%(record)s: you are not a reviewer whose approval is awaited now.",
                    record=self.display_name,
                )
            )

    def validate_tier(self):
        self._crm_tier_check_reviewer()
        return super(CrmContractTierValidation, internal_context(self, REVIEWING)).validate_tier()

    def reject_tier(self):
        """Rejecting always asks for the reason (the comment dialog)."""
        self._crm_tier_check_reviewer()
        sequences = self._get_sequences_to_approve(self.env.user)
        reviews = self.review_ids.filtered(
            lambda r: r.sequence in sequences and r.status in ("waiting", "pending")
        )
        return self._add_comment("reject", reviews)

    def _crm_tier_reviews_of(self, user):
        """The reviews ``user`` may decide now."""
        self.ensure_one()
        sequences = self._get_sequences_to_approve(user)
        return self.review_ids.filtered(
            lambda r: r.status in ("waiting", "pending")
            and user in r.reviewer_ids
            and (r.sequence in sequences or r.approve_sequence_bypass)
        )

    # ------------------------------------------------------------------
    # Activities of the reviewers
    # ------------------------------------------------------------------

    def _crm_tier_sync_activities(self):
        """Each reviewer of a pending review has an approval activity on the record; the
        activities of the others go (marked done for the user who just decided)."""
        if "activity_ids" not in self._fields:
            return
        activity_type = self.env.ref(ACTIVITY_TYPE, raise_if_not_found=False)
        if not activity_type:
            return
        for rec in self.sudo().exists():
            in_progress = rec._tier_validation_get_current_state_value() in self._state_from
            wanted = (
                rec.review_ids.filtered(lambda r: r.status == "pending").reviewer_ids
                if in_progress
                else self.env["res.users"]
            )
            current = rec.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            gone = current.filtered(lambda a, users=wanted: a.user_id not in users)
            mine = gone.filtered(lambda a: a.user_id == self.env.user)
            if mine:
                mine.action_feedback(
                    feedback=self.env._("Decided: %s", rec._crm_tier_status_label())
                )
            (gone - mine).unlink()
            for user in wanted - (current - gone).user_id:
                rec._crm_tier_schedule_activity(activity_type, user)

    def _crm_tier_schedule_activity(self, activity_type, user):
        lang = user.lang or self.env.lang
        self.activity_schedule(
            activity_type_id=activity_type.id,
            user_id=user.id,
            summary=self.with_context(lang=lang).env._(
                "Approve %(record)s", record=self.display_name
            ),
        )
