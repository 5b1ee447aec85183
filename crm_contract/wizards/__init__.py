from . import crm_contract_terminate
