from . import crm_contract_terminate
from . import crm_contract_payment_plan_wizard
