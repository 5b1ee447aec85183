from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _crm_contract_invoices(self):
        return (self.debit_move_id | self.credit_move_id).move_id._crm_contract_invoices()

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._crm_contract_invoices()._crm_contract_sync_receipts()
        return partials

    def unlink(self):
        invoices = self._crm_contract_invoices()
        res = super().unlink()
        if invoices:
            self.env["crm.contract.payment"].invalidate_model(["account_partial_id"])
            invoices.exists()._crm_contract_sync_receipts()
        return res
