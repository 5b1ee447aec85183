from . import crm_contract
from . import crm_contract_amendment
from . import sale_order
from . import sale_order_line
