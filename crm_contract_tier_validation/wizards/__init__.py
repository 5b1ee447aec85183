from . import comment_wizard
from . import crm_contract_import
