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


if __name__ == "__main__":
    main()
