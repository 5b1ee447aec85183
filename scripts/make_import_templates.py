"""Writes the import templates of crm_contract/static/xls/ (contracts and follow-up records,
English and Chinese), deterministic, so that running it again gives the same files.

    python3 scripts/make_import_templates.py

The contract templates hold one row per product line: the contract's columns on its first
row, left empty on the rows of its other lines (as WukongCRM exports them); a contract
without lines leaves the product columns empty. Their example contract names the demo
data's products by internal reference (FURN_7800, FURN_7777), its amount the sum of its
lines.
"""

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
from make_test_fixtures import CONTRACT_HEADER_EN
from openpyxl.styles import Font

XLS = Path(__file__).resolve().parents[1] / "crm_contract" / "static" / "xls"
FIXED = datetime.datetime(2026, 1, 1)

CONTRACT_EN = {
    "sheet": "Import",
    "header": [
        *CONTRACT_HEADER_EN,  # the columns of the English export fixtures, then
        "Team Members",
        "Product",
        "Internal Reference",
        "Quantity",
        "Unit Price",
        "Discount (%)",
        "Unit",
    ],
    "rows": [
        [
            "CT-0001",
            "Annual supply agreement",
            "Wood Corner",
            "Mitchell Admin",
            "Active",
            "2026-03-12",
            "2026-04-01",
            "2027-03-31",
            "",
            "Mitchell Admin",
            "Direct Sales",
            "12000.00",
            "Payment within 30 days",
            "",
            "Desk Combination",
            "FURN_7800",
            "10",
            "1000.00",
            "",
            "Units",
        ],
        [*[""] * 14, "Office Chair", "FURN_7777", "20", "100.00", "", "Units"],
    ],
}
CONTRACT_ZH = {
    "sheet": "导入",
    "header": [
        "合同编号",
        "合同名称",
        "客户名称",
        "负责人",
        "合同状态",
        "签约日期",
        "合同开始时间",
        "合同结束时间",
        "客户签约人",
        "公司签约人",
        "合同类型",
        "合同金额",
        "备注",
        "团队成员",
        "产品名称",
        "产品编码",
        "数量",
        "单价",
        "折扣",
        "单位",
    ],
    "rows": [
        [
            "CT-0001",
            "年度供货合同",
            "Wood Corner",
            "Mitchell Admin",
            "执行中",
            "2026-03-12",
            "2026-04-01",
            "2027-03-31",
            None,
            "Mitchell Admin",
            "直销合同",
            "12000.00",
            "30天内付款",
            None,
            "Desk Combination",
            "FURN_7800",
            "10",
            "1000.00",
            None,
            "个",
        ],
        [*[None] * 14, "Office Chair", "FURN_7777", "20", "100.00", None, "个"],
    ],
}
FOLLOWUP_EN = {
    "sheet": "Import",
    "header": [
        "Contract Number",
        "Follow-up Type",
        "Date",
        "Content",
        "Contacts",
        "Next Contact",
        "Next Action",
        "Author",
    ],
    "rows": [
        [
            "CT-0001",
            "Call",
            "2026-05-04 09:30",
            "Confirmed the delivery schedule",
            "",
            "2026-05-18",
            "Send the renewal offer",
            "Mitchell Admin",
        ]
    ],
}
FOLLOWUP_ZH = {
    "sheet": "导入",
    "header": [
        "合同编号",
        "跟进方式",
        "跟进时间",
        "跟进内容",
        "联系人",
        "下次联系时间",
        "下次联系内容",
        "跟进人",
    ],
    "rows": [
        [
            "CT-0001",
            "打电话",
            "2026-05-04 09:30",
            "确认了交货计划",
            None,
            "2026-05-18",
            "发送续约报价",
            "Mitchell Admin",
        ]
    ],
}
TEMPLATES = {
    "crm_contract_import_template.xlsx": CONTRACT_EN,
    "crm_contract_import_template_zh_CN.xlsx": CONTRACT_ZH,
    "crm_contract_followup_import_template.xlsx": FOLLOWUP_EN,
    "crm_contract_followup_import_template_zh_CN.xlsx": FOLLOWUP_ZH,
}


def template_bytes(spec):
    """The xlsx of a template: a bold header, columns as wide as their header, text cells
    (the values are read as the user would type them)."""
    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = FIXED
    sheet = book.active
    sheet.title = spec["sheet"]
    sheet.append(spec["header"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in spec["rows"]:
        sheet.append(row)
    for index, header in enumerate(spec["header"], start=1):
        letter = openpyxl.utils.get_column_letter(index)
        wide = sum(2 if ord(char) > 0x2E80 else 1 for char in header)
        sheet.column_dimensions[letter].width = max(wide + 4, 14)
    buffer = io.BytesIO()
    book.save(buffer)
    # fixed entry dates in the zip: the same input gives the same bytes
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            info.date_time = (2026, 1, 1, 0, 0, 0)
            dst.writestr(info, data)
    return out.getvalue()


def main():
    for name, spec in TEMPLATES.items():
        (XLS / name).write_bytes(template_bytes(spec))
        print(f"wrote {XLS / name}")


if __name__ == "__main__":
    main()
