"""Shared set-up of the approval tests: the users of crm_contract's tests, a sales manager who
reviews, and tier definitions built per test class. Base classes only, no test methods."""

from odoo import Command
from odoo.addons.crm_contract.tests.common import ImportCase, PaymentCase
from odoo.tests import Form, new_test_user


class TierCase(PaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Definition = cls.env["tier.definition"]
        # No tier of the database (demo data) takes part: each test class defines its own.
        cls.Definition.search([]).write({"active": False})
        cls.reviewer = new_test_user(
            cls.env,
            login="tier_reviewer",
            name="Rita Reviewer",
            groups="base.group_user,sales_team.group_sale_manager",
        )
        cls.model_contract = cls.env.ref("crm_contract.model_crm_contract")
        cls.model_receipt = cls.env.ref("crm_contract.model_crm_contract_payment")
        cls.reviewer_group = cls.env["res.groups"].create(
            {"name": "Contract reviewers (test)", "users": [Command.link(cls.reviewer.id)]}
        )

    @classmethod
    def _tier(cls, domain, model=None, **values):
        vals = {
            "name": "Big contracts",
            "model_id": (model or cls.model_contract).id,
            "review_type": "group",
            "reviewer_group_id": cls.reviewer_group.id,
            "definition_domain": domain,
            "company_id": False,
        }
        vals.update(values)
        return cls.Definition.create(vals)

    def _reject(self, record, user, reason):
        """Reject as ``user`` through the comment dialog the Reject button opens."""
        action = record.with_user(user).reject_tier()
        self.assertEqual(action["res_model"], "comment.wizard")
        with Form(
            self.env["comment.wizard"].with_user(user).with_context(**action["context"])
        ) as dialog:
            dialog.comment = reason
        return dialog.record.add_comment()


class TierImportCase(ImportCase):
    """Imports with one tier of the database: contracts of 100,000 or more, approved by the
    contract administrator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["tier.definition"].search([]).write({"active": False})
        cls.env["tier.definition"].create(
            {
                "name": "Big contracts",
                "model_id": cls.env.ref("crm_contract.model_crm_contract").id,
                "review_type": "individual",
                "reviewer_id": cls.user_manager.id,
                "definition_domain": "[('amount_total', '>=', 100000)]",
                "company_id": False,
            }
        )
