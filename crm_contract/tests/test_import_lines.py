"""Import of product lines: one row per line, the contract's columns repeated or left empty
on its following rows (Salesforce, WukongCRM), in the request and in the background."""

import io

import openpyxl

from odoo.tests import new_test_user

from .common import ImportCase, csv_bytes, xlsx_bytes
from .test_import_background import BackgroundCase

HF = "Harbour Freight Ltd"
EN_HEADER = [
    "Contract Number",
    "Contract Name",
    "Account Name",
    "Status",
    "Amount",
    "Product Name",
    "Product Code",
    "Quantity",
    "Sales Price",
    "Discount",
    "Unit",
]
ZH_HEADER = [
    "合同编号",
    "合同名称",
    "客户名称",
    "产品名称",
    "产品编码",
    "数量",
    "单价",
    "折扣",
    "单位",
    "合同金额",
]


class LinesMixin:
    @classmethod
    def _products(cls):
        Product = cls.env["product.product"]
        cls.server = Product.create(
            {
                "name": "Cloud Server",
                "default_code": "CS-01",
                "barcode": "6900001",
                "list_price": 100,
            }
        )
        cls.hours = Product.create(
            {
                "name": "Support Hours",
                "default_code": "SUP-H",
                "list_price": 50,
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
                "uom_po_id": cls.env.ref("uom.product_uom_hour").id,
                "description_sale": "On site",
            }
        )
        cls.router = Product.create({"name": "路由器", "default_code": "RT-9", "list_price": 800})
        cls.cables = Product.create(
            [
                {"name": "Cable", "default_code": "CB-1"},
                {"name": "cable", "default_code": "CB-2"},
            ]
        )
        cls.other_company = cls.env["res.company"].create({"name": "Elsewhere Ltd"})
        cls.foreign = Product.create(
            {"name": "Foreign Widget", "company_id": cls.other_company.id, "list_price": 5}
        )


class TestImportLines(LinesMixin, ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._products()

    def _import(self, rows, filename="lines.csv", **options):
        data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows)
        wizard = self._wizard(data, filename=filename, user=self.user_manager, **options)
        wizard.action_import()
        return wizard

    def _lines(self, contract):
        return [
            (line.product_id, line.quantity, line.price_unit, line.discount, line.product_uom_id)
            for line in contract.line_ids
        ]

    def test_salesforce_file_repeated_contract_columns(self):
        """Salesforce repeats the contract's columns on each line's row; a signed contract
        is created with its lines; products found by code, barcode or name."""
        hour = self.env.ref("uom.product_uom_hour")
        rows = [
            EN_HEADER,
            ["SF-1", "Hosting", HF, "Activated", "1,280.00",
             "Cloud Server", "CS-01", "2", "100", "10%", ""],
            ["SF-1", "Hosting", HF, "Activated", "1,280.00",
             "[CS-01] Cloud Server (old name)", "6900001", "1", "$100.00", "", ""],
            ["SF-1", "Hosting", HF, "Activated", "1,280.00",
             "support hours", "", "20", "50", "", "Hours"],
            ["SF-2", "No lines", "Granite Works", "Draft", "300",
             "", "", "", "", "", ""],
        ]  # fmt: skip
        for filename in ("sf.csv", "sf.xlsx"):
            with self.subTest(filename=filename):
                wizard = self._import(rows, filename)
                self.assertFalse(self._messages(wizard))
                self.assertEqual(wizard.created_count, 2)
                first, second = self._contracts(["SF-1", "SF-2"]).sorted("number")
                self.assertEqual(first.state, "active")
                self.assertEqual(
                    self._lines(first),
                    [
                        (self.server, 2.0, 100.0, 10.0, self.server.uom_id),
                        (self.server, 1.0, 100.0, 0.0, self.server.uom_id),
                        (self.hours, 20.0, 50.0, 0.0, hour),
                    ],
                )
                self.assertEqual(first.amount_total, 1280.0)
                # the descriptions, as the line computes them
                self.assertEqual(
                    first.line_ids.mapped("name"),
                    ["[CS-01] Cloud Server"] * 2 + ["[SUP-H] Support Hours\nOn site"],
                )
                self.assertFalse(second.line_ids)
                self.assertEqual(second.amount_total, 300)
                self.assertEqual(wizard.job_id.contract_ids, first | second)
                wizard.job_id.with_user(self.user_manager).action_undo()
                self.assertFalse((first | second).exists())
                self.assertFalse(
                    self.env["crm.contract.line"].search([("contract_id", "in", first.ids)])
                )

    def test_wukong_file_empty_contract_columns(self):
        """WukongCRM leaves the contract's columns empty on its following rows; Chinese
        units; a contract without a number is continued by its name and customer."""
        rows = [
            ZH_HEADER,
            [
                "WK-1",
                "网络改造",
                HF,
                "路由器",
                "",
                "2",
                "800",
                "",
                "台",
                "1600",
            ],
            ["", "", "", "[CS-01] Cloud Server", "", "3", "", "", "个", ""],
            ["", "机房维护", "Granite Works", "", "SUP-H", "4", "", "", "小时", "200"],
            ["", "机房维护", "Granite Works", "Cloud Server", "", "1", "0", "", "", "200"],
        ]
        wizard = self._import(rows, amount_mismatch="follow")
        self.assertFalse(self._messages(wizard))
        self.assertEqual(wizard.created_count, 2)
        first = self._contracts(["WK-1"])
        self.assertEqual([line.product_id for line in first.line_ids], [self.router, self.server])
        self.assertEqual(first.amount_total, 1600 + 300)
        second = self.env["crm.contract"].search([("name", "=", "机房维护")])
        self.assertEqual(len(second), 1)
        self.assertEqual(second.line_ids.product_id, self.hours | self.server)
        self.assertEqual(second.amount_total, 200)

    def test_xlsx_numbers_and_percent_cells(self):
        """Numbers of an xlsx file are read as numbers; a discount cell formatted as a
        percentage (10% shown, 0.1 stored) is 10 %."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(ZH_HEADER)
        sheet.append(["PC-1", "百分比", HF, "路由器", "", 3, 800.5, 0.1, "台", 2248.85])
        sheet["H2"].number_format = "0%"
        sheet.append(["", "", "", "路由器", "", 1, 100, 0.125, "", None])
        sheet["H3"].number_format = "0.0%"
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self._wizard(buffer.getvalue(), filename="percent.xlsx", user=self.user_manager)
        wizard.action_import()
        self.assertFalse(self._messages(wizard))
        contract = self._contracts(["PC-1"])
        self.assertEqual(contract.line_ids.mapped("discount"), [10.0, 12.5])
        self.assertEqual(contract.line_ids.mapped("quantity"), [3.0, 1.0])
        self.assertAlmostEqual(contract.amount_total, 2248.85)

    def test_amount_disagreeing_refused_or_following(self):
        rows = [
            ZH_HEADER,
            ["AM-1", "金额不符", HF, "路由器", "", "2", "800", "", "", "1000"],
            ["", "", "", "Cloud Server", "", "1", "", "", "", ""],
            ["AM-2", "金额相符", HF, "Cloud Server", "", "1", "", "", "", "100"],
        ]
        wizard = self._import(rows, error_policy="valid")
        self.assertEqual(wizard.created_count, 1)
        messages = sorted(self._messages(wizard))
        self.assertEqual([m[0] for m in messages], [2, 3])
        self.assertIn("1,000.00", messages[0][2])
        self.assertIn("1,700.00", messages[0][2])
        self.assertIn("rows 2 to 3", messages[0][2])
        self.assertIn("合同金额", messages[0][1])
        self.assertIn("row 2 of the same contract", messages[1][2])
        self.assertFalse(self._contracts(["AM-1"]))
        rows[3][0] = "AM-3"
        wizard = self._import(rows, amount_mismatch="follow")
        self.assertFalse(self._messages(wizard))
        self.assertEqual(self._contracts(["AM-1"]).amount_total, 1700)

    def test_failing_line_rolls_back_its_contract_only(self):
        rows = [
            EN_HEADER,
            ["FL-1", "Good", HF, "Draft", "", "Cloud Server", "", "1", "", "", ""],
            ["FL-2", "Bad", HF, "Draft", "", "Cloud Server", "", "1", "", "", ""],
            ["", "", "", "", "", "Cloud Server", "", "-3", "", "", ""],
            ["", "", "", "", "", "Cloud Server", "", "1", "", "0.1", ""],
            ["FL-3", "Good too", HF, "Draft", "", "Cable", "CB-2", "1", "9", "", ""],
        ]  # fmt: skip
        wizard = self._import(rows, error_policy="valid")
        self.assertEqual(wizard.created_count, 2)
        self.assertEqual(
            sorted(self._contracts(["FL-1", "FL-3"]).mapped("number")), ["FL-1", "FL-3"]
        )
        self.assertFalse(self._contracts(["FL-2"]))
        messages = {row: (column, message) for row, column, message in self._messages(wizard)}
        self.assertEqual(sorted(messages), [3, 4, 5])
        self.assertIn("Quantity (H)", messages[4][0])
        self.assertIn("quantity cannot be negative", messages[4][1])
        self.assertIn("Discount (J)", messages[5][0])
        self.assertIn("0.1%", messages[5][1])
        self.assertIn("10.0%", messages[5][1])
        self.assertIn("row 4 of the same contract", messages[3][1])
        # all or nothing: nothing at all
        rows = [[c.replace("FL-", "FN-") for c in row] for row in rows]
        wizard = self._import(rows)
        self.assertEqual(wizard.created_count, 0)
        self.assertFalse(self._contracts(["FN-1", "FN-3"]))

    def test_line_refused_by_the_model_fails_its_contract(self):
        """A line the model refuses at write time (a price out of bounds): the contract's
        rows are written one by one, its first row gets the refusal, its other rows say
        why they were not imported; the other contracts are written."""
        rows = [
            EN_HEADER,
            ["MR-1", "Good", HF, "", "", "Cloud Server", "", "1", "", "", ""],
            ["MR-2", "Too dear", HF, "", "", "Cloud Server", "", "1", "1", "", ""],
            ["", "", "", "", "", "Cloud Server", "", "1", "20000000000000", "", ""],
        ]
        wizard = self._import(rows, error_policy="valid")
        self.assertEqual(wizard.created_count, 1)
        self.assertTrue(self._contracts(["MR-1"]))
        self.assertFalse(self._contracts(["MR-2"]))
        messages = {row: message for row, _column, message in self._messages(wizard)}
        self.assertEqual(sorted(messages), [3, 4])
        self.assertIn("Unit Price", messages[3])
        self.assertIn("row 3 of the same contract", messages[4])

    def test_ambiguous_foreign_and_unknown_products(self):
        rows = [
            EN_HEADER,
            ["AP-1", "Cables", HF, "", "", "CABLE", "", "1", "", "", ""],
            ["AP-2", "Foreign", HF, "", "", "Foreign Widget", "", "1", "", "", ""],
            ["AP-3", "Unknown", HF, "", "", "Quantum Box", "QB-1", "2", "30", "", "个"],
            ["", "", "", "", "", "Quantum Box", "", "1", "30", "", ""],
        ]  # fmt: skip
        wizard = self._import(rows, error_policy="valid")
        messages = {row: message for row, _column, message in self._messages(wizard)}
        self.assertEqual(wizard.created_count, 0)
        self.assertIn("CABLE fits several products", messages[2])
        self.assertIn("CB-1", messages[2])
        self.assertIn("CB-2", messages[2])
        self.assertIn("barcode or name Foreign Widget", messages[3])
        self.assertIn("Quantum Box", messages[4])
        self.assertIn("Create Missing Products", messages[4])
        # allowed, but the user may not create products: said so
        wizard = self._import(rows[:1] + rows[3:], create_missing_products=True)
        self.assertIn("you may not create products", self._messages(wizard)[0][2])
        self.assertFalse(self.env["product.product"].search([("name", "=", "Quantum Box")]))
        # a user who may: created once, with its reference and unit
        self.user_manager.groups_id = [(4, self.env.ref("product.group_product_manager").id)]
        wizard = self._import(rows[:1] + rows[3:], create_missing_products=True)
        self.assertFalse(self._messages(wizard))
        product = self.env["product.product"].search([("name", "=", "Quantum Box")])
        self.assertEqual(len(product), 1)
        self.assertEqual(product.default_code, "QB-1")
        self.assertEqual(product.uom_id, self.env.ref("uom.product_uom_unit"))
        contract = self._contracts(["AP-3"])
        self.assertEqual(contract.line_ids.product_id, product)
        self.assertEqual(contract.amount_total, 90)

    def test_unit_of_another_category(self):
        rows = [
            ZH_HEADER,
            [
                "UC-1",
                "单位不符",
                HF,
                "Support Hours",
                "",
                "1",
                "",
                "",
                "千克",
                "",
            ],
            [
                "UC-2",
                "单位未知",
                HF,
                "Support Hours",
                "",
                "1",
                "",
                "",
                "光年",
                "",
            ],
        ]
        wizard = self._import(rows, error_policy="valid")
        messages = sorted(self._messages(wizard))
        self.assertEqual(wizard.created_count, 0)
        self.assertIn("单位 (I)", messages[0][1])
        self.assertIn("is not a unit of [SUP-H] Support Hours", messages[0][2])
        self.assertIn("no unit of measure named 光年", messages[1][2])

    def test_update_existing_contract_lines(self):
        """The lines of an existing draft contract are replaced; a signed contract's are
        refused, on each row, naming the amendment."""
        draft = self._create_contract(
            number="UP-1", line_ids=[(0, 0, {"product_id": self.router.id})]
        )
        signed = self._create_contract(number="UP-2", amount_total=100)
        signed.action_activate()
        rows = [
            EN_HEADER,
            ["UP-1", "", "", "", "", "Cloud Server", "", "3", "", "", ""],
            ["UP-2", "", "", "", "", "Cloud Server", "", "1", "", "", ""],
            ["", "", "", "", "", "Cloud Server", "", "1", "", "", ""],
        ]
        wizard = self._import(rows, error_policy="valid")
        self.assertEqual(wizard.updated_count, 1)
        self.assertEqual(self._lines(draft), [(self.server, 3.0, 100.0, 0.0, self.server.uom_id)])
        self.assertEqual(draft.amount_total, 300)
        messages = sorted(self._messages(wizard))
        self.assertEqual([m[0] for m in messages], [3, 4])
        self.assertIn("no longer a draft", messages[0][2])
        self.assertIn("amendment", messages[0][2])
        self.assertFalse(signed.line_ids)


class TestImportLinesBackground(LinesMixin, BackgroundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._products()

    def test_lines_in_the_background(self):
        """Chunks of 2 rows never split a contract of 3 lines; a failing line rolls back
        its own contract only; all-or-nothing writes nothing."""
        rows = [ZH_HEADER]
        for i in range(1, 5):
            rows.append([f"BL-{i}", f"后台 {i}", HF, "路由器", "", "1", "", "", "", ""])
            rows.append(["", "", "", "", "CS-01", "2", "", "", "", ""])
            rows.append(["", "", "", "", "SUP-H", "-1" if i == 3 else "1", "", "", "", ""])
        job = self._queue(rows, error_policy="valid")
        self.assertEqual(job.row_count, 12)
        self._run_all()
        self.assertEqual((job.state, job.created_count, job.error_count), ("done", 3, 3))
        contracts = self._contracts([f"BL-{i}" for i in range(1, 5)])
        self.assertEqual(sorted(contracts.mapped("number")), ["BL-1", "BL-2", "BL-4"])
        for contract in contracts:
            self.assertEqual(contract.line_ids.product_id, self.router | self.server | self.hours)
            self.assertEqual(contract.amount_total, 800 + 200 + 50)
        self.assertEqual(sorted(job.error_line_ids.mapped("row")), [8, 9, 10])
        job.with_user(self.user_manager).action_undo()
        self.assertFalse(contracts.exists())
        rows = [[c.replace("BL-", "BN-") for c in row] for row in rows]
        job = self._queue(rows)
        self._run_all()
        self.assertEqual((job.state, job.created_count), ("failed", 0))
        self.assertFalse(self._contracts([f"BN-{i}" for i in range(1, 5)]))


class TestImportLinesCreateRights(LinesMixin, ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._products()
        cls.product_user = new_test_user(
            cls.env,
            login="contract_products",
            name="Paula Products",
            groups="base.group_user,crm_contract.crm_contract_group_manager,"
            "product.group_product_manager",
        )

    def test_created_once_per_name(self):
        rows = [
            EN_HEADER,
            ["CR-1", "New things", HF, "", "", "Gizmo", "", "1", "5", "", ""],
            ["CR-2", "More things", HF, "", "", "GIZMO", "", "2", "5", "", ""],
        ]  # fmt: skip
        wizard = self._wizard(csv_bytes(rows), user=self.product_user, create_missing_products=True)
        wizard.action_import()
        self.assertFalse(self._messages(wizard))
        gizmo = self.env["product.product"].search([("name", "=ilike", "gizmo")])
        self.assertEqual(len(gizmo), 1)
        self.assertEqual(self._contracts(["CR-1", "CR-2"]).line_ids.product_id, gizmo)


class TestImportLinesTemplates(ImportCase):
    def test_templates_import_with_lines(self):
        """The contract templates (scripts/make_import_templates.py) import as they are: one
        contract of two lines, its amount their sum."""
        from odoo.tools.misc import file_open  # noqa: PLC0415

        if not self.env["res.partner"].search([("name", "=", "Wood Corner")]):
            self.env["res.partner"].create({"name": "Wood Corner", "is_company": True})
        if not self.env["res.users"].search([("name", "=", "Mitchell Admin")]):
            self.env["res.users"].create({"name": "Mitchell Admin", "login": "tmpl_admin"})
        for code, name, price in (
            ("FURN_7800", "Desk Combination", 1000),
            ("FURN_7777", "Office Chair", 100),
        ):
            if not self.env["product.product"].search([("default_code", "=", code)]):
                self.env["product.product"].create(
                    {"name": name, "default_code": code, "list_price": price}
                )
        self.env["crm.contract"].search([("number", "=", "CT-0001")]).write({"number": "CT-X"})
        for name in (
            "crm_contract_import_template.xlsx",
            "crm_contract_import_template_zh_CN.xlsx",
        ):
            with self.subTest(template=name):
                with file_open(f"crm_contract/static/xls/{name}", "rb") as handle:
                    wizard = self._wizard(handle.read(), filename=name, user=self.user_manager)
                wizard.action_import()
                self.assertFalse(self._messages(wizard))
                contract = self._contracts(["CT-0001"])
                self.assertEqual(len(contract.line_ids), 2)
                self.assertEqual(contract.amount_total, 12000)
                self.assertEqual(contract.state, "active")
                wizard.job_id.with_user(self.user_manager).action_undo()
