from . import test_sale_contract
from . import test_sale_tour
