from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_contract import DEFAULT_EXPIRY_REMINDER_DAYS, EXPIRY_REMINDER_PARAM
from .crm_contract_payment_plan import DEFAULT_PAYMENT_REMIND_DAYS, PAYMENT_REMIND_PARAM
from .guards import DAYS_MAX

DEFAULT_IMPORT_MAX_SIZE_MB = 20
IMPORT_MAX_SIZE_PARAM = "crm_contract.import_max_size_mb"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_contract_expiry_reminder_days = fields.Integer(
        string="Expiry Reminder (days)",
        config_parameter=EXPIRY_REMINDER_PARAM,
        default=DEFAULT_EXPIRY_REMINDER_DAYS,
        help="The person in charge gets an activity this many days before a contract ends.",
    )
    crm_contract_import_max_size_mb = fields.Integer(
        string="Import File Limit (MB)",
        config_parameter=IMPORT_MAX_SIZE_PARAM,
        default=DEFAULT_IMPORT_MAX_SIZE_MB,
        help="Contract and follow-up files larger than this are refused by the import.",
    )
    crm_contract_payment_remind_days = fields.Integer(
        string="Payment Reminder (days)",
        config_parameter=PAYMENT_REMIND_PARAM,
        default=DEFAULT_PAYMENT_REMIND_DAYS,
        help="Default for new instalments: the person in charge gets an activity this many "
        "days before the due date.",
    )

    @api.constrains(
        "crm_contract_expiry_reminder_days",
        "crm_contract_payment_remind_days",
        "crm_contract_import_max_size_mb",
    )
    def _check_crm_contract_settings(self):
        for settings in self:
            for fname in ("crm_contract_expiry_reminder_days", "crm_contract_payment_remind_days"):
                if not 0 <= settings[fname] <= DAYS_MAX:
                    raise ValidationError(
                        self.env._(
                            '"%(setting)s" must be between 0 and %(max)s days.',
                            setting=self._fields[fname]._description_string(self.env),
                            max=DAYS_MAX,
                        )
                    )
            if not 1 <= settings.crm_contract_import_max_size_mb <= 1024:
                raise ValidationError(
                    self.env._(
                        '"%(setting)s" must be between 1 and 1024 MB.',
                        setting=self._fields["crm_contract_import_max_size_mb"]._description_string(
                            self.env
                        ),
                    )
                )
