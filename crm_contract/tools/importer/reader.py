"""Reading an import file into sheets of numbered rows, and finding the header row.

Every row keeps the sheet's own row number (1-based), also after blank rows, so that
messages name the row the user sees. Workbooks whose declared size is beyond reason are
refused from their zip directory and sheet dimensions, before any cell is read.
"""

import csv
import io
import re
import zipfile
from datetime import date, datetime, time

from .values import MESSAGES, NumberCell, normalize_header

# A workbook is refused before reading when it declares more cells than this, or when
# its zip would expand to more than MAX_UNCOMPRESSED bytes.
MAX_DECLARED_CELLS = 20_000_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
# The header is looked for in the first rows of each sheet.
HEADER_SEARCH_ROWS = 30


class ReadError(Exception):
    """A file that cannot be read; ``message`` and ``params`` as ImportValueError."""

    def __init__(self, code, **params):
        super().__init__(MESSAGES[code] % params)
        self.code = code
        self.params = params


class Sheet:
    def __init__(self, name, rows):
        self.name = name
        self.rows = rows  # [(row number, [cell text, ...])]


def cell_text(value):
    """A cell's value as text (numbers flagged as NumberCell, dates in ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int):
        return NumberCell(str(value))
    if isinstance(value, float):
        return NumberCell(str(int(value)) if value.is_integer() else repr(value))
    return str(value)


def kind_of(raw, filename):
    name = (filename or "").lower()
    if raw[:4] == b"PK\x03\x04":
        return "ods" if name.endswith(".ods") or b"opendocument" in raw[:200] else "xlsx"
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    return "csv"


def read_file(raw, filename):
    """The sheets of a file: [Sheet]. Raises ReadError."""
    kind = kind_of(raw, filename)
    if kind == "csv" and (filename or "").lower().endswith((".xlsx", ".xls", ".ods", ".xlsm")):
        raise ReadError(
            "not_a_workbook",
            file=filename,
        )
    try:
        if kind == "xlsx":
            return _read_xlsx(raw)
        if kind == "xls":
            return _read_xls(raw)
        if kind == "ods":
            return _read_ods(raw)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001  (any reader failure is a bad file)
        raise ReadError(
            "unreadable",
            file=filename,
            error=str(exc) or type(exc).__name__,
        ) from None
    return [Sheet("", _read_csv(raw, filename))]


# -- CSV and text ----------------------------------------------------------------------


def _decode(raw):
    """Text of a CSV or "Unicode Text" file: UTF-16 (BOM), UTF-8, else GB18030 as a
    whole. A UTF-8 file with a few lines in another encoding is refused naming the
    first line that is not UTF-8."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    had_bom = raw[:3] == b"\xef\xbb\xbf"
    if had_bom:
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = raw[: exc.start].count(b"\n") + 1
        valid_lines = sum(1 for line in raw.split(b"\n") if _is_utf8(line))
    if had_bom or (valid_lines > 1 and _has_multibyte_utf8(raw)):
        raise ReadError(
            "mixed_encoding",
            line=first_bad,
        )
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReadError(
            "bad_encoding",
            line=line,
        ) from None


def _is_utf8(line):
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_multibyte_utf8(raw):
    """Some line holds non-ASCII text that is valid UTF-8: the file was meant as UTF-8."""
    return any(_is_utf8(line) and any(b > 127 for b in line) for line in raw.split(b"\n")[:2000])


def _read_csv(raw, filename):
    # a row's number is its record's number, as a spreadsheet opening the file shows it
    return list(_csv_rows(raw, filename))


def _csv_rows(raw, filename):
    """(row number, cells) of a CSV file, one at a time."""
    text = _decode(raw)
    sample = text[:20000]
    if (filename or "").lower().endswith((".txt", ".tsv")) or sample.count("\t") > max(
        sample.count(","), sample.count(";")
    ):
        delimiter = "\t"
    else:
        first = sample.split("\n", 1)[0]
        delimiter = max((",", ";", "\t", "|"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return enumerate(reader, start=1)


# -- xlsx -------------------------------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+\d+)"[^>]*(?<!/)>(.*?)</(?:\w+:)?c>', re.DOTALL
)


def _column_number(letters):
    number = 0
    for char in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(char) - 64
    return number


def _check_zip(book_zip):
    total = sum(info.file_size for info in book_zip.infolist())
    if total > MAX_UNCOMPRESSED:
        raise ReadError(
            "zip_too_big",
            size=total // (1024 * 1024),
            max=MAX_UNCOMPRESSED // (1024 * 1024),
        )
    for info in book_zip.infolist():
        if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
            continue
        with book_zip.open(info) as handle:
            head = handle.read(4096)
        match = _DIMENSION.search(head)
        if not match or not match.group(3):
            continue
        rows = int(match.group(4)) - int(match.group(2) or 1) + 1
        cols = _column_number(match.group(3)) - _column_number(match.group(1) or b"A") + 1
        if rows * cols > MAX_DECLARED_CELLS:
            raise ReadError(
                "dimension_too_big",
                cells=rows * cols,
                ref=match.group(3).decode() + match.group(4).decode(),
                max=MAX_DECLARED_CELLS,
            )


def _formulas_without_value(book_zip):
    """{sheet xml path: [cell refs]} of formula cells with no saved value."""
    found = {}
    for info in book_zip.infolist():
        if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
            continue
        data = book_zip.read(info)
        if b"<f" not in data:
            continue
        refs = []
        for match in _FORMULA_CELL.finditer(data):
            body = match.group(2)
            if re.search(rb"<(?:\w+:)?f[\s>/]", body) and not re.search(
                rb"<(?:\w+:)?v>[^<]+</", body
            ):
                refs.append(match.group(1).decode())
        if refs:
            found[info.filename] = refs
    return found


def _read_xlsx(raw):
    import openpyxl  # noqa: PLC0415

    book_zip = zipfile.ZipFile(io.BytesIO(raw))
    _check_zip(book_zip)
    no_value = _formulas_without_value(book_zip)
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    sheets = []
    paths = _sheet_paths(book_zip)
    for index, worksheet in enumerate(book.worksheets):
        if not hasattr(worksheet, "iter_rows"):
            continue  # chart sheets
        sheet = Sheet(worksheet.title, list(_xlsx_rows(worksheet)))
        sheet.formulas_without_value = set(no_value.get(paths.get(index, ""), []))
        sheets.append(sheet)
    book.close()
    return sheets


def _xlsx_rows(worksheet):
    worksheet.reset_dimensions()
    for row in worksheet.iter_rows():
        cells = [c for c in row if getattr(c, "row", None)]
        if not cells:
            continue
        width = max(c.column for c in cells)
        values = [""] * width
        for cell in cells:
            values[cell.column - 1] = cell_text(cell.value)
        yield cells[0].row, values


def iter_sheet_rows(raw, filename, sheet_name):
    """(row number, cells) of one sheet of a file already read once by ``read_file``,
    one row at a time: CSV and xlsx files are streamed (the background import reads a
    chunk of a big file without holding all its rows); xls and ods are read whole."""
    kind = kind_of(raw, filename)
    if kind == "csv":
        yield from _csv_rows(raw, filename)
        return
    if kind == "xlsx":
        import openpyxl  # noqa: PLC0415

        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            worksheet = book[sheet_name] if sheet_name else book.worksheets[0]
            yield from _xlsx_rows(worksheet)
        finally:
            book.close()
        return
    for sheet in read_file(raw, filename):
        if (sheet.name or "") == (sheet_name or ""):
            yield from sheet.rows
            return


def _sheet_paths(book_zip):
    """{sheet index: xml path in the zip}, from the workbook's relationships."""
    try:
        workbook = book_zip.read("xl/workbook.xml")
        rels = book_zip.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = dict(re.findall(rb'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    paths = {}
    for index, rid in enumerate(re.findall(rb"<(?:\w+:)?sheet\b[^>]*r:id=\"([^\"]+)\"", workbook)):
        target = targets.get(rid, b"").decode().lstrip("/")
        paths[index] = target if target.startswith("xl/") else f"xl/{target}"
    return paths


# -- xls and ods --------------------------------------------------------------------------


def _read_xls(raw):
    import xlrd  # noqa: PLC0415

    book = xlrd.open_workbook(file_contents=raw, on_demand=True)
    sheets = []
    for sheet in book.sheets():
        if sheet.nrows * max(sheet.ncols, 1) > MAX_DECLARED_CELLS:
            raise ReadError(
                "xls_too_big",
                max=MAX_DECLARED_CELLS,
            )
        rows = []
        for rowx in range(sheet.nrows):
            values = []
            for cell in sheet.row(rowx):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(
                        cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    )
                elif cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_BOOLEAN):
                    values.append(cell_text(cell.value if cell.ctype == 2 else bool(cell.value)))
                else:
                    values.append(str(cell.value or ""))
            rows.append((rowx + 1, values))
        sheets.append(Sheet(sheet.name, rows))
    return sheets


def _read_ods(raw):
    from odf.namespaces import OFFICENS, TABLENS  # noqa: PLC0415
    from odf.opendocument import load  # noqa: PLC0415
    from odf.table import Table, TableCell, TableRow  # noqa: PLC0415

    book_zip = zipfile.ZipFile(io.BytesIO(raw))
    if sum(info.file_size for info in book_zip.infolist()) > MAX_UNCOMPRESSED:
        raise ReadError("ods_too_big")
    document = load(io.BytesIO(raw))
    sheets = []
    for table in document.spreadsheet.getElementsByType(Table):
        rows = []
        rowno = 0
        for row in table.getElementsByType(TableRow):
            repeat = int(row.attributes.get((TABLENS, "number-rows-repeated")) or 1)
            values = []
            for cell in row.getElementsByType(TableCell):
                cols = int(cell.attributes.get((TABLENS, "number-columns-repeated")) or 1)
                value_type = cell.attributes.get((OFFICENS, "value-type"))
                if value_type in ("float", "currency", "percentage"):
                    text = cell_text(float(cell.attributes.get((OFFICENS, "value"))))
                elif value_type == "date":
                    text = cell.attributes.get((OFFICENS, "date-value")).replace("T", " ")
                else:
                    text = "\n".join(str(p) for p in cell.childNodes if p.qname[1] == "p")
                values.extend([text] * min(cols, 1024 if text else cols))
            while values and not values[-1]:
                values.pop()
            if values:
                rows.append((rowno + 1, values))
            rowno += repeat
        sheets.append(Sheet(table.getAttribute("name"), rows))
    return sheets


# -- the header ----------------------------------------------------------------------------


def find_header(sheets, known):
    """(sheet, index of the header row in sheet.rows) of the row, in the first rows of
    any sheet, whose cells name the most known columns (``known``: set of normalised
    headers); (first sheet, first non-empty row) when no row names any."""
    best = None
    for sheet in sheets:
        for position, (_rowno, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
            score = sum(1 for cell in cells if cell and normalize_header(cell) in known)
            if score and (best is None or score > best[0]):
                best = (score, sheet, position)
    if best:
        return best[1], best[2]
    for sheet in sheets:
        for position, (_rowno, cells) in enumerate(sheet.rows):
            if any((c or "").strip() for c in cells):
                return sheet, position
    return (sheets[0] if sheets else None), None
