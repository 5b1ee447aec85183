{
    "name": "CRM Contracts: Approval Tiers",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Multi-level approval of contracts before signing, of receipts before "
    "confirmation and of amendments before they apply, on OCA's base_tier_validation",
    "author": "crm_contract contributors",
    "website": "https://github.com/crm-contract/crm_contract",
    "license": "AGPL-3",
    "depends": ["crm_contract", "base_tier_validation"],
    "data": [
        "security/crm_contract_tier_validation_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "views/crm_contract_views.xml",
        "views/crm_contract_payment_views.xml",
        "views/crm_contract_amendment_views.xml",
        "views/tier_definition_views.xml",
        "views/crm_contract_tier_validation_menus.xml",
    ],
    "demo": [
        "demo/crm_contract_tier_validation_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_contract_tier_validation/static/tests/tours/*.js",
        ],
    },
    "auto_install": False,
    "application": False,
    "installable": True,
}
