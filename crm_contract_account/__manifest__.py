{
    "name": "CRM Contracts: Invoicing",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Invoices from the contracts' instalments, receipts from accounting's "
    "reconciliations: one truth about the money",
    "author": "crm_contract contributors",
    "website": "https://github.com/crm-contract/crm_contract",
    "license": "LGPL-3",
    "depends": ["crm_contract", "account"],
    "data": [
        "data/product_data.xml",
        "views/crm_contract_views.xml",
        "views/crm_contract_payment_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_contract_portal_templates.xml",
        "report/crm_contract_templates.xml",
    ],
    "demo": [
        "demo/crm_contract_account_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_contract_account/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "application": False,
    "installable": True,
}
