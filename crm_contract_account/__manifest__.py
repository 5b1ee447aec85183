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
