from . import crm_contract_payment_report
