"""pytest-odoo shim for the Odoo tier (crm_contract/tests). Odoo's own runner never reads
it; it sits at the root because a conftest inside the addon would be imported as
``crm_contract.tests.conftest``, outside ``odoo.addons``, which Odoo refuses.

When Odoo's runner runs a test it marks it in ``odoo.modules.module.current_test``: mail
is then never really sent, and the test cursors of ``HttpCase`` check that browser
requests belong to the running test. pytest-odoo 2.3 sets it only for Odoo 19 and later,
so without this fixture the browser tours fail and mail would be sent under pytest.
"""

import pytest

try:  # the static tier runs without Odoo
    import odoo
    from odoo.tests.common import BaseCase
except ImportError:
    odoo = BaseCase = None


@pytest.fixture(autouse=True)
def odoo_current_test(request):
    instance = getattr(request, "instance", None)
    if BaseCase is None or not isinstance(instance, BaseCase):
        yield
        return
    previous = odoo.modules.module.current_test
    odoo.modules.module.current_test = instance
    try:
        yield
    finally:
        odoo.modules.module.current_test = previous
