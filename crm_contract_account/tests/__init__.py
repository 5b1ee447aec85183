from . import (
    test_account_access,
    test_account_companies,
    test_account_tour,
    test_accounting_receipts,
    test_import_invoiced,
    test_invoicing,
)
