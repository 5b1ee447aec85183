"""Shared set-up of the import tests: files built in memory (CSV and xlsx) and the
sample exports of ../shared/samples."""

import base64
import csv
import io
import os
from pathlib import Path

import openpyxl
from contract_common import ContractCase

SAMPLES = Path(
    os.environ.get(
        "CRM_CONTRACT_SAMPLES", Path(__file__).resolve().parents[3] / "shared" / "samples"
    )
)


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ImportCase(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls.env["res.users"].create(
            {
                "name": "Mitchell Import",
                "login": "mitchell_import",
                "groups_id": [(4, cls.env.ref("base.group_user").id)],
            }
        )

    def _wizard(self, data, filename="contracts.csv", import_type="contract", user=None, **options):
        Wizard = self.env["crm.contract.import"]
        if user:
            Wizard = Wizard.with_user(user)
        return Wizard.create(
            dict(
                {"file": base64.b64encode(data), "filename": filename, "import_type": import_type},
                **options,
            )
        )

    def _contracts(self, numbers):
        return self.env["crm.contract"].search([("number", "in", numbers)])

    def _messages(self, wizard):
        return [(e.row, e.column, e.message) for e in wizard.error_line_ids]
