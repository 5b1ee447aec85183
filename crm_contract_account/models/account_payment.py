from odoo import models

# A payment's fields whose change may change what it pays of its invoices.
SYNCED_FIELDS = ("state", "invoice_ids", "amount", "date", "move_id")


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def _crm_contract_amount_for(self, invoice):
        """The part of this payment (without journal entry) that pays ``invoice``, in the
        invoice's currency: shared out to the invoices it pays in their order of due date,
        up to what each owes."""
        self.ensure_one()
        left = self.currency_id._convert(
            self.amount, invoice.currency_id, invoice.company_id, self.date
        )
        for other in self.invoice_ids.sorted(lambda m: (m.invoice_date_due or m.date, m.id)):
            owed = other.amount_total if other.currency_id == invoice.currency_id else left
            if other == invoice:
                return min(left, owed)
            left = max(left - owed, 0.0)
        return 0.0

    def write(self, vals):
        before = self.invoice_ids if set(SYNCED_FIELDS) & set(vals) else self.env["account.move"]
        res = super().write(vals)
        if before or set(SYNCED_FIELDS) & set(vals):
            (before | self.invoice_ids).exists()._crm_contract_sync_receipts()
        return res
