from odoo.tests import HttpCase, new_test_user, tagged


class TransferTourCase(HttpCase):
    """Transfers three contracts from the list as their person in charge (an
    own-documents user), keeping them as a team member who reads."""

    lang = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.lang:
            cls.env["res.lang"]._activate_lang(cls.lang)
            cls.env["ir.module.module"]._load_module_terms(
                ["base", "web", "mail", "crm", "crm_contract"], [cls.lang], overwrite=True
            )
        cls.owner = new_test_user(
            cls.env,
            login="tour_owner",
            name="Owen Owner",
            groups="base.group_user,crm_contract.crm_contract_group_user",
            lang=cls.lang or "en_US",
        )
        cls.new_owner = new_test_user(
            cls.env,
            login="tour_new_owner",
            name="Nora New",
            groups="base.group_user,crm_contract.crm_contract_group_user",
        )
        customer = cls.env["res.partner"].create({"name": "Tour Transfer Ltd", "is_company": True})
        cls.contracts = cls.env["crm.contract"].create(
            [
                {
                    "name": f"Transfer Tour {letter}",
                    "partner_id": customer.id,
                    "user_id": cls.owner.id,
                }
                for letter in "ABC"
            ]
        )

    def _run_tour(self):
        self.start_tour(
            "/odoo/action-crm_contract.crm_contract_action?view_type=list",
            "crm_contract_transfer_tour",
            login="tour_owner",
        )
        self.assertEqual(self.contracts.user_id, self.new_owner)
        for contract in self.contracts:
            self.assertEqual(
                contract.member_ids.mapped(lambda m: (m.user_id, m.access)), [(self.owner, "read")]
            )
            expected = {
                "zh_CN": "Owen Owner 将合同从 Owen Owner 转移给 Nora New",
            }.get(self.lang, "Transferred from Owen Owner to Nora New")
            self.assertIn(expected, "".join(contract.message_ids.mapped("body")))


@tagged("post_install", "-at_install")
class TestTransferTour(TransferTourCase):
    def test_transfer_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestTransferTourMobile(TransferTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_transfer_phone(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestTransferTourChinese(TransferTourCase):
    lang = "zh_CN"

    def test_transfer_desktop_zh_cn(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestTransferTourChineseMobile(TransferTourCase):
    lang = "zh_CN"
    browser_size = "375x667"
    touch_enabled = True

    def test_transfer_phone_zh_cn(self):
        self._run_tour()
