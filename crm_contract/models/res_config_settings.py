from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.guards import field_label
from ..tools.settings import SETTINGS


def _number(value):
    """1024, 3650, 10,000,000: thousands separated from 10,000 on."""
    return f"{value:,}" if value >= 10_000 else str(value)


def _setting_field(name, string, help_text):
    """The settings field of the setting ``name`` of tools.settings.SETTINGS."""
    setting = SETTINGS[name]
    return fields.Integer(
        string=string, config_parameter=setting.key, default=setting.default, help=help_text
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_contract_expiry_reminder_days = _setting_field(
        "expiry_reminder_days",
        "Expiry Reminder (days)",
        "The person in charge gets an activity this many days before a contract ends.",
    )
    crm_contract_import_max_size_mb = _setting_field(
        "import_max_size_mb",
        "Import File Limit (MB)",
        "Contract and follow-up files larger than this are refused by the import.",
    )
    crm_contract_payment_remind_days = _setting_field(
        "payment_remind_days",
        "Payment Reminder (days)",
        "Default for new instalments: the person in charge gets an activity this many "
        "days before the due date.",
    )
    crm_contract_import_background_rows = _setting_field(
        "import_background_rows",
        "Background Import Above (rows)",
        "A contract or follow-up file of more rows than this is imported in the "
        "background, a chunk at a time, with a progress bar on its import record.",
    )
    crm_contract_import_keep_days = _setting_field(
        "import_keep_days",
        "Keep Import Records (days)",
        "Import records and their files are deleted after this many days; the "
        "records they created stay.",
    )

    @api.constrains(*(f"crm_contract_{name}" for name, s in SETTINGS.items() if s.shown))
    def _check_crm_contract_settings(self):
        """Each setting within the bounds of its row in tools.settings.SETTINGS."""
        messages = {
            "days": self.env._('"%(setting)s" must be between %(low)s and %(high)s days.'),
            "rows": self.env._('"%(setting)s" must be between %(low)s and %(high)s rows.'),
            "MB": self.env._('"%(setting)s" must be between %(low)s and %(high)s MB.'),
        }
        for settings in self:
            for name, setting in SETTINGS.items():
                fname = f"crm_contract_{name}"
                if setting.shown and not setting.low <= settings[fname] <= setting.high:
                    raise ValidationError(
                        messages[setting.unit]
                        % {
                            "setting": field_label(settings, fname),
                            "low": _number(setting.low),
                            "high": _number(setting.high),
                        }
                    )
