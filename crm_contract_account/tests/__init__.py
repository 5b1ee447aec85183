from . import test_import_invoiced
