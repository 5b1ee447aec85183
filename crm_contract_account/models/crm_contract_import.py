"""The contract import knows the Invoice Number column (``tools/import_invoices.py``), and
Undo Import takes back the invoices a file linked: the invoices and their lines are the
contract's no more, the instalments and the receipts the import made of them go with the
contract (accounting keeps the invoices and their payments as they were)."""

from odoo import api, models
from odoo.addons.crm_contract.tools.guards import internal_context

from ..tools.import_invoices import FIELD, InvoiceNumbers
from .crm_contract_payment import ACCOUNTING_FIELDS, FROM_ACCOUNTING

INVOICE_HEADERS = [
    "invoice number",
    "invoice numbers",
    "invoice no",
    "invoice #",
    "invoice",
    "invoices",
    "发票号码",
    "发票号",
    "发票编号",
    "发票",
    "發票號碼",
    "發票號",
]


class CrmContract(models.Model):
    _inherit = "crm.contract"

    @api.model
    def _import_knowledge(self):
        knowledge = super()._import_knowledge()
        return dict(
            knowledge,
            headers=dict(knowledge["headers"], **{FIELD: INVOICE_HEADERS}),
            labels=dict(knowledge["labels"], **{FIELD: self.env._("Invoice Number")}),
            extensions=[*knowledge.get("extensions", ()), InvoiceNumbers],
        )


class CrmContractImportJob(models.Model):
    _inherit = "crm.contract.import.job"

    def _undo_own_records(self, contracts):
        """The instalments the import made of the invoices its file named (created with
        their contract, billed by an invoice), and the receipts accounting gave them."""
        own = super()._undo_own_records(contracts)
        plans = contracts.sudo().payment_plan_ids.filtered(
            lambda p: p.invoice_line_ids and p.create_date == p.contract_id.create_date
        )
        receipts = plans.payment_ids.filtered("invoice_id")
        for records in (plans, receipts):
            own[records._name] = own.get(records._name, records.browse()) | records
        return own

    def _undo_release(self, contracts):
        res = super()._undo_release(contracts)
        own = self._undo_own_records(contracts)
        plans = own["crm.contract.payment.plan"]
        receipts = own["crm.contract.payment"]
        receipts.filtered(lambda r: r.state == "confirmed")._crm_contract_cancel_from_accounting()
        internal_context(receipts, FROM_ACCOUNTING).write(dict.fromkeys(ACCOUNTING_FIELDS, False))
        receipts.unlink()
        lines = plans.invoice_line_ids
        moves = lines.move_id.filtered(lambda m: m.contract_id in contracts)
        # the lines leave their instalments before their invoices leave the contract (an
        # invoice billing instalments needs their contract)
        lines.write({"crm_contract_plan_id": False})
        moves.write({"contract_id": False})
        plans.unlink()
        return res
