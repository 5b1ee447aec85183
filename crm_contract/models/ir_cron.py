"""Run Manually of the addon's scheduled actions while they run elsewhere.

Odoo locks a scheduled action's row while a cron thread runs it, and Run Manually, which
takes the same lock without waiting, is then refused with Odoo's generic message ("This
cron task is currently being executed and may not be modified"). For the addon's actions
the refusal says what happens: the action, the import in particular, is already running,
on this server or another one, and was not started again."""

from odoo import models
from odoo.exceptions import UserError

IMPORT_CRON = "crm_contract.ir_cron_crm_contract_import"


class IrCron(models.Model):
    _inherit = "ir.cron"

    def method_direct_trigger(self):
        self.ensure_one()
        message = self._crm_contract_running_message()
        if message:
            try:
                self._try_lock()
            except UserError:
                raise UserError(message) from None
        return super().method_direct_trigger()

    def _crm_contract_running_message(self):
        """The refusal of Run Manually for an action of this addon running elsewhere (None
        for the other actions: Odoo's own message)."""
        xmlid = self.sudo().get_external_id().get(self.id, "")
        if not xmlid.startswith("crm_contract."):
            return None
        return already_running_message(self.env, importing=xmlid == IMPORT_CRON)


def already_running_message(env, importing=False):
    """Run Manually refused: the action (the import) already runs elsewhere."""
    if importing:
        return env._(
            "The import is already running, on this server or another one: it was not "
            "started again. Its result shows on the import once it ends."
        )
    return env._(
        "This scheduled action is already running, on this server or another one: it was "
        "not started again. Its results show once it ends."
    )
