from . import crm_contract_payment_report
from . import ir_actions_report
from . import crm_contract_renewal_report
from . import crm_contract_target_report
