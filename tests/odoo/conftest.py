"""What pytest-odoo 2.3 leaves unset on Odoo 18.

When Odoo runs its own tests it marks the test being run in
``odoo.modules.module.current_test``: mail is then never really sent, and the test
cursors of ``HttpCase`` check that browser requests belong to the running test.
pytest-odoo sets it only for Odoo 19 and later, so it is set here for every test.

Odoo's test metaclass gives test classes their tags and module only when they live in
``odoo.addons.<module>``; these tests live outside the addon, so they get them here.
"""

import pytest

import odoo
from odoo.tests.common import BaseCase


def pytest_collection_modifyitems(items):
    for item in items:
        cls = getattr(item, "cls", None)
        if cls and issubclass(cls, BaseCase) and not hasattr(cls, "test_module"):
            cls.test_module = "crm_contract"
            cls.test_class = cls.__name__
            cls.test_sequence = 0
            if getattr(cls, "test_tags", None) is None:
                cls.test_tags = {"standard", "post_install"}


@pytest.fixture(autouse=True)
def odoo_current_test(request):
    instance = getattr(request, "instance", None)
    if not isinstance(instance, BaseCase):
        yield
        return
    previous = odoo.modules.module.current_test
    odoo.modules.module.current_test = instance
    try:
        yield
    finally:
        odoo.modules.module.current_test = previous
