"""The addon's settings (system parameters): one table of key, default and bounds, read by
one helper. ``res.config.settings`` shows them and refuses values out of their bounds."""

from collections import namedtuple

from .guards import DAYS_MAX

# shown: a field of the Settings screen (crm_contract_<name>) sets it
Setting = namedtuple("Setting", ["key", "default", "low", "high", "unit", "shown"], defaults=[True])

SETTINGS = {
    "expiry_reminder_days": Setting("crm_contract.expiry_reminder_days", 30, 0, DAYS_MAX, "days"),
    "payment_remind_days": Setting("crm_contract.payment_remind_days", 7, 0, DAYS_MAX, "days"),
    "import_max_size_mb": Setting("crm_contract.import_max_size_mb", 20, 1, 1024, "MB"),
    "import_background_rows": Setting(
        "crm_contract.import_background_rows", 2000, 1, 10_000_000, "rows"
    ),
    "import_keep_days": Setting("crm_contract.import_keep_days", 30, 1, DAYS_MAX, "days"),
    "import_chunk_rows": Setting(
        "crm_contract.import_chunk_rows", 1000, 1, 1_000_000, "rows", False
    ),
}


def get_setting(env, name):
    """The value of the setting ``name``: its default when unset or not a whole number,
    else brought within its bounds."""
    setting = SETTINGS[name]
    value = env["ir.config_parameter"].sudo().get_param(setting.key)
    try:
        value = int(value) if value not in (None, False, "") else setting.default
    except (TypeError, ValueError):
        return setting.default
    return min(max(value, setting.low), setting.high)
