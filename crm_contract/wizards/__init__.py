from . import crm_contract_terminate
from . import crm_contract_cancel
from . import crm_contract_payment_plan_wizard
from . import crm_contract_import_field
from . import crm_contract_import_column
from . import crm_contract_import
from . import mail_compose_message
