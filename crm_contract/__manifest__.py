{
    "name": "CRM Contracts",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Contracts for customers and opportunities: lifecycle, signers, "
    "expiry reminders and per-user permissions",
    "author": "crm_contract contributors",
    "website": "https://github.com/crm-contract/crm_contract",
    "license": "LGPL-3",
    "depends": ["crm", "mail"],
    "data": [
        "security/crm_contract_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/crm_contract_type_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "wizards/crm_contract_terminate_views.xml",
        "views/crm_contract_views.xml",
        "views/crm_contract_type_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_contract_menus.xml",
    ],
    "demo": [
        "demo/crm_contract_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_contract/static/tests/tours/*.js",
        ],
    },
    "application": False,
    "installable": True,
}
