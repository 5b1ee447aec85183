from . import crm_contract_payment_report
from . import crm_contract_renewal_report
