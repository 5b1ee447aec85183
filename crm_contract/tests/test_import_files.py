"""Import files shaped like real exports of other systems: every file is built
by the test, in memory."""

import base64
import io
import time
import zipfile
from datetime import date, datetime, timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import BaseCase, new_test_user

from ..tools.importer.values import (
    ImportValueError,
    NumberCell,
    decimal_separator_of,
    name_key,
    normalize_header,
    parse_amount,
    parse_months,
)
from .common import ImportCase, csv_bytes, xlsx_bytes


def xlsx_sheets(sheets):
    """An xlsx of several sheets: [(title, rows)]."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_bytes(rows):
    from odf.opendocument import OpenDocumentSpreadsheet  # noqa: PLC0415
    from odf.table import Table, TableCell, TableRow  # noqa: PLC0415
    from odf.text import P  # noqa: PLC0415

    document = OpenDocumentSpreadsheet()
    table = Table(name="Contracts")
    for row in rows:
        table_row = TableRow()
        for value in row:
            if isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                if value:
                    cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


class ImportFilesCase(ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_shanghai = new_test_user(
            cls.env,
            login="import_shanghai",
            name="Li Shanghai",
            groups="base.group_user,crm_contract.crm_contract_group_manager",
            tz="Asia/Shanghai",
        )
        cls.user_paris = new_test_user(
            cls.env,
            login="import_paris",
            name="Pierre Paris",
            groups="base.group_user,crm_contract.crm_contract_group_manager",
            tz="Europe/Paris",
        )

    def _import(self, data, filename="contracts.csv", **options):
        wizard = self._wizard(data, filename=filename, **options)
        wizard.action_import()
        return wizard

    def _by_name(self, name):
        return self.env["crm.contract"].search([("name", "=", name)])


class TestImportTimeZones(ImportFilesCase):
    def setUp(self):
        super().setUp()
        self.contract = self._create_contract(number="TZ-1")

    def _followup_date(self, user, **options):
        data = csv_bytes(
            [["合同编号", "跟进时间", "跟进内容"], ["TZ-1", "2026/6/19 13:29", f"tz {user.login}"]]
        )
        wizard = self._import(data, import_type="followup", user=user, **options)
        self.assertEqual(wizard.created_count, 1, self._messages(wizard))
        return self.env["crm.contract.followup"].search(
            [("contract_id", "=", self.contract.id)], order="id desc", limit=1
        )

    def test_datetimes_in_the_users_time_zone(self):
        self.assertEqual(self._followup_date(self.user_shanghai).date, datetime(2026, 6, 19, 5, 29))
        self.assertEqual(self._followup_date(self.user_paris).date, datetime(2026, 6, 19, 11, 29))

    def test_datetimes_said_utc(self):
        followup = self._followup_date(self.user_shanghai, datetime_utc=True)
        self.assertEqual(followup.date, datetime(2026, 6, 19, 13, 29))


class TestImportNumbers(ImportFilesCase):
    def _amounts(self, values, **options):
        rows = [["Contract Name", "Customer", "Amount"]]
        rows += [[f"N{i}-{values[0]}", "Harbour Freight Ltd", v] for i, v in enumerate(values)]
        wizard = self._wizard(csv_bytes(rows), **options)
        wizard.action_test()
        return wizard

    def test_column_tells_the_separators(self):
        rows = [
            ["Contract Name", "Customer", "Amount"],
            ["Euro 1", "Harbour Freight Ltd", "97.019,25 €"],
            ["Euro 2", "Harbour Freight Ltd", "12.500 €"],
            ["Euro 3", "Harbour Freight Ltd", "1.250.000 €"],
            ["Euro 4", "Harbour Freight Ltd", "3.000"],
            ["Euro 5", "Harbour Freight Ltd", ""],
        ]
        wizard = self._import(csv_bytes(rows))
        self.assertEqual(wizard.created_count, 5, self._messages(wizard))
        amounts = [self._by_name(f"Euro {i}").amount_total for i in range(1, 6)]
        self.assertEqual(amounts, [97019.25, 12500, 1250000, 3000, 0])

    def test_ambiguous_column_asks(self):
        wizard = self._amounts(["3.000", "1.234"])
        self.assertEqual(wizard.error_count, 2)
        self.assertIn("choose the decimal separator", wizard.error_line_ids[0].message)
        wizard = self._amounts(["3.000", "1.234"], decimal_separator=",")
        self.assertEqual((wizard.created_count, wizard.error_count), (2, 0))
        # read with a point, 1.234 has more decimals than the currency: refused, not rounded
        wizard = self._amounts(["3.000", "1.234"], decimal_separator=".")
        self.assertEqual(wizard.error_count, 1)
        self.assertIn("more decimals than the currency", wizard.error_line_ids[0].message)

    def test_formula_without_value_refused(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Contract Name", "Customer", "Amount"])
        sheet.append(["Formula", "Harbour Freight Ltd", "=1+1"])
        sheet.append(["Plain", "Harbour Freight Ltd", 5])
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self._import(buffer.getvalue(), filename="f.xlsx", error_policy="valid")
        self.assertEqual(wizard.created_count, 1)
        self.assertEqual(wizard.error_line_ids.row, 2)
        self.assertIn("C2 holds a formula without a saved value", wizard.error_line_ids.message)


class TestImportHeaders(ImportFilesCase):
    def test_title_lines_blank_rows_and_second_sheet(self):
        data = xlsx_sheets(
            [
                ("说明", [["请在第二个工作表填写合同"], ["每行一个合同"]]),
                (
                    "合同",
                    [
                        ["合同导出 2026-11-01"],
                        [],
                        ["*合同编号", "合同名称", "客户名称", "合同金额（元）"],
                        ["WK-1", "标题行", "Harbour Freight Ltd", 100],
                        [],
                        ["   ", ""],
                        ["WK-2", "第二", "Unknown Co", 100],
                    ],
                ),
            ]
        )
        wizard = self._wizard(data, filename="wukong.xlsx", error_policy="valid")
        wizard.action_import()
        self.assertEqual((wizard.sheet_name, wizard.header_row), ("合同", 3))
        self.assertEqual(wizard.header_note, "Header read on row 3 of the sheet 合同.")
        self.assertEqual(wizard.created_count, 1)
        self.assertEqual(self._contracts(["WK-1"]).amount_total, 100)
        self.assertEqual(wizard.error_line_ids.row, 7, "the sheet's own row number")

    def test_decorated_headers(self):
        headers = [
            "*合同编号",
            "合同名称*",
            "客户名称",
            "合同金额（元）",
            "*合同状态",
            "ｎｏｔｅｓ",
        ]
        wizard = self._wizard(csv_bytes([headers, ["D-1", "x", "y", "1", "草稿", "n"]]))
        wizard.action_load()
        self.assertEqual(
            [c.field_id.field_name for c in wizard.column_ids],
            ["number", "name", "partner_id", "amount_total", "state", "description"],
        )
        wizard = self._wizard(
            csv_bytes(
                [
                    ["ｃｏｎｔｒａｃｔ　ｎｕｍｂｅｒ", "Amount (USD)", "Title", "Account Name"],
                    ["D-2", "1", "x", "y"],
                ]
            )
        )
        wizard.action_load()
        self.assertEqual(
            [c.field_id.field_name for c in wizard.column_ids],
            ["number", "amount_total", "name", "partner_id"],
        )

    def test_duplicate_and_unmatched_columns_reported(self):
        data = csv_bytes(
            [
                ["Contract Name", "Customer", "Amount", "Contract Amount", "Region"],
                ["Dup", "Harbour Freight Ltd", "10", "20", "North"],
            ]
        )
        wizard = self._import(data)
        self.assertIn("Contract Amount (D) also holds Amount", wizard.read_notes)
        self.assertIn("column Amount (C) is used", wizard.read_notes)
        self.assertIn("Columns not imported: Region (E)", wizard.read_notes)
        self.assertEqual(self._by_name("Dup").amount_total, 10)

    def test_missing_required_names_candidates(self):
        with self.assertRaisesRegex(UserError, "Customer: a column titled Customer"):
            self._import(csv_bytes([["Contract Name"], ["x"]]))


class TestImportOtherSystems(ImportFilesCase):
    def test_wukong_statuses(self):
        statuses = {
            "审核通过": "active",
            "审核中": "draft",
            "待审核": "draft",
            "审核未通过": "draft",
            "拒绝": "draft",
            "已撤回": "draft",
            "未提交": "draft",
            "已作废": "cancelled",
        }
        rows = [["合同编号", "合同名称", "客户名称", "合同状态"]]
        rows += [[f"WS-{i}", s, "Harbour Freight Ltd", s] for i, s in enumerate(statuses)]
        wizard = self._import(csv_bytes(rows))
        self.assertEqual(wizard.created_count, len(statuses), self._messages(wizard))
        for status, state in statuses.items():
            self.assertEqual(self._by_name(status).state, state, status)

    def test_salesforce_report(self):
        data = csv_bytes(
            [
                [
                    "ContractNumber",
                    "Account Name",
                    "Contract Name",
                    "StartDate",
                    "ContractTerm",
                    "CustomerSigned.Name",
                    "Contract Owner",
                    "Status",
                ],
                [
                    "SFR-1",
                    "Harbour Freight Ltd",
                    "Cranes",
                    "2026-01-01",
                    "36",
                    "Hannah Harbour",
                    "Mitchell Import",
                    "Draft",
                ],
            ]
        )
        wizard = self._wizard(data)
        wizard.action_load()
        matches = {c.header: c.field_id.field_name for c in wizard.column_ids}
        self.assertEqual(matches["ContractTerm"], "term_months")
        self.assertEqual(matches["CustomerSigned.Name"], "customer_signer_id")
        wizard.action_import()
        self.assertEqual(wizard.created_count, 1, self._messages(wizard))
        contract = self._contracts(["SFR-1"])
        self.assertEqual(contract.date_end, date(2028, 12, 31))
        self.assertEqual(contract.customer_signer_id, self.customer_contact)
        self.assertEqual(contract.user_id, self.owner)
        self.assertFalse(contract.type_id)

    def test_hubspot_deals(self):
        data = csv_bytes(
            [
                ["Deal Name", "Associated Company", "Deal owner", "Amount"],
                ["HubSpot deal", "Harbour Freight Ltd", "Mitchell Import", "1,500.00"],
            ]
        )
        wizard = self._import(data)
        self.assertEqual(wizard.created_count, 1, self._messages(wizard))
        contract = self._by_name("HubSpot deal")
        self.assertEqual((contract.partner_id, contract.user_id), (self.customer, self.owner))
        self.assertEqual(contract.amount_total, 1500)

    def test_seeded_names_in_english_and_chinese_for_a_chinese_user(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_contract"], ["zh_CN"])
        self.user_shanghai.lang = "zh_CN"
        self._create_contract(number="ZH-1")
        rows = [["合同编号", "合同名称", "客户名称", "合同类型"]]
        rows += [["ZH-2", "en", "Harbour Freight Ltd", "Direct Sales"]]
        rows += [["ZH-3", "zh", "Harbour Freight Ltd", "直销"]]
        rows += [["ZH-4", "agency", "Harbour Freight Ltd", "Agency"]]
        wizard = self._import(csv_bytes(rows), user=self.user_shanghai)
        self.assertEqual(wizard.created_count, 3, self._messages(wizard))
        direct = self.env.ref("crm_contract.crm_contract_type_direct_sales")
        self.assertEqual(self._contracts(["ZH-2", "ZH-3"]).type_id, direct)
        followups = csv_bytes(
            [
                ["Contract Number", "Follow-up Type", "Content"],
                ["ZH-1", "Call", "english"],
                ["ZH-1", "微信沟通", "wechat"],
                ["ZH-1", "上门拜访", "visit"],
            ]
        )
        wizard = self._import(followups, import_type="followup", user=self.user_shanghai)
        self.assertEqual(wizard.created_count, 3, self._messages(wizard))
        types = (
            self.env["crm.contract.followup"]
            .search([("contract_id.number", "=", "ZH-1")])
            .mapped("followup_type_id.id")
        )
        self.assertIn(self.env.ref("crm_contract.crm_contract_followup_type_call").id, types)
        self.assertIn(self.env.ref("crm_contract.crm_contract_followup_type_message").id, types)


class TestImportUpdatesAndNames(ImportFilesCase):
    def test_update_only_file(self):
        existing = self._create_contract(number="UO-1", name="Keep", amount_total=10)
        wizard = self._import(csv_bytes([["Contract Number", "Amount"], ["UO-1", "99"]]))
        self.assertEqual(wizard.updated_count, 1, self._messages(wizard))
        self.assertEqual((existing.name, existing.amount_total), ("Keep", 99))
        wizard = self._import(
            csv_bytes([["Contract Number", "Amount"], ["UO-404", "5"]]), error_policy="valid"
        )
        self.assertEqual(wizard.error_count, 1)
        self.assertIn("the contract name is empty", wizard.error_line_ids.mapped("message"))

    def test_bracket_and_case_variants_of_names(self):
        company = self.env["res.partner"].create({"name": "华锐电子（深圳）", "is_company": True})
        rows = [
            ["Contract Name", "Customer"],
            ["B1", "华锐电子(深圳)"],
            ["B2", "华锐电子 （深圳）"],
            ["B3", "Nova Labs GmbH"],
            ["B4", "NOVA LABS GMBH"],
        ]
        before = self.env["res.partner"].search_count([])
        wizard = self._import(csv_bytes(rows), create_missing_partners=True)
        self.assertEqual(wizard.created_count, 4, self._messages(wizard))
        self.assertEqual((self._by_name("B1") | self._by_name("B2")).partner_id, company)
        self.assertEqual(self._by_name("B4").partner_id.name, "Nova Labs GmbH")
        self.assertEqual(self.env["res.partner"].search_count([]), before + 1)

    def test_text_into_html_escaped_with_line_breaks(self):
        wizard = self._import(
            csv_bytes(
                [
                    ["Contract Name", "Customer", "Notes"],
                    ["Html", "Harbour Freight Ltd", "<b>重要</b>\nline two"],
                    ["Blank", "Harbour Freight Ltd", "   "],
                ]
            )
        )
        self.assertEqual(wizard.created_count, 2)
        description = str(self._by_name("Html").description)
        self.assertIn("&lt;b&gt;重要&lt;/b&gt;", description)
        self.assertIn("<br>", description.replace("<br/>", "<br>"))
        self.assertFalse(self._by_name("Blank").description)


class TestImportFileKinds(ImportFilesCase):
    ROWS = [["Contract Number", "Contract Name", "Customer", "Amount"]]

    def test_ods(self):
        data = ods_bytes([*self.ROWS, ["ODS-1", "Ods", "Harbour Freight Ltd", 12.5]])
        wizard = self._import(data, filename="c.ods")
        self.assertEqual(wizard.created_count, 1, self._messages(wizard))
        self.assertEqual(self._contracts(["ODS-1"]).amount_total, 12.5)

    def test_xls_with_title_line_keeps_row_numbers(self):
        import xlwt  # noqa: PLC0415  (Odoo's own dependency)

        book = xlwt.Workbook()
        sheet = book.add_sheet("合同")
        rows = [
            ["合同导出 2026-11-01"],
            self.ROWS[0],
            ["XLS-1", "Xls", "Harbour Freight Ltd", 12.5],
            [],
            ["XLS-2", "Xls two", "Nobody Ltd", 3],
        ]
        for rowx, row in enumerate(rows):
            for colx, value in enumerate(row):
                sheet.write(rowx, colx, value)
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self._import(buffer.getvalue(), filename="c.xls", error_policy="valid")
        self.assertEqual((wizard.created_count, wizard.header_row), (1, 2), self._messages(wizard))
        self.assertEqual(self._contracts(["XLS-1"]).amount_total, 12.5)
        self.assertEqual(wizard.error_line_ids.row, 5)

    def test_unicode_text(self):
        text = "\r\n".join(
            "\t".join(r) for r in [*self.ROWS, ["UT-1", "统一码", "Harbour Freight Ltd", "7"]]
        )
        data = text.encode("utf-16")  # with BOM, as Excel's "Unicode Text"
        for filename in ("c.txt", "c.csv"):
            wizard = self._wizard(data, filename=filename)
            wizard.action_test()
            self.assertEqual(wizard.created_count, 1, (filename, self._messages(wizard)))

    def test_mixed_encoding_named(self):
        data = (
            b"Contract Name,Customer\n"
            + "合同一,Harbour Freight Ltd\n".encode()
            + "合同二,Harbour Freight Ltd\n".encode("gbk")
        )
        with self.assertRaisesRegex(UserError, "read as UTF-8, but line 3 is not UTF-8"):
            self._import(data)

    def test_absurd_workbooks_refused_quickly(self):
        source = io.BytesIO(xlsx_bytes([[*self.ROWS[0]], ["X", "x", "y", "1"]]))
        out = io.BytesIO()
        with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for item in zin.infolist():
                data = zin.read(item)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(
                        b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:XFD1048576"/>'
                    )
                z.writestr(item, data)
        start = time.monotonic()
        with self.assertRaisesRegex(UserError, "declares"):
            self._import(out.getvalue(), filename="huge.xlsx")
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/worksheets/sheet1.xml", b" " * (250 * 1024 * 1024))
        with self.assertRaisesRegex(UserError, "would expand"):
            self._import(bomb.getvalue(), filename="bomb.xlsx")
        self.assertLess(time.monotonic() - start, 10)


class TestImportFollowupActivities(ImportFilesCase):
    def setUp(self):
        super().setUp()
        self.contract = self._create_contract(number="ACT-1", user_id=self.user_manager.id)
        self.nomail = new_test_user(
            self.env,
            login="import_nomail",
            name="No Mail",
            groups="base.group_user,crm_contract.crm_contract_group_manager",
            email=False,
        )

    def _rows(self):
        past = fields.Date.to_string(date.today() - timedelta(days=30))
        future = fields.Date.to_string(date.today() + timedelta(days=30))
        return csv_bytes(
            [
                ["Contract Number", "Content", "Next Contact", "Author"],
                ["ACT-1", "past", past, "Mark Manager"],
                ["ACT-1", "future", future, "Alice All"],
            ]
        )

    def test_past_next_contacts_get_no_activity_by_default(self):
        wizard = self._import(self._rows(), import_type="followup", user=self.nomail)
        self.assertEqual(wizard.created_count, 2, self._messages(wizard))
        followups = self.env["crm.contract.followup"].search(
            [("contract_id", "=", self.contract.id)]
        )
        with_activity = followups.filtered("activity_id")
        self.assertEqual(len(with_activity), 1)
        self.assertEqual(with_activity.activity_id.user_id, self.user_all)
        action = wizard.action_view_records()
        self.assertEqual(self.env["crm.contract.followup"].search(action["domain"]), followups)

    def test_two_next_contacts_of_one_contract_by_one_author(self):
        # two activities for one author on one contract in one batch: created once each,
        # the author following the contract once (mail_batch.create_activities)
        soon = fields.Date.to_string(date.today() + timedelta(days=3))
        later = fields.Date.to_string(date.today() + timedelta(days=30))
        self.assertNotIn(self.user_all.partner_id, self.contract.message_partner_ids)
        rows = csv_bytes(
            [
                ["Contract Number", "Content", "Next Contact", "Author"],
                ["ACT-1", "first call", soon, "Alice All"],
                ["ACT-1", "second call", later, "Alice All"],
            ]
        )
        wizard = self._import(rows, import_type="followup", user=self.nomail)
        self.assertEqual(wizard.created_count, 2, self._messages(wizard))
        followups = self.env["crm.contract.followup"].search(
            [("contract_id", "=", self.contract.id)]
        )
        self.assertEqual(len(followups.activity_id), 2)
        for followup in followups:
            self.assertEqual(followup.activity_id.date_deadline, followup.next_date)
        self.assertIn(self.user_all.partner_id, self.contract.message_partner_ids)

    def test_option_creates_past_activities(self):
        wizard = self._import(
            self._rows(), import_type="followup", user=self.nomail, create_past_activities=True
        )
        self.assertEqual(wizard.created_count, 2, self._messages(wizard))
        followups = self.env["crm.contract.followup"].search(
            [("contract_id", "=", self.contract.id)]
        )
        self.assertEqual(len(followups.activity_id), 2)

    def test_active_contract_past_end_is_expired(self):
        rows = [
            ["Contract Name", "Customer", "Status", "Start Date", "End Date"],
            ["Old", "Harbour Freight Ltd", "Active", "2020-01-01", "2020-12-31"],
            ["Running", "Harbour Freight Ltd", "Active", "2020-01-01", "2099-12-31"],
        ]
        wizard = self._import(csv_bytes(rows))
        self.assertEqual(wizard.created_count, 2, self._messages(wizard))
        self.assertEqual(self._by_name("Old").state, "expired")
        self.assertEqual(self._by_name("Running").state, "active")

    def test_rows_repeated_in_the_file(self):
        """A row repeating an earlier row (contract, minute, type and text, spaces aside)
        is skipped; another text in the same minute is another follow-up."""
        rows = [
            ["Contract Number", "Date", "Follow-up Type", "Content"],
            ["ACT-1", "2026-03-02 10:00", "Call", "Same call"],
            ["ACT-1", "2026-03-02 10:00", "Call", "Same  call "],
            ["ACT-1", "2026-03-02 10:00", "Call", "Another call"],
            ["ACT-1", "2026-03-02 10:00", "Visit", "Same call"],
        ]
        wizard = self._import(csv_bytes(rows), import_type="followup")
        self.assertEqual(
            (wizard.created_count, wizard.skipped_count), (3, 1), self._messages(wizard)
        )
        again = self._import(csv_bytes(rows), import_type="followup")
        self.assertEqual((again.created_count, again.skipped_count), (0, 4))


class TestImportWizardUx(ImportFilesCase):
    def test_template_without_a_file_and_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        wizard = self.env["crm.contract.import"].create({"import_type": "followup"})
        self.assertIn("followup_import_template.xlsx", wizard.action_download_template()["url"])
        url = wizard.with_context(lang="zh_CN").action_download_template()["url"]
        self.assertIn("template_zh_CN.xlsx", url)
        with self.assertRaisesRegex(UserError, "Choose the file"):
            wizard.action_load()

    def test_chinese_templates_import(self):
        from odoo.tools.misc import file_open  # noqa: PLC0415

        # one Wood Corner (the demo data's, when installed): a second one would make the
        # name fit two customers, which the import refuses
        if not self.env["res.partner"].search([("name", "=", "Wood Corner")]):
            self.env["res.partner"].create({"name": "Wood Corner", "is_company": True})
        if not self.env["res.users"].search([("name", "=", "Mitchell Admin")]):
            self.env["res.users"].create({"name": "Mitchell Admin", "login": "tmpl_admin"})
        # the products of the example's lines (the demo data's, when installed)
        for code, name, price in (
            ("FURN_7800", "Desk Combination", 1000),
            ("FURN_7777", "Office Chair", 100),
        ):
            if not self.env["product.product"].search([("default_code", "=", code)]):
                self.env["product.product"].create(
                    {"name": name, "default_code": code, "list_price": price}
                )
        with file_open(
            "crm_contract/static/xls/crm_contract_import_template_zh_CN.xlsx", "rb"
        ) as f:
            data = f.read()
        wizard = self._wizard(data, filename="t.xlsx", user=self.user_shanghai)
        wizard.action_test()
        self.assertEqual((wizard.created_count, wizard.error_count), (1, 0), self._messages(wizard))

    def test_summary_and_error_download(self):
        wizard = self._import(
            csv_bytes(
                [
                    ["Contract Name", "Customer"],
                    ["Ok", "Harbour Freight Ltd"],
                    ["Bad", "Nobody Ltd"],
                ]
            ),
            error_policy="valid",
        )
        self.assertIn("1 created", wizard.result_summary)
        self.assertIn("1 failed", wizard.result_summary)
        self.assertIn("mimetype=", wizard.action_download_errors()["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.error_file)))
        self.assertEqual(book.active.title, "Errors")
        self.assertEqual(
            self.env["crm.contract"].search(wizard.action_view_records()["domain"]).name, "Ok"
        )


class TestImportFollowers(ImportFilesCase):
    def test_person_in_charge_follows_created_contracts(self):
        wizard = self._import(
            csv_bytes(
                [
                    ["Contract Name", "Customer", "Person in Charge"],
                    ["Followed", "Harbour Freight Ltd", "Mitchell Import"],
                ]
            )
        )
        self.assertEqual(wizard.created_count, 1, self._messages(wizard))
        contract = self._by_name("Followed")
        self.assertEqual(contract.message_partner_ids, self.owner.partner_id)


class TestImportValues(BaseCase):
    """The plain parsers and normalisers, without a database."""

    def test_normalize_header(self):
        for header, expected in (
            ("*合同编号", "合同编号"),
            ("合同编号*", "合同编号"),
            ("合同金额（元）", "合同金额"),
            ("Amount (USD)", "amount"),
            ("ｃｏｎｔｒａｃｔ　ｎｕｍｂｅｒ", "contractnumber"),
            ("  Contract  No. ", "contractno"),
            ("CustomerSigned.Name", "customersignedname"),
        ):
            self.assertEqual(normalize_header(header), expected, header)

    def test_name_key(self):
        self.assertEqual(name_key("华锐电子(深圳)"), name_key("华锐电子（深圳）"))
        self.assertEqual(name_key("华锐电子 (深圳)"), name_key("华锐电子【深圳】"))
        self.assertEqual(name_key("  Nova  LABS "), name_key("nova labs"))

    def test_amounts(self):
        self.assertEqual(decimal_separator_of(["97.019,25 €", "12.500 €"]), ",")
        self.assertEqual(decimal_separator_of(["1,234.5", "1.234,5"]), "conflict")
        self.assertIsNone(decimal_separator_of(["3.000", "1.234"]))
        self.assertEqual(parse_amount("12.500 €", ","), 12500)
        self.assertEqual(parse_amount("1.250.000 €"), 1250000)
        self.assertEqual(parse_amount("¥1,234,567.89"), 1234567.89)
        self.assertEqual(parse_amount(NumberCell("99.5"), digits=2), 99.5)
        with self.assertRaises(ImportValueError):
            parse_amount("3.000")
        with self.assertRaises(ImportValueError):
            parse_amount("1.234", ".", digits=2)
        self.assertEqual(parse_months("36个月"), 36)
