from . import crm_contract_tier_validation_mixin
from . import crm_contract
from . import crm_contract_payment
from . import crm_contract_amendment
from . import crm_contract_import_job
from . import tier_definition
from . import tier_review
