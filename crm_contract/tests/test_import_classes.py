"""Issue 21: every value comes in as the person who made the file meant it, or its row is
refused naming the row, the column and why. One test class per class of input: units in
headers, signs after a currency mark, merged cells, look-alike names, the built-in date
formats of Chinese Excel, encodings, totals and footers (with AM/PM times and one date
order per file). The files are fixtures of crm_contract/tests/data/, shaped like real
exports (scripts/make_test_fixtures.py writes them), or built here."""

import io
import zipfile
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import BaseCase, new_test_user

from ..tools.importer.footers import footer_rows
from ..tools.importer.reader import ReadError, decode, fill_merged, read_file
from ..tools.importer.values import (
    ImportValueError,
    header_unit,
    normalize_header,
    parse_amount,
    parse_datetime,
)
from .common import ImportCase, csv_bytes, fixture

WUKONG = {
    "WK-001": (125_000, "王芳", date(2026, 3, 2), date(2026, 3, 14), date(2027, 3, 13)),
    "WK-002": (83_500, "王芳", date(2026, 4, 1), date(2026, 4, 1), date(2026, 12, 31)),
    "WK-003": (1_000_000, "王芳", date(2026, 5, 6), date(2026, 5, 10), date(2027, 5, 9)),
    "WK-004": (9_800, "李强", date(2026, 6, 18), date(2026, 7, 1), date(2027, 6, 30)),
    "WK-005": (230_000, "李强", date(2026, 7, 20), date(2026, 8, 1), date(2028, 7, 31)),
}


class TestImportClassesPure(BaseCase):
    """The engine's plain functions, with plain values."""

    def test_units_in_headers(self):
        cases = {
            "合同总额(万元)": (10_000, "万元"),
            "金额（千元）": (1_000, "千元"),
            "Amount (k)": (1_000, "k"),
            "Amount (in thousands)": (1_000, "in thousands"),
            "金额（百万元）": (1_000_000, "百万元"),
            "Amount (USD m)": (1_000_000, "USD m"),
            "金额(亿元)": (100_000_000, "亿元"),
            "合同金额（元）": (1, "元"),
            "Amount (RMB)": (1, "RMB"),
            "Amount (USD)": (1, "USD"),
            "金额(¥)": (1, "¥"),
            "金额【万元，含税】": (10_000, "万元,含税"),
            "合同金额/万元": (10_000, "万元"),
            "Amount": (1, ""),
            "金额(美分)": (None, "美分"),
            "Amount (%)": (None, "%"),
            "金额(元/月)": (None, "元/月"),
        }
        for header, expected in cases.items():
            self.assertEqual(header_unit(header), expected, header)
        # the unit never stops the header from being recognised
        self.assertEqual(normalize_header("合同金额/万元"), "合同金额")
        self.assertEqual(normalize_header("Amount in thousands"), "amount")

    def test_scaled_amounts_keep_their_digits(self):
        self.assertEqual(parse_amount("12.3456", factor=10_000, digits=2), 123_456.0)
        self.assertEqual(parse_amount("8.35", factor=10_000, digits=2), 83_500.0)
        with self.assertRaises(ImportValueError) as caught:
            parse_amount("1.234567", factor=1_000, digits=2)
        self.assertEqual(caught.exception.code, "too_many_decimals")

    def test_signs_after_a_currency_mark(self):
        for text, amount in {
            "￥-3,200.00": -3200,
            "RMB -800": -800,
            "-¥300": -300,
            "-￥300": -300,
            "€ -12,50": -12.5,
            "(1,200.00)": -1200,
            "USD-5": -5,
            "US$ -1,200.00": -1200,
            "300-": -300,
            "−45": -45,
            "+300": 300,
            "¥1,234.50": 1234.5,
        }.items():
            self.assertEqual(parse_amount(text, decimal="."), amount, text)
        for text in ("-(300)", "--5", "5-5"):
            with self.assertRaises(ImportValueError, msg=text):
                parse_amount(text, decimal=".")

    def test_times_with_am_pm(self):
        for text, expected in {
            "3/4/2025 2:30 PM": datetime(2025, 3, 4, 14, 30),
            "3/4/2025, 12:05 AM": datetime(2025, 3, 4, 0, 5),
            "3/4/2025 12:15 p.m.": datetime(2025, 3, 4, 12, 15),
            "2025/3/4 下午2:30": datetime(2025, 3, 4, 14, 30),
            "2025/3/4 上午 9:05:10": datetime(2025, 3, 4, 9, 5, 10),
            "2025年3月4日 下午2时30分": datetime(2025, 3, 4, 14, 30),
            "2025-03-04 午後 2:30": datetime(2025, 3, 4, 14, 30),
        }.items():
            self.assertEqual(parse_datetime(text, "mdy"), expected, text)
        for text in ("3/4/2025 14:30 PM", "2025-03-04 PM"):
            with self.assertRaises(ImportValueError, msg=text):
                parse_datetime(text, "mdy")

    def test_encodings_detected(self):
        western = "Client;Montant\nSociété Générale;1.234,50 €\nMüller GmbH;€ -12,50\n"
        chinese = "客户名称,合同金额\n北京东方科技有限公司,120000\n上海恒通贸易有限公司,88500\n"
        traditional = "客戶名稱,合同金額\n台北資訊股份有限公司,150000\n高雄港務有限公司,80000\n"
        for text, codec, expected in (
            (western, "cp1252", "cp1252"),
            (chinese, "gb18030", "gb18030"),
            (traditional, "cp950", "big5"),
            (chinese, "utf-8", "utf-8"),
            (chinese, "utf-8-sig", "utf-8"),
            (chinese, "utf-16", "utf-16"),
            (chinese, "utf-16-le", "utf-16"),
        ):
            self.assertEqual(decode(text.encode(codec)), (text, expected), (codec, expected))
        # Müller decodes as GB18030 too (M黮ler), but no Chinese sits inside a Latin word
        self.assertEqual(decode("Müller GmbH,Jürgen\n".encode("cp1252"))[1], "cp1252")
        # the user's choice is kept; bytes it cannot read are refused naming the line
        self.assertEqual(decode(chinese.encode("gb18030"), "gb18030")[1], "gb18030")
        with self.assertRaises(ReadError) as caught:
            decode(chinese.encode("gb18030"), "utf-8")
        self.assertEqual(caught.exception.params["line"], 1)

    def test_merged_ranges_read_as_seen(self):
        rows = [
            (3, ["王芳", "WK-1"]),
            (4, ["", "WK-2"]),
            (5, ["", ""]),  # a blank row inside the range stays blank
            (6, ["", "WK-3"]),
            (7, ["", "WK-4"]),  # below the range: its own (empty) value
        ]
        self.assertEqual(
            list(fill_merged(rows, [(3, 1, 6, 1)])),
            [
                (3, ["王芳", "WK-1"]),
                (4, ["王芳", "WK-2"]),
                (5, ["", ""]),
                (6, ["王芳", "WK-3"]),
                (7, ["", "WK-4"]),
            ],
        )

    def test_totals_and_footers(self):
        rows = [
            (3, ["王芳", "WK-1", "Total Care Service", "12.5"]),
            (4, ["王芳", "小计", "", "12.5"]),
            (5, ["李强", "WK-2", "Grand design", "1"]),
            (6, ["", "", "", "13.5"]),
            (8, ["制表人：张三"]),
            (9, ["Printed on 3/4/2025"]),
        ]
        self.assertEqual(
            footer_rows(rows, [1, 2]),
            {4: "小计", 6: "13.5", 8: "制表人：张三", 9: "Printed on 3/4/2025"},
        )


class ClassesCase(ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wang = new_test_user(cls.env, login="wangfang", name="王芳", tz="Asia/Shanghai")
        cls.li = new_test_user(cls.env, login="liqiang", name="李强", tz="Asia/Shanghai")
        cls.jane = new_test_user(
            cls.env,
            login="jane.smith@example.com",
            name="Jane Smith",
            groups="base.group_user,crm_contract.crm_contract_group_user",
            tz="America/New_York",
        )
        cls.user_manager.tz = "Asia/Shanghai"
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [
                {"name": name, "is_company": True}
                for name in (
                    "北京东方科技有限公司",
                    "上海恒通贸易有限公司",
                    "杭州西湖茶业有限公司",
                    "深圳华美电子有限公司",
                    "台北資訊股份有限公司",
                    "Société Générale",
                    "Müller GmbH",
                )
            ]
        )

    def _run(self, data, filename, user=None, **options):
        wizard = self._wizard(data, filename=filename, user=user or self.user_manager, **options)
        wizard.action_load()
        wizard.action_import()
        return wizard

    def _background(self, data, filename, **options):
        """The file imported by the scheduled job (the threshold lowered to one row)."""
        self.env["ir.config_parameter"].set_param("crm_contract.import_background_rows", 1)
        Job = self.env["crm.contract.import.job"]
        Job.search([("state", "in", ("queued", "running"))]).write({"state": "failed"})
        wizard = self._wizard(data, filename=filename, user=self.user_manager, **options)
        action = wizard.action_import()
        job = Job.browse(action["res_id"])
        self.assertEqual(job.state, "queued")
        while Job._cron_process_imports():
            pass
        return job

    def assertWukong(self, numbers=None):
        numbers = numbers or WUKONG
        contracts = self._contracts(list(numbers))
        self.assertEqual(len(contracts), len(numbers))
        for contract in contracts:
            amount, owner, signed, start, end = numbers[contract.number]
            self.assertEqual(
                (
                    contract.amount_total,
                    contract.user_id.name,
                    contract.date_signed,
                    contract.date_start,
                    contract.date_end,
                ),
                (amount, owner, signed, start, end),
                contract.number,
            )


class TestWukongReport(ClassesCase):
    """A WukongCRM-like xlsx report grouped by person in charge: merged 负责人 cells, a
    万元 column, dates in Chinese Excel's built-in formats (1900 and 1904 date systems),
    subtotals, a total and the report's footer."""

    def test_report_in_the_request(self):
        wizard = self._wizard(
            fixture("contracts_wukong_report.xlsx"),
            filename="合同报表.xlsx",
            user=self.user_manager,
        )
        wizard.action_load()
        amount = wizard.column_ids.filtered(lambda c: c.header == "合同总额(万元)")
        self.assertEqual(amount.field_id.field_name, "amount_total")
        self.assertEqual(amount.unit, "× 10,000 (万元)")
        wizard.action_import()
        self.assertEqual(self._messages(wizard), [])
        self.assertEqual((wizard.created_count, wizard.skipped_count), (5, 5))
        self.assertWukong()
        self.assertIn("Total/footer lines, not imported", wizard.result_summary)
        for text in ("row 6 (小计)", "row 10 (合计)", "row 12 (制表人：张三)"):
            self.assertIn(text, wizard.result_summary)

    def test_report_of_the_1904_date_system(self):
        wizard = self._run(fixture("contracts_wukong_report_1904.xlsx"), "合同报表.xlsx")
        self.assertEqual(self._messages(wizard), [])
        self.assertWukong()

    def test_report_in_the_background(self):
        job = self._background(fixture("contracts_wukong_report.xlsx"), "合同报表.xlsx")
        self.assertEqual((job.state, job.error_count, job.skipped_count), ("done", 0, 5))
        self.assertWukong()
        self.assertIn("row 10 (合计)", job.result_summary)

    def test_refusals_show_dates_as_seen(self):
        """A refused date cell of a built-in format shows a date, not Excel's serial."""
        data = _edit_sheet(
            fixture("contracts_wukong_report.xlsx"),
            # the end of WK-002 (2026-12-31, serial 46387) moved before its start
            lambda xml: xml.replace(b"<v>46387</v>", b"<v>46000</v>"),
        )
        wizard = self._run(data, "合同报表.xlsx")
        messages = [(e.row, e.value, e.message) for e in wizard.error_line_ids]
        self.assertEqual(
            messages,
            [(4, "2025-12-09", "the end date 2025-12-09 is before the start date 2026-04-01")],
        )
        self.assertFalse(self._contracts(list(WUKONG)))


def _edit_sheet(data, edit):
    """The xlsx ``data`` with its first sheet's XML passed through ``edit``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = edit(part)
            dst.writestr(info, part)
    return out.getvalue()


class TestUnits(ClassesCase):
    HEADER = ["Contract Number", "Contract Name", "Customer"]

    def _amounts(self, header, *values, background=False):
        rows = [[*self.HEADER, header]] + [
            [f"UN-{i}", f"Unit {i}", "Harbour Freight Ltd", value] for i, value in enumerate(values)
        ]
        if background:
            job = self._background(csv_bytes(rows), "units.csv", error_policy="valid")
            return job, job
        wizard = self._run(csv_bytes(rows), "units.csv", error_policy="valid")
        return wizard, self._contracts([f"UN-{i}" for i in range(len(values))])

    def test_scales(self):
        for header, value, amount in (
            ("金额（千元）", "12.5", 12_500),
            ("Amount (k)", "1,250.5", 1_250_500),
            ("Amount (in thousands)", "3", 3_000),
            ("金额（百万元）", "1.2", 1_200_000),
            ("Amount (USD)", "99.95", 99.95),
        ):
            wizard, contracts = self._amounts(header, value)
            self.assertEqual(contracts.mapped("amount_total"), [amount], self._messages(wizard))
            contracts.unlink()

    def test_scales_in_the_background(self):
        job, _job = self._amounts("合同金额(万元)", "1.5", "2", background=True)
        self.assertEqual(job.state, "done")
        self.assertEqual(
            sorted(self._contracts(["UN-0", "UN-1"]).mapped("amount_total")), [15_000, 20_000]
        )

    def test_unknown_unit_refused(self):
        rows = [[*self.HEADER, "金额(美分)"], ["UN-9", "Cents", "Harbour Freight Ltd", "1250"]]
        wizard = self._wizard(csv_bytes(rows), user=self.user_manager)
        wizard.action_load()
        self.assertEqual(wizard.column_ids[3].unit, "unit not understood: 美分")
        with self.assertRaisesRegex(
            UserError, "the unit 美分 of the column 金额\\(美分\\) \\(D\\)"
        ):
            wizard.action_import()
        self.assertFalse(self._contracts(["UN-9"]))


class TestSigns(ClassesCase):
    def test_negative_after_the_currency_mark_is_refused(self):
        values = ["￥-3,200.00", "RMB -800", "-¥300", "€ -12.50", "(1,200.00)", "USD-5"]
        rows = [["Contract Number", "Contract Name", "Customer", "Amount"]] + [
            [f"NEG-{i}", f"Negative {i}", "Harbour Freight Ltd", value]
            for i, value in enumerate(values)
        ]
        wizard = self._run(csv_bytes(rows), "signs.csv", error_policy="valid")
        self.assertFalse(self._contracts([f"NEG-{i}" for i in range(len(values))]))
        self.assertEqual(
            [(e.row, e.value, e.message) for e in wizard.error_line_ids],
            [(i + 2, v, "the amount cannot be negative") for i, v in enumerate(values)],
        )

    def test_western_csv_credit(self):
        """Western Excel's CSV (Windows-1252, semicolons, decimal commas): the accents read
        right, the credit "€ -12,50" refused as negative."""
        wizard = self._run(fixture("contracts_cp1252.csv"), "export.csv", error_policy="valid")
        self.assertEqual(wizard.encoding_read, "cp1252")
        self.assertIn("Crème brûlée supply", wizard.preview)
        self.assertEqual(
            [(e.row, e.value, e.message) for e in wizard.error_line_ids],
            [(3, "€ -12,50", "the amount cannot be negative")],
        )
        contracts = self._contracts(["FR-001", "FR-003"])
        self.assertEqual(
            sorted((c.name, c.partner_id.name, c.amount_total, c.date_start) for c in contracts),
            [
                ("Crème brûlée supply", "Société Générale", 1234.5, date(2026, 3, 14)),
                ("Señal façade", "Société Générale", 2000.0, date(2026, 5, 1)),
            ],
        )


class TestMergedCells(ClassesCase):
    def test_ods_merged_and_covered_cells(self):
        """An ODS report: the person in charge merged down the rows, and a covered cell
        keeps its column's place (the columns after it do not move left)."""
        from odf.opendocument import OpenDocumentSpreadsheet  # noqa: PLC0415
        from odf.table import CoveredTableCell, Table, TableCell, TableRow  # noqa: PLC0415
        from odf.text import P  # noqa: PLC0415

        document = OpenDocumentSpreadsheet()
        table = Table(name="Contracts")
        lines = [
            ["Person in Charge", "Contract Number", "Contract Name", "Customer"],
            ["李强", "OD-1", "Ods one", "Harbour Freight Ltd"],
            [None, "OD-2", "Ods two", "Harbour Freight Ltd"],
            [None, "OD-3", "Ods three", "Harbour Freight Ltd"],
        ]
        for index, line in enumerate(lines):
            row = TableRow()
            for col, value in enumerate(line):
                if value is None:
                    row.addElement(CoveredTableCell())
                    continue
                cell = TableCell(valuetype="string")
                if index == 1 and col == 0:
                    cell.setAttribute("numberrowsspanned", "3")
                cell.addElement(P(text=value))
                row.addElement(cell)
            table.addElement(row)
        document.spreadsheet.addElement(table)
        buffer = io.BytesIO()
        document.write(buffer)
        wizard = self._run(buffer.getvalue(), "report.ods")
        self.assertEqual(self._messages(wizard), [])
        contracts = self._contracts(["OD-1", "OD-2", "OD-3"])
        self.assertEqual(sorted(contracts.mapped("name")), ["Ods one", "Ods three", "Ods two"])
        self.assertEqual(set(contracts.mapped("user_id.name")), {"李强"})


class TestLookAlikeNames(ClassesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wang_2 = new_test_user(
            cls.env, login="wang.fang2", email="fang@example.com", name="王芳"
        )
        Partner = cls.env["res.partner"]
        cls.twin_1 = Partner.create({"name": "Twin Trading", "is_company": True, "ref": "TT-SH"})
        cls.twin_2 = Partner.create(
            {"name": "TWIN  trading", "is_company": True, "email": "bj@twin.example.com"}
        )
        cls.jack_1 = Partner.create({"name": "Jack Ma", "parent_id": cls.customer.id})
        cls.jack_2 = Partner.create(
            {"name": "Jack  Ma", "parent_id": cls.customer.id, "email": "jack2@example.com"}
        )

    def _messages_of(self, rows, **options):
        wizard = self._run(csv_bytes(rows), "names.csv", error_policy="valid", **options)
        return {(e.row, e.column.split(" (")[0]): e.message for e in wizard.error_line_ids}

    def test_users_customers_signers(self):
        rows = [
            [
                "Contract Number",
                "Contract Name",
                "Customer",
                "Person in Charge",
                "Company Signer",
                "Customer Signer",
            ],
            ["LA-1", "Users alike", "Harbour Freight Ltd", "王芳", "", ""],
            ["LA-2", "By login", "Harbour Freight Ltd", "wang.fang2", "fang@example.com", ""],
            ["LA-3", "Customers alike", "Twin Trading", "", "", ""],
            ["LA-4", "By reference", "TT-SH", "", "", ""],
            ["LA-5", "Signers alike", "Harbour Freight Ltd", "", "", "Jack Ma"],
            ["LA-6", "Signer by e-mail", "Harbour Freight Ltd", "", "", "jack2@example.com"],
        ]
        messages = self._messages_of(rows, create_missing_partners=True)
        self.assertEqual(
            set(messages), {(2, "Person in Charge"), (4, "Customer"), (6, "Customer Signer")}
        )
        self.assertIn("王芳 fits several users: 王芳 (", messages[(2, "Person in Charge")])
        self.assertIn("王芳 (wangfang, w.w@example.com)", messages[(2, "Person in Charge")])
        self.assertIn("王芳 (wang.fang2, fang@example.com)", messages[(2, "Person in Charge")])
        self.assertIn("login or the e-mail", messages[(2, "Person in Charge")])
        customer = messages[(4, "Customer")]
        self.assertIn("Twin Trading fits several contacts", customer)
        self.assertIn("TT-SH", customer)
        self.assertIn("bj@twin.example.com", customer)
        self.assertIn("Jack Ma fits several contacts", messages[(6, "Customer Signer")])
        by_identifier = self._contracts(["LA-2", "LA-4", "LA-6"])
        self.assertEqual(
            sorted(
                (c.number, c.user_id, c.company_signer_id, c.partner_id, c.customer_signer_id)
                for c in by_identifier
            ),
            [
                ("LA-2", self.wang_2, self.wang_2, self.customer, self.env["res.partner"]),
                (
                    "LA-4",
                    self.user_manager,
                    self.env["res.users"],
                    self.twin_1,
                    self.env["res.partner"],
                ),
                ("LA-6", self.user_manager, self.env["res.users"], self.customer, self.jack_2),
            ],
        )
        # nothing was created for the refused names
        self.assertEqual(self.env["res.partner"].search_count([("name", "=ilike", "twin%")]), 2)

    def test_followups_contacts_types_contracts(self):
        contract = self._create_contract(number="LA-F1", name="Alike follow-ups")
        self._create_contract(number="LA-F2", name="Same name")
        self._create_contract(number="LA-F3", name="Same name")
        FollowupType = self.env["crm.contract.followup.type"]
        FollowupType.create([{"name": "Site Visit"}, {"name": "SITE  visit"}])
        rows = [
            ["Contract Number", "Follow-up Type", "Date", "Content", "Contacts", "Author"],
            ["LA-F1", "Site Visit", "2026-03-01 10:00", "types alike", "", ""],
            ["LA-F1", "", "2026-03-01 11:00", "contacts alike", "Jack Ma", ""],
            ["LA-F1", "", "2026-03-01 12:00", "authors alike", "", "王芳"],
            ["Same name", "", "2026-03-01 13:00", "contracts alike", "", ""],
            [
                "Alike follow-ups",
                "",
                "2026-03-01 14:00",
                "contract by name",
                "jack2@example.com",
                "wangfang",
            ],
        ]
        messages = self._messages_of(rows, import_type="followup")
        self.assertEqual(
            set(messages),
            {(2, "Follow-up Type"), (3, "Contacts"), (4, "Author"), (5, "Contract Number")},
        )
        self.assertIn("Site Visit fits several records", messages[(2, "Follow-up Type")])
        self.assertIn("Jack Ma fits several contacts", messages[(3, "Contacts")])
        self.assertIn("fits several users", messages[(4, "Author")])
        self.assertIn("Same name fits several contracts: ", messages[(5, "Contract Number")])
        self.assertIn("LA-F2 (Same name, ", messages[(5, "Contract Number")])
        self.assertIn("LA-F3 (Same name, ", messages[(5, "Contract Number")])
        followup = self.env["crm.contract.followup"].search([("contract_id", "=", contract.id)])
        self.assertEqual(
            (len(followup), followup.contact_ids, followup.user_id), (1, self.jack_2, self.wang)
        )


class TestEncodings(ClassesCase):
    def test_gb18030_with_total_line(self):
        wizard = self._run(fixture("contracts_gb18030.csv"), "导出.csv")
        self.assertEqual((wizard.encoding_read, self._messages(wizard)), ("gb18030", []))
        self.assertTrue(wizard.preview.startswith("GB-001 | 东方科技年度维保合同"))
        contracts = self._contracts(["GB-001", "GB-002"])
        self.assertEqual(
            sorted((c.name, c.user_id, c.amount_total) for c in contracts),
            [
                ("东方科技年度维保合同", self.wang, 120_000.0),
                ("镕达物流运输合同", self.li, 88_500.5),
            ],
        )
        self.assertEqual(wizard.skipped_count, 1)
        self.assertIn("row 4 (合计)", wizard.result_summary)

    def test_big5_in_the_background(self):
        job = self._background(fixture("contracts_big5.csv"), "匯出.csv")
        self.assertEqual(
            (job.state, job.encoding, job.error_count),
            ("done", "big5", 0),
            job.error_line_ids.mapped("message"),
        )
        contracts = self._contracts(["TW-001", "TW-002"])
        self.assertEqual(
            sorted((c.name, c.partner_id.name, c.amount_total) for c in contracts),
            [
                ("台北資訊年度維護合約", "台北資訊股份有限公司", 150_000.0),
                ("高雄港務服務合約", "台北資訊股份有限公司", 80_000.0),
            ],
        )

    def test_chosen_encoding(self):
        """The user's encoding is used in the request and in the background; one the file
        is not in is refused naming the line."""
        data = fixture("contracts_gb18030.csv")
        wizard = self._wizard(data, filename="x.csv", user=self.user_manager, encoding="utf-8")
        with self.assertRaisesRegex(UserError, "cannot be read as UTF-8 \\(line 1\\)"):
            wizard.action_load()
        job = self._background(data, "x.csv", encoding="gb18030")
        self.assertEqual((job.state, job.encoding), ("done", "gb18030"))
        self.assertEqual(len(self._contracts(["GB-001", "GB-002"])), 2)

    def test_utf16_unicode_text(self):
        rows = [
            ["合同编号", "合同名称", "客户名称"],
            ["U16-1", "统一码文本", "Harbour Freight Ltd"],
        ]
        data = csv_bytes(rows, encoding="utf-16", delimiter="\t")
        wizard = self._run(data, "unicode.txt")
        self.assertEqual((wizard.encoding_read, wizard.created_count), ("utf-16", 1))
        self.assertEqual(self._contracts(["U16-1"]).name, "统一码文本")


class TestSalesforceFollowups(ClassesCase):
    """A Salesforce activity report: US date-times with AM/PM, a next-contact column
    whose dates cannot tell their order (it follows the date column's), and the report's
    total and footer lines."""

    def setUp(self):
        super().setUp()
        self._create_contract(number="SF-001", user_id=self.jane.id)
        self._create_contract(number="SF-002", user_id=self.jane.id)

    def _check(self, result):
        followups = self.env["crm.contract.followup"].search(
            [("contract_id.number", "in", ["SF-001", "SF-002"])], order="date"
        )
        # New York is UTC-4 in March (daylight saving from 8 March 2026), UTC-5 in December
        self.assertEqual(
            [(f.date, f.next_date) for f in followups],
            [
                (datetime(2026, 3, 4, 14, 5), date(2026, 3, 5)),
                (datetime(2026, 3, 14, 18, 30), date(2026, 4, 1)),
                (datetime(2026, 12, 1, 17, 15), False),
            ],
        )
        self.assertEqual(result.skipped_count, 5)
        self.assertIn("row 6 (Grand Totals (3 records))", result.result_summary)
        self.assertIn("Acme Corp", result.result_summary)

    def test_in_the_request(self):
        wizard = self._run(
            fixture("followups_salesforce.csv"),
            "report.csv",
            user=self.jane,
            import_type="followup",
        )
        self.assertEqual(self._messages(wizard), [])
        self._check(wizard)

    def test_in_the_background(self):
        self.user_manager.tz = "America/New_York"
        job = self._background(
            fixture("followups_salesforce.csv"), "report.csv", import_type="followup"
        )
        self.assertEqual((job.state, job.error_count), ("done", 0))
        self._check(job)


class TestFilesRead(BaseCase):
    def test_fixtures_read_as_meant(self):
        sheet = read_file(fixture("contracts_wukong_report_1904.xlsx"), "r.xlsx")[0]
        self.assertEqual(
            sheet.rows[3],
            (
                4,
                [
                    "王芳",
                    "WK-002",
                    "恒通贸易采购框架协议",
                    "上海恒通贸易有限公司",
                    "8.35",
                    "2026-04-01",
                    "2026-04-01",
                    "2026-12-31",
                    "审核通过",
                ],
            ),
        )
