from odoo import fields, models

from .crm_contract import DEFAULT_EXPIRY_REMINDER_DAYS, EXPIRY_REMINDER_PARAM
from .crm_contract_payment_plan import DEFAULT_PAYMENT_REMIND_DAYS, PAYMENT_REMIND_PARAM

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
