from . import test_account_tour
