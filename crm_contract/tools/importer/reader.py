"""Reading an import file into sheets of numbered rows, and finding the header row.

Every row keeps the sheet's own row number (1-based), also after blank rows, so that
messages name the row the user sees. Workbooks whose declared size is beyond reason are
refused from their zip directory and sheet dimensions, before any cell is read.
"""

import csv
import html
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
        self.encoding = None  # of a CSV or text file: the one it was read in


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


def percent_text(value):
    """A number of a cell formatted as a percentage, as the spreadsheet shows it: 0.1 of
    a 10% cell is '10%' (a discount column reads it so; a plain 0.1 is ambiguous)."""
    text = ("%.10f" % (float(value) * 100)).rstrip("0").rstrip(".")
    return f"{text}%"


def kind_of(raw, filename):
    name = (filename or "").lower()
    if raw[:4] == b"PK\x03\x04":
        return "ods" if name.endswith(".ods") or b"opendocument" in raw[:200] else "xlsx"
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    return "csv"


def read_file(raw, filename, encoding="auto"):
    """The sheets of a file: [Sheet]; ``encoding``: of a CSV or text file (a key of
    ENCODINGS, or "auto"), the one read is the sheet's ``encoding``. Raises ReadError."""
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
    rows, encoding = _read_csv(raw, filename, encoding)
    sheet = Sheet("", rows)
    sheet.encoding = encoding
    return [sheet]


# -- CSV and text ----------------------------------------------------------------------

# The encodings a CSV or text file is read in (the wizard's Encoding option): "auto"
# detects among them. Big5 is read as Windows' Big5 (cp950: it has the euro sign and
# the ETEN characters Taiwanese files hold).
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "gb18030": "GB18030 (GBK, GB2312)",
    "big5": "Big5",
    "cp1252": "Windows-1252 (Western European)",
}
_CODECS = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "gb18030": "gb18030", "big5": "cp950"}
# A decoding whose non-ASCII characters are at least this share plausible is text
PLAUSIBLE = 0.8
_SAMPLE_CHARS = 20000
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_LATIN_SYMBOLS = set("€–—‘’‚“”„•…°©®£¥§²³½¼¾×·™«»¿¡ºªµ†‡‰‹›ˆ˜")


def decode(raw, encoding="auto"):
    """(text, encoding) of a CSV or text file: in ``encoding`` (a key of ENCODINGS), or
    detected: a byte order mark (UTF-8, UTF-16), UTF-16 without one (every other byte
    nul), UTF-8, else the most plausible of GB18030, Big5 and Windows-1252: the one
    whose non-ASCII characters are the characters of such files (common Chinese
    characters, not kana or rare ones; no Chinese character inside a Latin word;
    accented letters alone, not in runs). A UTF-8 file with a few lines in another
    encoding is refused naming the first line that is not UTF-8."""
    if encoding and encoding != "auto":
        return _decode_as(raw, encoding), encoding
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16"), "utf-16"
    had_bom = raw[:3] == b"\xef\xbb\xbf"
    if had_bom:
        raw = raw[3:]
    if _looks_utf16(raw):
        return _decode_as(raw, "utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = raw[: exc.start].count(b"\n") + 1
        valid_lines = sum(1 for line in raw.split(b"\n") if _is_utf8(line))
    if had_bom or (valid_lines > 1 and _has_multibyte_utf8(raw)):
        raise ReadError(
            "mixed_encoding",
            line=first_bad,
        )
    scores = []
    for name in ("gb18030", "big5", "cp1252"):
        try:
            text = raw.decode(_CODECS.get(name, name))
        except UnicodeDecodeError:
            continue
        scores.append((plausibility(text, name), -len(scores), name, text))
    if not scores:
        line = _first_bad_line(raw, "gb18030")
        raise ReadError("bad_encoding", line=line)
    score, _order, name, text = max(scores)
    if score < PLAUSIBLE:
        raise ReadError(
            "unknown_encoding",
            candidates=", ".join(ENCODINGS[s[2]] for s in scores),
        )
    return text, name


def _decode_as(raw, encoding):
    codec = _CODECS.get(encoding, encoding)
    if encoding == "utf-16" and raw[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        # without a byte order mark: the side of the nul bytes tells the order
        codec = "utf-16-be" if raw[:2000:2].count(0) > raw[1:2000:2].count(0) else "utf-16-le"
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        raise ReadError(
            "bad_encoding_choice",
            encoding=ENCODINGS.get(encoding, encoding),
            line=_first_bad_line(raw, codec),
        ) from None


def _first_bad_line(raw, codec):
    try:
        raw.decode(codec)
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1
    return 1


def _looks_utf16(raw):
    """UTF-16 without a byte order mark: text of ASCII characters has a nul byte in
    every other byte."""
    head = raw[:4000]
    if len(head) < 4 or len(head) % 2:
        return False
    half = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # text of 8 bits holds no nul; UTF-16 has them on one side, for its ASCII characters
    return max(even, odd) > half * 0.1 and min(even, odd) < half * 0.02


def _is_cjk(char):
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _is_cjk_punctuation(char):
    return (
        "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef" or "\u2010" <= char <= "\u206f"
    )


def plausibility(text, encoding):
    """The share (0 to 1) of the non-ASCII characters of ``text`` that a file in
    ``encoding`` holds: for GB18030, the characters of GB2312 (the common ones); for
    Big5, its frequent characters (its first level); either way none inside a Latin word
    (``M黮ler`` is Müller read wrongly); for Windows-1252, accented letters and symbols
    standing alone or in pairs (Chinese read wrongly gives long runs of them)."""
    good = total = 0
    for match in _NON_ASCII.finditer(text):
        run = match.group()
        total += len(run)
        if encoding == "cp1252":
            if len(run) <= 2:
                good += sum(1 for char in run if char.isalpha() or char in _LATIN_SYMBOLS)
        else:
            before = text[match.start() - 1] if match.start() else " "
            after = text[match.end()] if match.end() < len(text) else " "
            if len(run) == 1 and _latin(before) and _latin(after):
                continue  # a Chinese character inside a Latin word
            good += sum(1 for char in run if _common_in(char, encoding))
        if total >= _SAMPLE_CHARS:
            break
    return good / total if total else 1.0


def _latin(char):
    return char.isascii() and char.isalpha()


def _common_in(char, encoding):
    if _is_cjk_punctuation(char):
        return True
    if not _is_cjk(char):
        return False
    try:
        encoded = char.encode("gb2312" if encoding == "gb18030" else "cp950")
    except UnicodeEncodeError:
        return False
    # Big5's first level: 0xA440 to 0xC67E
    return encoding == "gb18030" or 0xA4 <= encoded[0] <= 0xC6


def _is_utf8(line):
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_multibyte_utf8(raw):
    """Some line holds non-ASCII text that is valid UTF-8: the file was meant as UTF-8."""
    return any(_is_utf8(line) and any(b > 127 for b in line) for line in raw.split(b"\n")[:2000])


def _read_csv(raw, filename, encoding="auto"):
    # a row's number is its record's number, as a spreadsheet opening the file shows it
    text, encoding = decode(raw, encoding)
    return list(_csv_rows(text, filename)), encoding


def _csv_rows(text, filename):
    """(row number, cells) of the text of a CSV file, one at a time."""
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


# Excel's built-in number formats of Chinese, Japanese and Korean Excel that are dates or
# times (yyyy"年"m"月"d"日" is 31): not written into styles.xml, unknown to openpyxl.
CJK_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))
_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_MERGE_CELLS = re.compile(rb"<(?:\w+:)?mergeCells\b")


def _open_xlsx(raw):
    """The workbook, read-only, its cells of the CJK built-in date formats read as
    dates (in the workbook's date system, 1900 or 1904, as openpyxl reads dates)."""
    import openpyxl  # noqa: PLC0415

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    # openpyxl's index of the cell styles that are dates (read by its sheet parser)
    date_styles = getattr(book, "_date_formats", None)
    styles = getattr(book, "_cell_styles", None)
    if date_styles is not None and styles is not None:
        for index, style in enumerate(styles):
            if style.numFmtId in CJK_DATE_FORMATS:
                date_styles.add(index)
    return book


def _read_xlsx(raw):
    book_zip = zipfile.ZipFile(io.BytesIO(raw))
    _check_zip(book_zip)
    no_value = _formulas_without_value(book_zip)
    book = _open_xlsx(raw)
    sheets = []
    paths = _sheet_paths(book_zip)
    for worksheet in book.worksheets:
        if not hasattr(worksheet, "iter_rows"):
            continue  # chart sheets
        path = paths.get(worksheet.title, "")
        merges = _merged_ranges(book_zip, path)
        sheet = Sheet(worksheet.title, list(_xlsx_rows(worksheet, merges)))
        sheet.formulas_without_value = set(no_value.get(path, []))
        sheets.append(sheet)
    book.close()
    return sheets


def _merged_ranges(book_zip, path):
    """[(first row, first column, last row, last column)] of the ranges of merged
    cells of a sheet that span several rows, read from its XML (``<mergeCells>`` comes
    after the cells: the sheet is scanned a megabyte at a time, keeping only the end)."""
    if not path:
        return []
    try:
        handle = book_zip.open(path)
    except KeyError:
        return []
    ranges = []
    with handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            data = tail + chunk
            found = _MERGE_CELLS.search(data)
            if found:
                data = data[found.start() :] + handle.read()
                ranges = [
                    (int(r1), _column_number(c1), int(r2), _column_number(c2))
                    for c1, r1, c2, r2 in _MERGE_CELL.findall(data)
                ]
                break
            tail = data[-64:]
    return [r for r in ranges if r[2] > r[0]]


def _xlsx_rows(worksheet, merges=()):
    worksheet.reset_dimensions()
    rows = (
        (cells[0].row, _row_values(cells))
        for cells in ([c for c in row if getattr(c, "row", None)] for row in worksheet.iter_rows())
        if cells
    )
    yield from fill_merged(rows, merges)


def _row_values(cells):
    values = [""] * max(c.column for c in cells)
    for cell in cells:
        value = cell.value
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and "%" in (cell.number_format or "")
        ):
            values[cell.column - 1] = percent_text(value)
        else:
            values[cell.column - 1] = cell_text(value)
    return values


def fill_merged(rows, merges):
    """(row number, cells) of ``rows`` with each range of merged cells spanning several
    rows (``merges``: [(first row, first column, last row, last column)], 1-based) read
    as the user sees it: every cell of the range holds the value of its first cell (a
    report grouped by person in charge writes the name once, in cells merged down the
    group). A row whose own cells are all empty stays empty."""
    starts = {}
    for merged in merges:
        starts.setdefault(merged[0], []).append(merged)
    active = []  # (last row, first column, last column, value)
    for rowno, cells in rows:
        values = list(cells)
        active = [item for item in active if item[0] >= rowno]
        for _first_row, first_col, last_row, last_col in starts.get(rowno, ()):
            value = values[first_col - 1] if first_col <= len(values) else ""
            if value:
                active.append((last_row, first_col, last_col, value))
        if active and any(values):
            for _last_row, first_col, last_col, value in active:
                values.extend([""] * (last_col - len(values)))
                for col in range(first_col - 1, last_col):
                    values[col] = values[col] or value
        yield rowno, values


def iter_sheet_rows(raw, filename, sheet_name, encoding="auto"):
    """(row number, cells) of one sheet of a file already read once by ``read_file``,
    one row at a time, read as ``read_file`` read them (the same encoding, merged cells,
    dates): CSV and xlsx files are streamed (the background import reads a chunk of a
    big file without holding all its rows); xls and ods are read whole."""
    kind = kind_of(raw, filename)
    if kind == "csv":
        yield from _csv_rows(decode(raw, encoding)[0], filename)
        return
    if kind == "xlsx":
        book = _open_xlsx(raw)
        try:
            worksheet = book[sheet_name] if sheet_name else book.worksheets[0]
            book_zip = zipfile.ZipFile(io.BytesIO(raw))
            merges = _merged_ranges(book_zip, _sheet_paths(book_zip).get(worksheet.title, ""))
            yield from _xlsx_rows(worksheet, merges)
        finally:
            book.close()
        return
    for sheet in read_file(raw, filename):
        if (sheet.name or "") == (sheet_name or ""):
            yield from sheet.rows
            return


def _sheet_paths(book_zip):
    """{sheet name: xml path in the zip}, from the workbook's relationships."""
    try:
        workbook = book_zip.read("xl/workbook.xml")
        rels = book_zip.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = dict(re.findall(rb'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    paths = {}
    for sheet in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(rb'\bname="([^"]*)"', sheet)
        rid = re.search(rb'\br:id="([^"]+)"', sheet)
        if not name or not rid:
            continue
        target = targets.get(rid.group(1), b"").decode().lstrip("/")
        title = html.unescape(name.group(1).decode())
        paths[title] = target if target.startswith("xl/") else f"xl/{target}"
    return paths


# -- xls and ods --------------------------------------------------------------------------


def _read_xls(raw):
    import xlrd  # noqa: PLC0415

    # formatting_info: the merged cells (xlrd lists them only then)
    book = xlrd.open_workbook(file_contents=raw, on_demand=True, formatting_info=True)
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
            while values and not values[-1]:
                values.pop()
            rows.append((rowx + 1, values))
        merges = [
            (rlo + 1, clo + 1, rhi, chi)
            for rlo, rhi, clo, chi in getattr(sheet, "merged_cells", [])
            if rhi - rlo > 1
        ]
        sheets.append(Sheet(sheet.name, list(fill_merged(rows, merges))))
    return sheets


def _read_ods(raw):
    from odf.namespaces import OFFICENS, TABLENS  # noqa: PLC0415
    from odf.opendocument import load  # noqa: PLC0415
    from odf.table import Table, TableRow  # noqa: PLC0415

    book_zip = zipfile.ZipFile(io.BytesIO(raw))
    if sum(info.file_size for info in book_zip.infolist()) > MAX_UNCOMPRESSED:
        raise ReadError("ods_too_big")
    document = load(io.BytesIO(raw))
    sheets = []
    for table in document.spreadsheet.getElementsByType(Table):
        rows = []
        merges = []
        rowno = 0
        for row in table.getElementsByType(TableRow):
            repeat = int(row.attributes.get((TABLENS, "number-rows-repeated")) or 1)
            values = []
            # covered cells (under a merged cell) keep their place: the columns after
            # them stay where they are
            for cell in row.childNodes:
                if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                    continue
                cols = int(cell.attributes.get((TABLENS, "number-columns-repeated")) or 1)
                text = _ods_cell_text(cell, OFFICENS)
                spanned = int(cell.attributes.get((TABLENS, "number-rows-spanned")) or 1)
                if spanned > 1:
                    width = int(cell.attributes.get((TABLENS, "number-columns-spanned")) or 1)
                    first = len(values) + 1
                    merges.append((rowno + 1, first, rowno + spanned, first + width - 1))
                values.extend([text] * min(cols, 1024 if text else cols))
            while values and not values[-1]:
                values.pop()
            if values:
                rows.append((rowno + 1, values))
            rowno += repeat
        sheets.append(Sheet(table.getAttribute("name"), list(fill_merged(rows, merges))))
    return sheets


def _ods_cell_text(cell, officens):
    value_type = cell.attributes.get((officens, "value-type"))
    if value_type == "percentage":
        return percent_text(cell.attributes.get((officens, "value")))
    if value_type in ("float", "currency"):
        return cell_text(float(cell.attributes.get((officens, "value"))))
    if value_type == "date":
        return cell.attributes.get((officens, "date-value")).replace("T", " ")
    return "\n".join(str(p) for p in cell.childNodes if p.qname[1] == "p")


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
