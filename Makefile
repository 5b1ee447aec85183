# The project's two commands (see README.md).
.PHONY: run test setup
run:   ## start Odoo with crm_contract, its bridges (approvals, sales orders) and demo data on http://127.0.0.1:8069 (WORKERS=N: prefork mode, N HTTP workers, websocket through a local proxy)
	bash scripts/run.sh
test:  ## run every test (static tier, then the Odoo tier of every addon when Odoo 18 is available)
	bash scripts/test.sh
setup: ## install Odoo's requirements and the test tools (Odoo: ODOO_PATH, else fetched once into ODOO_CACHE_DIR)
	bash scripts/setup.sh
