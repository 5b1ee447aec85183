{
    "name": "CRM Contracts: Sales Orders",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Quotations and sales orders become contracts and back: lines, customer, "
    "opportunity, terms and instalments from the payment terms, links both ways",
    "author": "crm_contract contributors",
    "website": "https://github.com/crm-contract/crm_contract",
    "license": "LGPL-3",
    "depends": ["crm_contract", "sale_crm"],
    "data": [
        "views/sale_order_views.xml",
        "views/crm_contract_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_contract_sale/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "application": False,
    "installable": True,
}
