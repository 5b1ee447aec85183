from . import (
    test_account_access,
    test_account_companies,
    test_accounting_receipts,
    test_invoicing,
)
