"""Writes the import fixtures of crm_contract/tests/data/: small files shaped like real CRM
exports (English headers; Chinese headers as a Chinese CRM exports them), deterministic, so
that running it again gives the same files.

    python3 scripts/make_test_fixtures.py

The tests read these files with ``odoo.tools.misc.file_open``; nothing is read from outside
the repository.
"""

import csv
import datetime
import io
import random
import re
import zipfile
from pathlib import Path

import openpyxl

DATA = Path(__file__).resolve().parents[1] / "crm_contract" / "tests" / "data"
# Fixed timestamps inside the xlsx files, so that the bytes do not change between runs.
FIXED = datetime.datetime(2026, 1, 1)

CUSTOMERS = [
    "Acme Industrial Ltd",
    "Blue River Logistics",
    "Contoso Retail",
    "Fabrikam Foods",
    "Globex Energy",
    "Initech Software",
    "Northwind Traders",
    "Umbrella Health",
    "北京东方科技有限公司",
    "上海恒通贸易有限公司",
    "杭州西湖茶业有限公司",
    "深圳华美电子有限公司",
]
TYPES_EN = ["Direct Sales", "Agency", "Service", "Framework"]
# 快销合同 ("fast-moving goods contract") is no seeded type: the tests expect it reported.
TYPES_ZH = ["直销合同", "代理合同", "服务合同", "快销合同"]
CONTRACT_HEADER_EN = [
    "Contract Number",
    "Contract Name",
    "Customer",
    "Person in Charge",
    "Status",
    "Signed On",
    "Start Date",
    "End Date",
    "Customer Signer",
    "Company Signer",
    "Contract Type",
    "Amount",
    "Notes",
]
CONTRACT_HEADER_ZH = [
    "合同编号",
    "合同名称",
    "客户名称",
    "负责人",
    "合同状态",
    "下单时间",
    "合同开始时间",
    "合同结束时间",
    "客户签约人",
    "公司签约人",
    "合同类型",
    "合同金额",
    "备注",
]
FOLLOWUP_HEADER_EN = [
    "Contract Number",
    "Follow-up Type",
    "Date",
    "Content",
    "Contacts",
    "Next Contact",
    "Author",
]
FOLLOWUP_HEADER_ZH = [
    "合同编号",
    "跟进方式",
    "跟进时间",
    "跟进内容",
    "联系人",
    "下次联系时间",
    "创建人",
]
OWNER = "Mitchell Admin"


def _contracts(count, prefix, types, draft, active, name_fmt, notes):
    rng = random.Random(prefix)
    rows = []
    for i in range(1, count + 1):
        customer = CUSTOMERS[(i - 1) % len(CUSTOMERS)]
        signed = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(0, 240))
        start = signed + datetime.timedelta(days=rng.randrange(0, 20))
        end = start + datetime.timedelta(days=rng.choice([181, 365, 730]))
        kind = types[(i - 1) % len(types)]
        rows.append(
            [
                f"{prefix}-{i:05d}",
                name_fmt.format(customer=customer.split()[0], i=i),
                customer,
                OWNER,
                draft if i % 5 == 1 else active,
                signed,
                start,
                end,
                None,
                OWNER,
                kind,
                round(rng.uniform(5000, 200000), 2),
                notes[i % len(notes)],
            ]
        )
    return rows


def _followups(contract_count, prefix, types, content_fmt):
    rng = random.Random(prefix + "-followups")
    rows = []
    for i in range(1, contract_count + 1):
        for n in (1, 2):
            kind = types[(i - 1 + n - 1) % len(types)]
            when = datetime.datetime(2026, 3, 20, 9, 30) + datetime.timedelta(
                days=rng.randrange(0, 170), hours=n - 1
            )
            if i == 1:  # the tests look for the first follow-up of the first contract
                when = datetime.datetime(2026, 6, 24, 9, 30) + datetime.timedelta(days=28 * (n - 1))
            nxt = datetime.datetime.combine(
                (when + datetime.timedelta(days=14)).date(), datetime.time()
            )
            rows.append(
                [f"{prefix}-{i:05d}", kind, when, content_fmt.format(n=n), None, nxt, OWNER]
            )
    return rows


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_csv(name, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_text(v) for v in row] for row in rows])
    (DATA / name).write_bytes(buffer.getvalue().encode("utf-8"))


def write_xlsx(name, header, rows, sheet="Sheet1"):
    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = FIXED
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    # Rewrite the zip with fixed entry dates: the same input gives the same bytes.
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            info.date_time = (2026, 1, 1, 0, 0, 0)
            dst.writestr(info, data)
    (DATA / name).write_bytes(out.getvalue())


def _rezip(data, edit):
    """The xlsx ``data`` rewritten with fixed entry dates (the same input gives the same
    bytes), each part passed through ``edit(name, bytes)``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            part = edit(info.filename, src.read(info.filename))
            info.date_time = (2026, 1, 1, 0, 0, 0)
            dst.writestr(info, part)
    return out.getvalue()


# -- files of the import's classes of input (issue 21) ----------------------------------

# Excel's built-in CJK date formats, as Chinese Excel saves them: the cell style names the
# format by its id alone (no <numFmt> in styles.xml)
CJK_FORMATS = {'yyyy"年"m"月"d"日"': 31, 'm"月"d"日"': 58}
EXCEL_1900 = datetime.date(1899, 12, 30)
EXCEL_1904 = datetime.date(1904, 1, 1)
WUKONG_HEADER = [
    "负责人",
    "合同编号",
    "合同名称",
    "客户名称",
    "合同总额(万元)",
    "下单时间",
    "合同开始时间",
    "合同结束时间",
    "合同状态",
]
# (person in charge, number, name, customer, amount in 万元, signed, start, end)
WUKONG_ROWS = [
    (
        "王芳",
        "WK-001",
        "东方科技年度维保合同",
        "北京东方科技有限公司",
        12.5,
        (2026, 3, 2),
        (2026, 3, 14),
        (2027, 3, 13),
    ),
    (
        "王芳",
        "WK-002",
        "恒通贸易采购框架协议",
        "上海恒通贸易有限公司",
        8.35,
        (2026, 4, 1),
        (2026, 4, 1),
        (2026, 12, 31),
    ),
    (
        "王芳",
        "WK-003",
        "西湖茶业渠道代理合同",
        "杭州西湖茶业有限公司",
        100,
        (2026, 5, 6),
        (2026, 5, 10),
        (2027, 5, 9),
    ),
    (
        "李强",
        "WK-004",
        "华美电子服务合同",
        "深圳华美电子有限公司",
        0.98,
        (2026, 6, 18),
        (2026, 7, 1),
        (2027, 6, 30),
    ),
    (
        "李强",
        "WK-005",
        "东方科技二期合同",
        "北京东方科技有限公司",
        23,
        (2026, 7, 20),
        (2026, 8, 1),
        (2028, 7, 31),
    ),
]


def _serial(parts, epoch):
    return (datetime.date(*parts) - epoch).days


def _builtin_formats(name, part):
    """styles.xml with the CJK formats named by their built-in ids, not written out."""
    if name != "xl/styles.xml":
        return part
    text = part.decode()
    for code, builtin in CJK_FORMATS.items():
        escaped = code.replace('"', "&quot;")
        match = re.search(rf'<numFmt numFmtId="(\d+)" formatCode="{re.escape(escaped)}"\s*/>', text)
        if match:
            text = text.replace(match.group(0), "")
            text = text.replace(f'numFmtId="{match.group(1)}"', f'numFmtId="{builtin}"')
    text = re.sub(r"<numFmts count=\"\d+\">\s*</numFmts>", "", text)
    text = re.sub(
        r'<numFmts count="\d+">(.*?)</numFmts>',
        lambda m: f'<numFmts count="{m.group(1).count("<numFmt ")}">{m.group(1)}</numFmts>',
        text,
    )
    return text.encode()


def write_wukong_report(name, date1904=False):
    """A WukongCRM-like contract report grouped by person in charge: a merged title,
    the person in charge written once in cells merged down each group, amounts in 万元,
    dates in Chinese Excel's built-in formats (1900 or 1904 date system), subtotals,
    a total and the report's footer."""
    epoch = EXCEL_1904 if date1904 else EXCEL_1900
    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = FIXED
    if date1904:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = book.active
    ws.title = "合同报表"
    ws.append(["合同报表（按负责人） 2026-11-01"])
    ws.merge_cells("A1:I1")
    ws.append(WUKONG_HEADER)
    row = 3
    groups = {}
    for owner, number, title, customer, amount, signed, start, end in WUKONG_ROWS:
        groups.setdefault(owner, []).append(row)
        ws.append(
            [
                owner if len(groups[owner]) == 1 else None,
                number,
                title,
                customer,
                amount,
                _serial(signed, epoch),
                _serial(start, epoch),
                _serial(end, epoch),
                "审核通过",
            ]
        )
        for col, code in ((6, 'yyyy"年"m"月"d"日"'), (7, 'yyyy"年"m"月"d"日"'), (8, 'm"月"d"日"')):
            ws.cell(row=row, column=col).number_format = code
        row += 1
        if number in ("WK-003", "WK-005"):
            ws.merge_cells(f"A{groups[owner][0]}:A{groups[owner][-1]}")
            subtotal = sum(r[4] for r in WUKONG_ROWS if r[0] == owner)
            ws.append([None, "小计", None, None, round(subtotal, 2)])
            row += 1
    ws.append([None, "合计", None, None, round(sum(r[4] for r in WUKONG_ROWS), 2)])
    ws.append([])
    ws.append(["制表人：张三"])
    ws.append(["打印时间：2026-11-01 10:00"])
    buffer = io.BytesIO()
    book.save(buffer)
    (DATA / name).write_bytes(_rezip(buffer.getvalue(), _builtin_formats))


def write_text(name, lines, encoding, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(lines)
    (DATA / name).write_bytes(buffer.getvalue().encode(encoding))


def write_encoded_exports():
    # An older Chinese system's CSV export: GB18030, amounts in 元, a total line
    write_text(
        "contracts_gb18030.csv",
        [
            ["合同编号", "合同名称", "客户名称", "负责人", "合同金额（元）", "下单时间"],
            [
                "GB-001",
                "东方科技年度维保合同",
                "北京东方科技有限公司",
                "王芳",
                "¥120,000.00",
                "2026/3/14",
            ],
            [
                "GB-002",
                "镕达物流运输合同",
                "上海恒通贸易有限公司",
                "李强",
                "¥88,500.50",
                "2026/4/2",
            ],
            ["合计", "", "", "", "¥208,500.50", ""],
        ],
        "gb18030",
    )
    # A Taiwanese system's CSV export: Big5, traditional headers
    write_text(
        "contracts_big5.csv",
        [
            ["合同編號", "合同名稱", "客戶名稱", "負責人", "合同金額", "簽約日期"],
            [
                "TW-001",
                "台北資訊年度維護合約",
                "台北資訊股份有限公司",
                "王芳",
                "150,000",
                "2026/05/06",
            ],
            [
                "TW-002",
                "高雄港務服務合約",
                "台北資訊股份有限公司",
                "王芳",
                "80,000.00",
                "2026/06/01",
            ],
        ],
        "cp950",
    )
    # Western (French) Excel's CSV: Windows-1252, semicolons, decimal commas, a credit
    write_text(
        "contracts_cp1252.csv",
        [
            ["Contract Number", "Contract Name", "Customer", "Amount", "Start Date"],
            ["FR-001", "Crème brûlée supply", "Société Générale", "1.234,50 €", "14/03/2026"],
            ["FR-002", "Müller Lieferung", "Müller GmbH", "€ -12,50", "03/04/2026"],
            ["FR-003", "Señal façade", "Société Générale", "2.000,00 €", "01/05/2026"],
        ],
        "cp1252",
        delimiter=";",
    )
    # A Salesforce activity report: US dates with AM/PM, a next-contact column that cannot
    # tell its date order alone, and the report's footer
    write_text(
        "followups_salesforce.csv",
        [
            ["Contract Number", "Type", "Date", "Comments", "Created By", "Next Contact"],
            [
                "SF-001",
                "Call",
                "3/14/2026 2:30 PM",
                "Discussed renewal terms",
                "Jane Smith",
                "4/1/2026",
            ],
            [
                "SF-001",
                "Email",
                "3/4/2026 9:05 AM",
                "Sent the price list",
                "Jane Smith",
                "3/5/2026",
            ],
            ["SF-002", "Meeting", "12/1/2026 12:15 PM", "Quarterly review", "Jane Smith", ""],
            [],
            ["Grand Totals (3 records)"],
            [],
            ["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."],
            ["Confidential Information - Do Not Distribute"],
            ["Generated By:  Jane Smith  3/20/2026 4:05 PM"],
            ["Acme Corp"],
        ],
        "utf-8",
    )


def main():
    DATA.mkdir(parents=True, exist_ok=True)
    en = _contracts(
        40,
        "DEMO",
        TYPES_EN,
        "Draft",
        "Active",
        "{customer} supply agreement {i}",
        ["", "30% upfront", "Net 30", ""],
    )
    write_csv("contracts_en.csv", CONTRACT_HEADER_EN, en)
    write_xlsx("contracts_en.xlsx", CONTRACT_HEADER_EN, en)
    zh = _contracts(
        30, "HT", TYPES_ZH, "草稿", "执行中", "{customer} 年度合同 {i}", ["首付30%", "", "月结30天"]
    )
    write_xlsx("contracts_zh.xlsx", CONTRACT_HEADER_ZH, zh, sheet="合同")
    write_csv(
        "followups_en.csv",
        FOLLOWUP_HEADER_EN,
        _followups(
            15, "DEMO", ["Call", "Email", "Visit", "Meeting"], "Follow-up {n}: payment plan"
        ),
    )
    # 活动 ("event") is no seeded follow-up type: the tests expect it reported.
    write_xlsx(
        "followups_zh.xlsx",
        FOLLOWUP_HEADER_ZH,
        _followups(10, "HT", ["打电话", "发邮件", "见面拜访", "活动"], "第{n}次跟进：确认付款安排"),
        sheet="跟进记录",
    )
    write_wukong_report("contracts_wukong_report.xlsx")
    write_wukong_report("contracts_wukong_report_1904.xlsx", date1904=True)
    write_encoded_exports()


if __name__ == "__main__":
    main()
