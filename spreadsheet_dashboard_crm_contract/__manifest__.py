{
    "name": "Spreadsheet dashboard for contracts",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "The Contracts dashboard: signed and received amounts against target, rankings, "
    "instalments falling due, overdue ageing and contracts expiring",
    "author": "crm_contract contributors",
    "website": "https://github.com/crm-contract/crm_contract",
    "license": "LGPL-3",
    "depends": ["crm_contract", "spreadsheet_dashboard"],
    "data": [
        "data/dashboards.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "spreadsheet_dashboard_crm_contract/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "application": False,
    "installable": True,
}
