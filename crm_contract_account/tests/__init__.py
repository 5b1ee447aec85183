from . import test_accounting_receipts, test_invoicing
