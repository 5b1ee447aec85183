from odoo import models
from odoo.addons.crm_contract.tools.guards import internal_context

from .crm_contract_tier_validation_mixin import IMPORTING


class CrmContractImportJob(models.Model):
    _inherit = "crm.contract.import.job"

    def _import_env_job(self):
        # A background import writes its chunks with the importing user's rights, outside the
        # wizard's run: contracts imported as Active are exempted there too.
        return internal_context(super()._import_env_job(), IMPORTING)
