"""Reading the values of contract and follow-up import files.

Plain functions, easy to test on their own: header and name normalisation and the
parsers of dates, date-times and amounts. Each parser returns the parsed value or
raises ``ImportValueError`` whose message is built by the caller's translation
function (``_``), so that parser errors are translated like every other message.
"""

import re
import unicodedata
from datetime import datetime

# Excel's own limit for the text of one cell: longer cells cannot come from a real sheet.
MAX_CELL_LENGTH = 32767


# English texts of the parser's messages, by code; messages.translated() translates them.
MESSAGES = {
    "date_ambiguous": (
        "the date %(value)s can be read as day/month or month/day: choose the date order"
    ),
    "not_a_date": (
        "%(value)s is not a date (use 2026-03-14, 14/03/2026, 03/14/2026 or 2026年3月14日)"
    ),
    "invalid_date": "%(date)s is not a valid date",
    "too_many_decimals": "%(value)s has more decimals than the currency allows (%(digits)s)",
    "amount_ambiguous": (
        "%(value)s can be read as a whole number or with decimals: choose the decimal "
        "separator of the file"
    ),
    "not_an_amount": "%(value)s is not an amount",
    "not_months": "%(value)s is not a number of months",
    "unreadable": ("%(file)s cannot be read as a spreadsheet (CSV, XLSX, XLS or ODS): %(error)s"),
    "not_a_workbook": (
        "%(file)s cannot be read as a spreadsheet (CSV, XLSX, XLS or ODS): it is not a workbook"
    ),
    "mixed_encoding": (
        "The file is read as UTF-8, but line %(line)s is not UTF-8 (another encoding, GBK "
        "for instance, was used for some lines): save the whole file as UTF-8."
    ),
    "bad_encoding": (
        "The file is neither UTF-8 nor GB18030/GBK (line %(line)s cannot be read in "
        "either): save it as CSV UTF-8."
    ),
    "zip_too_big": (
        "The workbook would expand to %(size)s MB when read (at most %(max)s MB): it holds "
        "far more cells than its data; copy the data into a new workbook."
    ),
    "dimension_too_big": (
        "A sheet of the workbook declares %(cells)s cells (up to %(ref)s), more than an "
        "import reads (%(max)s): copy the data into a new workbook."
    ),
    "xls_too_big": "A sheet of the workbook holds more cells than an import reads (%(max)s).",
    "ods_too_big": "The workbook would expand beyond what an import reads.",
}


class ImportValueError(ValueError):
    """A value the file cannot hold: a message ``code`` of MESSAGES and its
    ``params``; messages.translated() gives the user's language."""

    def __init__(self, code, **params):
        super().__init__(MESSAGES[code] % params)
        self.code = code
        self.params = params


class NumberCell(str):
    """The text of a spreadsheet cell that held a number: its decimal separator is a
    point and it has no thousands separator, whatever the column's other cells say."""


# -- headers and names -----------------------------------------------------------------

_REQUIRED_MARK = re.compile(r"^[*＊\s]+|[*＊\s]+$")
# Units and notes in brackets at the end: 合同金额（元）, Amount (USD), Term [months]
_TRAILING_NOTE = re.compile(r"\s*[(\[【][^()\[\]【】]*[)\]】]\s*$")
_SPACES = re.compile(r"[\s_\-./:#]+")


def normalize_header(header):
    """'*合同编号' -> '合同编号'; 'Amount (USD)' -> 'amount'; 'Contract  No.' ->
    'contractno'; full-width 'ｃｏｎｔｒａｃｔ　ｎｕｍｂｅｒ' -> 'contractnumber'."""
    text = unicodedata.normalize("NFKC", header or "").strip()
    text = _REQUIRED_MARK.sub("", text)
    stripped = _TRAILING_NOTE.sub("", text)
    text = stripped or text
    text = _REQUIRED_MARK.sub("", text)
    return _SPACES.sub("", text.casefold())


def header_note(header):
    """The note in brackets at the end of a header ('months' of 'Term (months)')."""
    text = unicodedata.normalize("NFKC", header or "").strip()
    match = re.search(r"[(\[【]([^()\[\]【】]*)[)\]】]\s*\**$", text)
    return match.group(1).strip().casefold() if match else ""


_BRACKETS = str.maketrans({"[": "(", "]": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})


def name_key(value):
    """The key names are compared by: NFKC (full-width letters, digits and brackets
    become their plain forms), one kind of bracket, case and spacing ignored.
    '华锐电子（深圳）', '华锐电子 (深圳)' and '华锐电子(深圳)' give one key."""
    text = unicodedata.normalize("NFKC", value or "").translate(_BRACKETS)
    text = " ".join(text.split()).casefold()
    return re.sub(r"\s*([()])\s*", r"\1", text)


def name_pattern(value):
    """An ``=ilike`` pattern that finds the stored spellings of ``value`` whose
    name_key() may equal its key (brackets and spaces of any kind); the candidates are
    then compared by name_key()."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    text = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    text = re.sub(r"[\s()\[\]【】〔〕（）]+", "%", text)
    return text


# -- dates --------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_CN = re.compile(
    r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2}))?秒?)?$"
)
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def date_order_of(values):
    """Tells from a column's values whether day/month/year dates put the day or the
    month first: 'dmy', 'mdy', or None when every value could be either."""
    for value in values:
        match = _DMY.match((value or "").strip())
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            return "dmy"
        if second > 12 >= first:
            return "mdy"
    return None


def parse_datetime(value, date_order=None):
    """Parses ISO (2026-03-14, 2026/03/14 09:30), Chinese (2026年3月14日) and
    day/month/year or month/day/year dates; ``date_order`` is 'dmy' or 'mdy' for the
    last ones (needed only when day and month are both 12 or less)."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    for pattern in (_ISO, _CN):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(i)) for i in (1, 2, 3))
            return _build(year, month, day, match.group(4), match.group(5), match.group(6))
    match = _DMY.match(text)
    if match:
        first, second, year = (int(match.group(i)) for i in (1, 2, 3))
        order = date_order
        if first > 12 >= second:
            order = "dmy"
        elif second > 12 >= first:
            order = "mdy"
        elif first != second and order not in ("dmy", "mdy"):
            raise ImportValueError(
                "date_ambiguous",
                value=repr(text),
            )
        day, month = (first, second) if order == "dmy" else (second, first)
        return _build(year, month, day, match.group(4), match.group(5), match.group(6))
    raise ImportValueError(
        "not_a_date",
        value=repr(text),
    )


def parse_date(value, date_order=None):
    return parse_datetime(value, date_order).date()


def _build(year, month, day, hour, minute, second):
    try:
        return datetime(year, month, day, int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise ImportValueError("invalid_date", date=f"{year:04d}-{month:02d}-{day:02d}") from None


# -- amounts -------------------------------------------------------------------------------

_CURRENCY = re.compile(r"(?i)(rmb|cny|usd|eur|gbp|hkd|jpy|元|[¥￥$€£])")
_GROUPING = re.compile(r"[\s\u00a0\u202f'’]")


def _clean_amount(text):
    text = unicodedata.normalize("NFKC", text or "").strip()
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    cleaned = _CURRENCY.sub("", text.strip("()").lstrip("-"))
    cleaned = _GROUPING.sub("", cleaned).strip().lstrip("-")
    return cleaned, negative


def amount_decimal_hint(value):
    """What one value says of its column's decimal separator: '.' or ',', None when it
    says nothing (no separator, or one that could be either: 12.500, 1,234)."""
    if isinstance(value, NumberCell):
        return None
    cleaned, _negative = _clean_amount(value)
    if "," in cleaned and "." in cleaned:
        return "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    for sep, other in ((".", ","), (",", ".")):
        count = cleaned.count(sep)
        if count > 1:
            return other  # 1.250.000: the point groups thousands
        if count == 1 and len(cleaned) - cleaned.index(sep) - 1 != 3:
            return sep  # 12.5, 1234,56
    return None


def decimal_separator_of(values):
    """The decimal separator a column's values agree on: '.', ',', None when none
    tells, or 'conflict' when some say '.' and others ','."""
    hints = {amount_decimal_hint(v) for v in values if v} - {None}
    if len(hints) > 1:
        return "conflict"
    return hints.pop() if hints else None


def parse_amount(value, decimal=None, digits=None):
    """'¥1,234,567.89', '1.234,56 €', '1 234,56', '(12.00)' -> float. ``decimal`` is the
    column's decimal separator ('.' or ','), used for a value that could be read both
    ways (12.500); without it, such a value is refused. More decimals than ``digits``
    are refused. Negative amounts are returned negative: refusing them is the caller's
    business."""
    if isinstance(value, NumberCell):
        amount = float(value)
        if digits is not None and abs(round(amount, digits) - amount) > 1e-9 * max(1, abs(amount)):
            raise ImportValueError(
                "too_many_decimals",
                value=value,
                digits=digits,
            )
        return amount
    text = (value or "").strip()
    cleaned, negative = _clean_amount(text)
    sep = amount_decimal_hint(text) or (decimal if decimal in (".", ",") else None)
    if sep is None and re.search(r"[.,]", cleaned):
        raise ImportValueError(
            "amount_ambiguous",
            value=repr(text),
        )
    if sep:
        thousands = "," if sep == "." else "."
        if not re.fullmatch(
            rf"\d{{1,3}}(\{thousands}\d{{3}})*(\{sep}\d*)?|\d*(\{sep}\d*)?", cleaned
        ):
            raise ImportValueError("not_an_amount", value=repr(text))
        cleaned = cleaned.replace(thousands, "").replace(sep, ".")
    if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", cleaned):
        raise ImportValueError("not_an_amount", value=repr(text))
    if digits is not None and "." in cleaned and len(cleaned.split(".")[1].rstrip("0")) > digits:
        raise ImportValueError(
            "too_many_decimals",
            value=repr(text),
            digits=digits,
        )
    amount = float(cleaned)
    return -amount if negative else amount


def parse_months(value):
    """A term in whole months ('36', '36 months', '36个月')."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    match = re.fullmatch(r"(\d{1,4})(?:\.0+)?\s*(?:months?|mos?|个月|月)?", text, re.IGNORECASE)
    if not match:
        raise ImportValueError("not_months", value=repr(text))
    return int(match.group(1))
