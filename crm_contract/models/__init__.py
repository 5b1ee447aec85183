from . import crm_contract_type
from . import crm_contract
from . import crm_lead
from . import res_partner
from . import res_config_settings
