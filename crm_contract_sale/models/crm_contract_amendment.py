"""An amendment applied to a contract whose order changed brings the contract up to date:
the warning that its order changed goes."""

from odoo import models


class CrmContractAmendment(models.Model):
    _inherit = "crm.contract.amendment"

    def _apply(self):
        res = super()._apply()
        self.contract_id._clear_sale_order_changed()
        return res
