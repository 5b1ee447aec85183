from . import test_account_tour
from . import test_import_invoiced
