from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_contract import DEFAULT_EXPIRY_REMINDER_DAYS, EXPIRY_REMINDER_PARAM
from .crm_contract_payment_plan import DEFAULT_PAYMENT_REMIND_DAYS, PAYMENT_REMIND_PARAM
from ..tools.guards import DAYS_MAX, field_label

DEFAULT_IMPORT_MAX_SIZE_MB = 20
IMPORT_MAX_SIZE_PARAM = "crm_contract.import_max_size_mb"
DEFAULT_BACKGROUND_ROWS = 2000
BACKGROUND_ROWS_PARAM = "crm_contract.import_background_rows"
DEFAULT_KEEP_DAYS = 30
KEEP_DAYS_PARAM = "crm_contract.import_keep_days"


def int_param(env, key, default):
    """An integer system parameter, ``default`` when unset or not a number."""
    try:
        return int(env["ir.config_parameter"].sudo().get_param(key, default))
    except ValueError:
        return default


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
    crm_contract_import_background_rows = fields.Integer(
        string="Background Import Above (rows)",
        config_parameter=BACKGROUND_ROWS_PARAM,
        default=DEFAULT_BACKGROUND_ROWS,
        help="A contract or follow-up file of more rows than this is imported in the "
        "background, a chunk at a time, with a progress bar on its import record.",
    )
    crm_contract_import_keep_days = fields.Integer(
        string="Keep Import Records (days)",
        config_parameter=KEEP_DAYS_PARAM,
        default=DEFAULT_KEEP_DAYS,
        help="Import records and their files are deleted after this many days; the "
        "records they created stay.",
    )

    @api.constrains("crm_contract_import_background_rows", "crm_contract_import_keep_days")
    def _check_crm_contract_import_history(self):
        for settings in self:
            if not 1 <= settings.crm_contract_import_background_rows <= 10_000_000:
                raise ValidationError(
                    self.env._(
                        '"%(setting)s" must be between 1 and 10,000,000 rows.',
                        setting=field_label(settings, "crm_contract_import_background_rows"),
                    )
                )
            if not 1 <= settings.crm_contract_import_keep_days <= DAYS_MAX:
                raise ValidationError(
                    self.env._(
                        '"%(setting)s" must be between 1 and %(max)s days.',
                        setting=field_label(settings, "crm_contract_import_keep_days"),
                        max=DAYS_MAX,
                    )
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
