import base64
import io
from datetime import date, datetime

import openpyxl

from odoo.exceptions import UserError

from .common import ImportCase, csv_bytes, fixture, xlsx_bytes

HEADER = ["Contract Number", "Contract Name", "Customer", "Person in Charge", "Amount"]


class TestImportContracts(ImportCase):
    def _state(self):
        """What an import could change, to compare before and after."""
        return (
            self.env["crm.contract"].search_count([]),
            self.env["res.partner"].search_count([]),
            self.env["crm.contract.type"].search_count([]),
        )

    def test_update_or_skip_existing(self):
        existing = self._create_contract(number="UPD-1", name="Old name", amount_total=10)
        data = csv_bytes(
            [
                HEADER,
                ["UPD-1", "New name", "Harbour Freight Ltd", "", "250"],
                ["UPD-2", "Second", "Harbour Freight Ltd", "", "300"],
            ]
        )
        wizard = self._wizard(data, existing_policy="skip")
        wizard.action_import()
        self.assertEqual(
            (wizard.created_count, wizard.updated_count, wizard.skipped_count), (1, 0, 1)
        )
        self.assertEqual(existing.name, "Old name")
        wizard = self._wizard(data, existing_policy="update")
        wizard.action_import()
        # UPD-2 now exists too: both rows update
        self.assertEqual(
            (wizard.created_count, wizard.updated_count, wizard.skipped_count), (0, 2, 0)
        )
        self.assertEqual(existing.name, "New name")
        self.assertEqual(existing.amount_total, 250)

    def test_update_is_tracked(self):
        existing = self._create_contract(number="TRK-1", amount_total=10)
        self.env.cr.flush()
        self._wizard(csv_bytes([HEADER, ["TRK-1", "", "", "", "99"]])).action_import()
        self.env.cr.flush()
        existing.invalidate_recordset(["message_ids"])
        tracked = existing.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("amount_total", tracked)

    def test_update_refused_by_the_contract_named_on_its_row(self):
        """Updates are written a chunk at a time; one the contract refuses (an active
        contract back to draft) is reported on its row, the others are written."""
        active = self._create_contract(number="REF-1", name="Active one")
        active.action_activate()
        draft = self._create_contract(number="REF-2", name="Draft one")
        data = csv_bytes(
            [
                ["Contract Number", "Contract Name", "Status"],
                ["REF-1", "Back to draft", "Draft"],
                ["REF-2", "Renamed", ""],
            ]
        )
        wizard = self._wizard(data, error_policy="valid")
        wizard.action_import()
        self.assertEqual((wizard.updated_count, wizard.error_count), (1, 1), self._messages(wizard))
        self.assertEqual(wizard.error_line_ids.row, 2)
        self.assertEqual((active.state, active.name), ("active", "Active one"))
        self.assertEqual(draft.name, "Renamed")

    def test_all_or_nothing_and_valid_rows(self):
        data = csv_bytes(
            [
                HEADER,
                ["AON-1", "Good", "Harbour Freight Ltd", "", "100"],
                ["AON-2", "Bad", "Unknown Customer Ltd", "", "100"],
            ]
        )
        before = self._state()
        wizard = self._wizard(data)
        wizard.action_import()
        self.assertEqual(wizard.error_count, 1)
        self.assertEqual(wizard.created_count, 0)
        self.assertEqual(self._state(), before)
        self.assertEqual(
            self._messages(wizard),
            [
                (
                    3,
                    "Customer (C)",
                    "no customer named Unknown Customer Ltd (create it first, or tick "
                    "Create Missing Customers)",
                )
            ],
        )
        wizard = self._wizard(data, error_policy="valid")
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.error_count), (1, 1))
        self.assertEqual(self._contracts(["AON-1", "AON-2"]).mapped("number"), ["AON-1"])

    def test_create_missing_customers(self):
        data = csv_bytes(
            [
                ["Contract Name", "Customer", "Customer Signer"],
                ["With new customer", "  brand new ltd ", "Nora Signer"],
                ["Same customer", "Brand New Ltd", ""],
            ]
        )
        wizard = self._wizard(data, create_missing_partners=True)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 2, self._messages(wizard))
        contracts = self.env["crm.contract"].search(
            [("name", "in", ["With new customer", "Same customer"])]
        )
        self.assertEqual(len(contracts.partner_id), 1, "one customer per distinct name")
        self.assertTrue(contracts.partner_id.is_company)
        signer = contracts.filtered(lambda c: c.name == "With new customer").customer_signer_id
        self.assertEqual(signer.name, "Nora Signer")
        self.assertEqual(signer.parent_id, contracts.partner_id)

    def test_test_run_writes_nothing(self):
        before = self._state()
        wizard = self._wizard(
            csv_bytes([HEADER, ["DRY-1", "Dry", "Another Ltd", "", "5"]]),
            create_missing_partners=True,
        )
        wizard.action_test()
        self.assertTrue(wizard.dry_run)
        self.assertEqual(wizard.created_count, 1)
        self.assertEqual(self._state(), before)

    def test_values_found_case_insensitively(self):
        data = csv_bytes(
            [
                ["Contract Name", "Customer", "Owner", "Contract Type", "Status", "Company Signer"],
                [
                    "Case",
                    "  HARBOUR freight ltd ",
                    "mitchell_import",
                    "direct sales",
                    "执行中",
                    "MITCHELL IMPORT",
                ],
            ]
        )
        wizard = self._wizard(data)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 1, self._messages(wizard))
        contract = self.env["crm.contract"].search([("name", "=", "Case")])
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.user_id, self.owner)
        self.assertEqual(contract.company_signer_id, self.owner)
        self.assertEqual(
            contract.type_id, self.env.ref("crm_contract.crm_contract_type_direct_sales")
        )
        self.assertEqual(contract.state, "active")

    def test_dates_in_each_format(self):
        data = csv_bytes(
            [
                ["Contract Name", "Customer", "Signed On", "Start Date", "End Date"],
                ["ISO", "Harbour Freight Ltd", "2026-03-14", "2026/03/15", "2027-03-14 00:00:00"],
                ["DMY", "Harbour Freight Ltd", "14/03/2026", "15.03.2026", "2026年12月31日"],
            ]
        )
        wizard = self._wizard(data)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 2, self._messages(wizard))
        iso = self.env["crm.contract"].search([("name", "=", "ISO")])
        dmy = self.env["crm.contract"].search([("name", "=", "DMY")])
        self.assertEqual(
            (iso.date_signed, iso.date_start, iso.date_end),
            (date(2026, 3, 14), date(2026, 3, 15), date(2027, 3, 14)),
        )
        self.assertEqual(
            (dmy.date_signed, dmy.date_start, dmy.date_end),
            (date(2026, 3, 14), date(2026, 3, 15), date(2026, 12, 31)),
        )

    def test_month_first_dates(self):
        rows = [
            ["Contract Name", "Customer", "Start Date"],
            ["MDY", "Harbour Freight Ltd", "03/04/2026"],
        ]
        wizard = self._wizard(csv_bytes(rows))
        wizard.action_test()
        self.assertEqual(wizard.error_count, 1)
        self.assertIn("can be read as day/month or month/day", wizard.error_line_ids.message)
        # the column tells when one of its dates is unambiguous
        rows.append(["MDY2", "Harbour Freight Ltd", "12/31/2026"])
        self._wizard(csv_bytes(rows)).action_import()
        self.assertEqual(
            self.env["crm.contract"].search([("name", "=", "MDY")]).date_start, date(2026, 3, 4)
        )
        # or the user chooses
        rows = [
            ["Contract Name", "Customer", "Start Date"],
            ["Chosen", "Harbour Freight Ltd", "03/04/2026"],
        ]
        self._wizard(csv_bytes(rows), date_order="dmy").action_import()
        self.assertEqual(
            self.env["crm.contract"].search([("name", "=", "Chosen")]).date_start, date(2026, 4, 3)
        )

    def test_excel_date_cells_and_amounts(self):
        data = xlsx_bytes(
            [
                ["Contract Name", "Customer", "Start Date", "Amount"],
                ["Excel", "Harbour Freight Ltd", datetime(2026, 5, 1), "¥1,234,567.89"],
                ["Euro", "Harbour Freight Ltd", datetime(2026, 5, 2), "1.234,50 €"],
                ["Number", "Harbour Freight Ltd", datetime(2026, 5, 3), 99.5],
            ]
        )
        wizard = self._wizard(data, filename="contracts.xlsx")
        wizard.action_import()
        self.assertEqual(wizard.created_count, 3, self._messages(wizard))
        contracts = {
            c.name: c
            for c in self.env["crm.contract"].search([("name", "in", ["Excel", "Euro", "Number"])])
        }
        self.assertEqual(contracts["Excel"].date_start, date(2026, 5, 1))
        self.assertEqual(contracts["Excel"].amount_total, 1234567.89)
        self.assertEqual(contracts["Euro"].amount_total, 1234.5)
        self.assertEqual(contracts["Number"].amount_total, 99.5)

    def test_bad_values_named_by_row_column_and_value(self):
        data = csv_bytes(
            [
                [
                    "Contract Number",
                    "Contract Name",
                    "Customer",
                    "Owner",
                    "Contract Type",
                    "Start Date",
                    "End Date",
                    "Amount",
                ],
                ["BAD-1", "Dates", "Harbour Freight Ltd", "", "", "2026-02-30", "soon", "10"],
                ["BAD-2", "Amount", "Harbour Freight Ltd", "", "", "", "", "-5"],
                ["BAD-3", "Amount text", "Harbour Freight Ltd", "", "", "", "", "ten"],
                ["BAD-4", "Period", "Harbour Freight Ltd", "", "", "2026-06-01", "2026-05-01", ""],
                ["BAD-5", "Owner", "Harbour Freight Ltd", "Nobody Person", "Leasing", "", "", ""],
                ["BAD-1", "Duplicate", "Harbour Freight Ltd", "", "", "", "", ""],
            ]
        )
        before = self._state()
        wizard = self._wizard(data)
        wizard.action_import()
        self.assertEqual(self._state(), before)
        messages = self._messages(wizard)
        self.assertIn((2, "Start Date (F)", "2026-02-30 is not a valid date"), messages)
        self.assertIn(
            (
                2,
                "End Date (G)",
                "'soon' is not a date (use 2026-03-14, 14/03/2026, 03/14/2026 or 2026年3月14日)",
            ),
            messages,
        )
        self.assertIn((3, "Amount (H)", "the amount cannot be negative"), messages)
        self.assertIn((4, "Amount (H)", "'ten' is not an amount"), messages)
        self.assertIn(
            (5, "End Date (G)", "the end date 2026-05-01 is before the start date 2026-06-01"),
            messages,
        )
        self.assertIn((6, "Owner (D)", "no user with the name or login Nobody Person"), messages)
        self.assertIn((6, "Contract Type (E)", "no contract type named Leasing"), messages)
        self.assertIn(
            (7, "Contract Number (A)", "the contract number BAD-1 is also on row 2"), messages
        )
        self.assertEqual(wizard.error_count, 6)
        values = {(e.row, e.value) for e in wizard.error_line_ids}
        self.assertIn((2, "soon"), values)

    def test_not_a_spreadsheet_empty_and_header_only(self):
        pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
        with self.assertRaisesRegex(UserError, "fake.xlsx cannot be read as a spreadsheet"):
            self._wizard(pdf, filename="fake.xlsx").action_import()
        with self.assertRaisesRegex(UserError, "empty.csv is empty"):
            self.env["crm.contract.import"].create(
                {"file": base64.b64encode(b" "), "filename": "empty.csv"}
            ).action_import()
        with self.assertRaisesRegex(UserError, "header row but no data rows"):
            self._wizard(csv_bytes([HEADER])).action_import()

    def test_required_columns_named(self):
        with self.assertRaisesRegex(UserError, "Required columns missing: Contract Name, Customer"):
            self._wizard(csv_bytes([["Amount"], ["5"]])).action_import()

    def test_encodings_and_separators(self):
        rows = [
            ["合同编号", "合同名称", "客户名称", "合同金额"],
            ["ENC-1", "年度合同", "Harbour Freight Ltd", "100"],
        ]
        for encoding, delimiter, number in (
            ("gbk", ",", "ENC-GBK"),
            ("utf-8-sig", ",", "ENC-BOM"),
            ("utf-8", ";", "ENC-SEMI"),
        ):
            rows[1][0] = number
            wizard = self._wizard(csv_bytes(rows, encoding=encoding, delimiter=delimiter))
            wizard.action_import()
            self.assertEqual(wizard.created_count, 1, (encoding, self._messages(wizard)))
            contract = self._contracts([number])
            self.assertEqual(contract.name, "年度合同", encoding)

    def test_huge_cell(self):
        before = self._state()
        wizard = self._wizard(
            csv_bytes(
                [
                    ["Contract Name", "Customer", "Notes"],
                    ["Huge", "Harbour Freight Ltd", "x" * 100000],
                ]
            )
        )
        wizard.action_import()
        self.assertEqual(self._state(), before)
        self.assertEqual(wizard.error_line_ids.row, 2)
        self.assertIn(
            "holds 100000 characters; a spreadsheet cell holds at most 32767",
            wizard.error_line_ids.message,
        )

    def test_size_limit_from_settings(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_contract.import_max_size_mb", 1)
        big = csv_bytes(
            [HEADER]
            + [[f"BIG-{i}", "x" * 200, "Harbour Freight Ltd", "", "1"] for i in range(6000)]
        )
        with self.assertRaisesRegex(UserError, "imports are limited to 1 MB"):
            self._wizard(big).action_import()
        settings = self.env["res.config.settings"].create(
            {"crm_contract_import_max_size_mb": 5, "crm_contract_import_background_rows": 10000}
        )
        settings.execute()
        wizard = self._wizard(big)
        wizard.action_test()  # 6,000 rows: in the request (not above the threshold)
        self.assertEqual(wizard.created_count, 6000)

    def test_error_file(self):
        data = csv_bytes(
            [
                ["Contract Name", "Customer", "Notes"],
                ['=HYPERLINK("http://x")', "Unknown Ltd", "+cmd"],
                ["Fine", "Harbour Freight Ltd", "@ok"],
            ]
        )
        wizard = self._wizard(data)
        wizard.action_import()
        self.assertEqual(wizard.error_filename, "contracts-errors.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.error_file)))
        sheet = book.active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0], ["Contract Name", "Customer", "Notes", "Row", "Error"])
        self.assertEqual(len(rows), 2, "only the failed row")
        self.assertEqual(rows[1][:4], ['=HYPERLINK("http://x")', "Unknown Ltd", "+cmd", 2])
        self.assertIn("Customer (B): no customer named Unknown Ltd", rows[1][4])
        for cell in sheet[2]:
            self.assertNotEqual(cell.data_type, "f", "written as text, never as a formula")
        action = wizard.action_download_errors()
        self.assertIn("error_file", action["url"])

    def test_own_documents_user_imports_for_themself(self):
        data = csv_bytes(
            [
                ["Contract Name", "Customer", "Person in Charge"],
                ["Mine", "Harbour Freight Ltd", "Olivia Own"],
                ["Not mine", "Harbour Freight Ltd", "Oscar Own"],
                ["Default", "Harbour Freight Ltd", ""],
            ]
        )
        wizard = self._wizard(data, user=self.user_own, error_policy="valid")
        wizard.action_import()
        self.assertEqual(wizard.created_count, 2, self._messages(wizard))
        self.assertEqual(
            self._messages(wizard),
            [
                (
                    3,
                    "Person in Charge (C)",
                    "you can import only contracts of which you are the person in charge",
                )
            ],
        )
        created = self.env["crm.contract"].search([("name", "in", ["Mine", "Default"])])
        self.assertEqual(created.user_id, self.user_own)
        wizard = self._wizard(data, user=self.user_all)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 3, self._messages(wizard))

    def test_saved_mapping_remembered(self):
        data = csv_bytes([["Kontrakt", "Kunde"], ["Mapped", "Harbour Freight Ltd"]])
        wizard = self._wizard(data)
        wizard.action_load()
        columns = {c.header: c for c in wizard.column_ids}
        self.assertFalse(columns["Kontrakt"].field_id)
        fields_ = {f.field_name: f for f in wizard.allowed_field_ids}
        columns["Kontrakt"].field_id = fields_["name"]
        columns["Kunde"].field_id = fields_["partner_id"]
        wizard.action_import()
        self.assertEqual(wizard.created_count, 1)
        again = self._wizard(data)
        again.action_load()
        self.assertEqual(
            {c.header: c.field_id.field_name for c in again.column_ids},
            {"Kontrakt": "name", "Kunde": "partner_id"},
        )

    def test_standard_import_screen_still_works(self):
        importer = self.env["base_import.import"].create(
            {
                "res_model": "crm.contract",
                "file": csv_bytes(
                    [
                        ["Contract No.", "Contract Name", "Customer"],
                        ["STD-1", "Standard screen", "Harbour Freight Ltd"],
                    ]
                ),
                "file_name": "standard.csv",
                "file_type": "text/csv",
            }
        )
        options = {"has_headers": True, "quoting": '"', "separator": ",", "encoding": "utf-8"}
        preview = importer.parse_preview(options)
        self.assertFalse(preview.get("error"), preview.get("error"))
        result = importer.execute_import(
            ["number", "name", "partner_id"], preview["headers"], options
        )
        self.assertFalse(
            [m for m in result["messages"] if m["type"] == "error"], result["messages"]
        )
        self.assertEqual(self._contracts(["STD-1"]).partner_id, self.customer)

    def test_templates(self):
        for model in ("crm.contract", "crm.contract.followup"):
            template = self.env[model].get_import_templates()[0]["template"]
            self.assertTrue(template.endswith(".xlsx"))
        wizard = self._wizard(csv_bytes([HEADER, ["T", "T", "Harbour Freight Ltd", "", "1"]]))
        self.assertIn("crm_contract_import_template.xlsx", wizard.action_download_template()["url"])


class TestImportSamples(ImportCase):
    """Files shaped like real exports (tests/data, from scripts/make_test_fixtures.py):
    headers in English and Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.users"].search([("name", "=ilike", "Mitchell Admin")]):
            cls.env["res.users"].create({"name": "Mitchell Admin", "login": "mitchell_sample"})

    def _sample(self, name):
        return fixture(name)

    def _matches(self, wizard):
        wizard.action_load()
        return {c.header: c.field_id.field_name for c in wizard.column_ids}

    def test_english_contracts_csv_and_xlsx(self):
        expected = {
            "Contract Number": "number",
            "Contract Name": "name",
            "Customer": "partner_id",
            "Person in Charge": "user_id",
            "Status": "state",
            "Signed On": "date_signed",
            "Start Date": "date_start",
            "End Date": "date_end",
            "Customer Signer": "customer_signer_id",
            "Company Signer": "company_signer_id",
            "Contract Type": "type_id",
            "Amount": "amount_total",
            "Notes": "description",
        }
        for filename in ("contracts_en.csv", "contracts_en.xlsx"):
            wizard = self._wizard(
                self._sample(filename), filename=filename, create_missing_partners=True
            )
            self.assertEqual(self._matches(wizard), expected, filename)
            wizard.action_test()
            self.assertEqual(
                (wizard.created_count, wizard.error_count), (40, 0), self._messages(wizard)
            )
        wizard.action_import()
        self.assertEqual(
            self._contracts([f"DEMO-{i:05d}" for i in range(1, 41)]).mapped("number").__len__(), 40
        )

    def test_chinese_contracts(self):
        wizard = self._wizard(
            self._sample("contracts_zh.xlsx"),
            filename="contracts_zh.xlsx",
            create_missing_partners=True,
        )
        matches = self._matches(wizard)
        self.assertEqual(matches["合同编号"], "number")
        self.assertEqual(matches["客户名称"], "partner_id")
        self.assertEqual(matches["下单时间"], "date_signed")
        self.assertEqual(matches["合同结束时间"], "date_end")
        self.assertEqual(matches["合同金额"], "amount_total")
        self.assertEqual(matches["备注"], "description")
        wizard.action_import()
        # 快销合同 (fast-moving goods contract) is no type here: reported, nothing written
        self.assertTrue(wizard.error_count)
        self.assertEqual(
            set(wizard.error_line_ids.mapped("message")), {"no contract type named 快销合同"}
        )
        self.assertEqual(wizard.created_count, 0)
        self.env["crm.contract.type"].create({"name": "快销合同"})
        wizard = self._wizard(
            self._sample("contracts_zh.xlsx"),
            filename="contracts_zh.xlsx",
            create_missing_partners=True,
        )
        wizard.action_import()
        self.assertEqual(
            (wizard.created_count, wizard.error_count), (30, 0), self._messages(wizard)
        )
        contract = self._contracts(["HT-00002"])
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.type_id, self.env.ref("crm_contract.crm_contract_type_agency"))

    def test_other_crm_headers(self):
        data = csv_bytes(
            [
                [
                    "Contract Number",
                    "Contract Name",
                    "Account Name",
                    "Contract Start Date",
                    "Contract End Date",
                    "Owner Name",
                    "Customer Signed By",
                    "Status",
                    "Special Terms",
                    "Contract Value",
                ],
                [
                    "SF-0001",
                    "Cranes",
                    "Harbour Freight Ltd",
                    "2026-01-01",
                    "2026-12-31",
                    "Mitchell Import",
                    "Hannah Harbour",
                    "Activated",
                    "Net 30",
                    "5000",
                ],
            ]
        )
        wizard = self._wizard(data)
        self.assertEqual(
            self._matches(wizard),
            {
                "Contract Number": "number",
                "Contract Name": "name",
                "Account Name": "partner_id",
                "Contract Start Date": "date_start",
                "Contract End Date": "date_end",
                "Owner Name": "user_id",
                "Customer Signed By": "customer_signer_id",
                "Status": "state",
                "Special Terms": "description",
                "Contract Value": "amount_total",
            },
        )
        wizard.action_import()
        self.assertEqual(wizard.created_count, 1, self._messages(wizard))
        contract = self._contracts(["SF-0001"])
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.customer_signer_id, self.customer_contact)
        self.assertEqual(contract.user_id, self.owner)

    def test_followups_english_twice(self):
        contracts = self._wizard(self._sample("contracts_en.csv"), create_missing_partners=True)
        contracts.action_import()
        wizard = self._wizard(
            self._sample("followups_en.csv"), filename="followups_en.csv", import_type="followup"
        )
        self.assertEqual(
            self._matches(wizard),
            {
                "Contract Number": "contract_id",
                "Follow-up Type": "followup_type_id",
                "Date": "date",
                "Content": "description",
                "Contacts": "contact_ids",
                "Next Contact": "next_date",
                "Author": "user_id",
            },
        )
        wizard.action_import()
        self.assertEqual(
            (wizard.created_count, wizard.error_count), (30, 0), self._messages(wizard)
        )
        followup = self.env["crm.contract.followup"].search(
            [("contract_id.number", "=", "DEMO-00001")], order="date", limit=1
        )
        self.assertEqual(
            followup.followup_type_id, self.env.ref("crm_contract.crm_contract_followup_type_call")
        )
        self.assertEqual(followup.next_date, date(2026, 7, 8))
        again = self._wizard(
            self._sample("followups_en.csv"), filename="followups_en.csv", import_type="followup"
        )
        again.action_import()
        self.assertEqual((again.created_count, again.skipped_count), (0, 30))

    def test_followups_chinese(self):
        self._wizard(
            self._sample("contracts_zh.xlsx"),
            filename="c.xlsx",
            create_missing_partners=True,
            error_policy="valid",
        ).action_import()
        wizard = self._wizard(
            self._sample("followups_zh.xlsx"),
            filename="followups_zh.xlsx",
            import_type="followup",
            error_policy="valid",
        )
        matches = self._matches(wizard)
        self.assertEqual(matches["跟进方式"], "followup_type_id")
        self.assertEqual(matches["跟进内容"], "description")
        self.assertEqual(matches["下次联系时间"], "next_date")
        wizard.action_import()
        messages = set(wizard.error_line_ids.mapped("message"))
        # 活动 ("event") is no follow-up type here; rows of contracts not imported are named too
        self.assertIn("no follow-up type named 活动", messages)
        self.assertTrue(wizard.created_count)
        self.assertEqual(wizard.created_count + wizard.error_count, 20)
