"""The error file: the failed rows as they were in the file, with the row number and the
problems, as xlsx. Every cell is written as text, so nothing in it runs as a formula."""

import base64
import io
from collections import defaultdict

from odoo import Command


def error_line_commands(errors):
    """Commands creating the problem lines of ``errors`` ((row, column, value, message)
    tuples), in row order, each value whole (the user fixes what they see)."""
    return [
        Command.create({"row": row, "column": column, "value": value or "", "message": message})
        for row, column, value, message in sorted(errors, key=lambda e: e[0])
    ]


def build_error_file(env, headers, rows_by_number, errors, failed_rows):
    if not failed_rows:
        return False
    import xlsxwriter  # noqa: PLC0415  (only needed here)

    messages = defaultdict(list)
    for rowno, column, _value, message in errors:
        messages[rowno].append(f"{column}: {message}" if column else message)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(env._("Errors")[:31])
    bold = book.add_format({"bold": True})
    header = [*headers, env._("Row"), env._("Error")]
    for col, title in enumerate(header):
        sheet.write_string(0, col, title, bold)
    for out_row, rowno in enumerate(sorted(failed_rows), start=1):
        row = rows_by_number.get(rowno, [])
        for col, cell in enumerate(row[: len(headers)]):
            sheet.write_string(out_row, col, cell or "")
        sheet.write_number(out_row, len(headers), rowno)
        sheet.write_string(out_row, len(headers) + 1, "; ".join(messages[rowno]))
    book.close()
    return base64.b64encode(buffer.getvalue())
