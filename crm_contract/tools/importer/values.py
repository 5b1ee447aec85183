"""Reading the values of contract and follow-up import files.

Plain functions, easy to test on their own: header and name normalisation and the
parsers of dates, date-times and amounts. Each parser returns the parsed value or
raises ``ImportValueError`` whose message is built by the caller's translation
function (``_``), so that parser errors are translated like every other message.
"""

import re
import unicodedata
from datetime import datetime
from decimal import Decimal, InvalidOperation

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
    "unknown_unit": (
        "the unit %(unit)s of the column %(column)s is not understood: write the amounts "
        "in a column whose unit is a currency (元, RMB, USD...) or a scale (万元, 千元, k, "
        "thousands, million), or convert them"
    ),
    "bad_encoding_choice": (
        "The file cannot be read as %(encoding)s (line %(line)s): choose another encoding, "
        "or Detect."
    ),
    "unknown_encoding": (
        "The encoding of the file cannot be told (it reads as %(candidates)s, none of them "
        "as plain text): choose the encoding of the file."
    ),
    "unreadable": ("%(file)s cannot be read as a spreadsheet (CSV, XLSX, XLS or ODS): %(error)s"),
    "not_a_workbook": (
        "%(file)s cannot be read as a spreadsheet (CSV, XLSX, XLS or ODS): it is not a workbook"
    ),
    "mixed_encoding": (
        "The file is read as UTF-8, but line %(line)s is not UTF-8 (another encoding, GBK "
        "for instance, was used for some lines): save the whole file as UTF-8."
    ),
    "bad_encoding": (
        "The file is neither UTF-8 nor GB18030, Big5 or Windows-1252 (line %(line)s "
        "cannot be read in them): choose its encoding, or save it as CSV UTF-8."
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
    if stripped == text:
        # a unit without brackets: 合同金额/万元, 合同金额万元, Amount in thousands
        match = _UNIT_SUFFIX.search(text)
        if match and header_unit(text)[0] is not None:
            stripped = text[: match.start()]
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

# A time of day: 9:30, 09:30:15, 14:30:15.250, 9时30分, 9點30分
_TIME = r"(\d{1,2})[:：时時點点](\d{2})(?:[:：分](\d{2}))?(?:\.\d+)?[分秒]?"
_ISO = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?:(?:[ T]|,\s*)\s*{_TIME})?$")
_CN = re.compile(rf"^(\d{{4}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*[日号]?(?:,?\s*{_TIME})?$")
_DMY = re.compile(rf"^(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}})(?:(?:[ T]|,\s*)\s*{_TIME})?$")
# Morning and afternoon marks, before or after the time: 2:30 PM, 下午 2:30, 午後2:30, 오후 2:30
_MERIDIEM = re.compile(
    r"(?i)(?<![a-z])(a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])|(上午|早上|凌晨|午前|오전)|(下午|中午|晚上|午後|오후)"
)


def _split_meridiem(text):
    """(text without its AM/PM mark, 'am', 'pm' or None)."""
    found = list(_MERIDIEM.finditer(text))
    if len(found) != 1:
        return text, None
    match = found[0]
    word = match.group(0).casefold()
    meridiem = "pm" if match.group(3) or word.startswith("p") else "am"
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    return " ".join(rest.split()), meridiem


def date_order_of(values):
    """Tells from a column's values whether day/month/year dates put the day or the
    month first: 'dmy', 'mdy', or None when every value could be either."""
    for value in values:
        text, _meridiem = _split_meridiem(unicodedata.normalize("NFKC", value or "").strip())
        match = _DMY.match(text)
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
    day/month/year or month/day/year dates, with a time of 24 hours or with AM/PM
    (3/4/2025 2:30 PM, 2025/3/4 下午2:30); ``date_order`` is 'dmy' or 'mdy' for the
    day/month/year ones (needed only when day and month are both 12 or less)."""
    original = unicodedata.normalize("NFKC", value or "").strip()
    text, meridiem = _split_meridiem(original)
    for pattern in (_ISO, _CN):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(i)) for i in (1, 2, 3))
            return _build(original, year, month, day, *match.group(4, 5, 6), meridiem)
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
                value=repr(original),
            )
        day, month = (first, second) if order == "dmy" else (second, first)
        return _build(original, year, month, day, *match.group(4, 5, 6), meridiem)
    raise ImportValueError(
        "not_a_date",
        value=repr(original),
    )


def parse_date(value, date_order=None):
    return parse_datetime(value, date_order).date()


def _build(original, year, month, day, hour, minute, second, meridiem=None):
    hour = int(hour or 0)
    if meridiem:
        if minute is None or not 0 <= hour <= 12:
            # a mark without a time, or 14:30 PM
            raise ImportValueError("not_a_date", value=repr(original))
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
    try:
        return datetime(year, month, day, hour, int(minute or 0), int(second or 0))
    except ValueError:
        raise ImportValueError("invalid_date", date=f"{year:04d}-{month:02d}-{day:02d}") from None


# -- amounts -------------------------------------------------------------------------------

_CURRENCY = re.compile(
    r"(?i)(人民币|美元|欧元|港币|港元|日元|us\$|hk\$|nt\$|rmb|cny|usd|eur|gbp|hkd|jpy|元|[¥$€£])"
)
_GROUPING = re.compile(r"[\s\u00a0\u202f'’]")
# A sign: -300, +300, −300 (the minus sign), 300- (as some accounting systems write)
_SIGNED = re.compile(r"^([-+\u2212]?)([^-+\u2212]*?)([-\u2212]?)$")


def _clean_amount(text):
    """(the digits and separators of an amount, whether it is negative). The sign may
    stand before or after the currency (￥-3,200.00, -¥300, USD-5, € -12,50), or the
    amount be in brackets ((1,200.00), ¥(1,200)); a value with two signs keeps them, so
    that it is refused."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    negative = False
    cleaned = _GROUPING.sub("", _CURRENCY.sub("", text))
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative = True
        cleaned = cleaned[1:-1]
    match = _SIGNED.match(cleaned)
    if not match or (match.group(1) and match.group(3)):
        return cleaned, negative
    sign = match.group(1) or match.group(3)
    if sign and negative:
        return cleaned, negative  # -(300): two signs, refused
    return match.group(2), negative or sign in ("-", "\u2212")


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


def _scaled(number, factor, digits, shown):
    """``number`` (a decimal text) times the column's ``factor``, as a float; more
    decimals than ``digits`` once scaled are refused."""
    try:
        amount = Decimal(number) * factor
    except InvalidOperation:
        raise ImportValueError("not_an_amount", value=shown) from None
    if digits is not None and amount != amount.quantize(Decimal(1).scaleb(-digits)):
        raise ImportValueError(
            "too_many_decimals",
            value=shown,
            digits=digits,
        )
    return float(amount)


def parse_amount(value, decimal=None, digits=None, factor=1):
    """'¥1,234,567.89', '1.234,56 €', '1 234,56', '(12.00)', '￥-3,200.00' -> float.
    ``decimal`` is the column's decimal separator ('.' or ','), used for a value that
    could be read both ways (12.500); without it, such a value is refused. ``factor``
    is the scale of the column's unit (10000 for 万元): the value is multiplied by it.
    More decimals than ``digits`` (once scaled) are refused. Negative amounts are
    returned negative: refusing them is the caller's business."""
    if isinstance(value, NumberCell):
        return _scaled(value, factor, digits, value)
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
    amount = _scaled(cleaned, factor, digits, repr(text))
    return -amount if negative else amount


# -- units of amount columns -----------------------------------------------------------

# The scale a header's unit gives its values: 合同金额(万元), Amount (k), Amount (in
# thousands), 金额（百万元）
UNIT_SCALES = {
    "百": 100,
    "千": 1_000,
    "万": 10_000,
    "萬": 10_000,
    "十万": 100_000,
    "十萬": 100_000,
    "百万": 1_000_000,
    "百萬": 1_000_000,
    "千万": 10_000_000,
    "千萬": 10_000_000,
    "亿": 100_000_000,
    "億": 100_000_000,
    "k": 1_000,
    "000": 1_000,
    "000s": 1_000,
    "'000": 1_000,
    "'000s": 1_000,
    "thousand": 1_000,
    "thousands": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mm": 1_000_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
    "billions": 1_000_000_000,
}
# Units that are a currency only (x 1)
_UNIT_CURRENCY = re.compile(
    r"人民币元|人民币|美元|欧元|港币|港元|日元|新台币|台币|元|块|円|"
    r"us\$|hk\$|nt\$|rmb|cny|usd|eur|euros?|gbp|hkd|jpy|twd|ntd|[¥$€£]"
)
# Notes in brackets that say nothing of the scale: 含税 (tax included), 必填 (required)
_UNIT_NOTES = {
    "含税",
    "不含税",
    "含增值税",
    "税前",
    "税后",
    "必填",
    "选填",
    "required",
    "optional",
    "incl.vat",
    "inclvat",
    "excl.vat",
    "exclvat",
    "incl.tax",
    "excl.tax",
    "taxincluded",
    "taxexcluded",
    "gross",
    "net",
}
_UNIT_PREFIX = re.compile(r"^(?:in|单位|unit|units|amountin|金额单位)[:：]?(?=.)")
# A unit at the end of a header without brackets: 合同金额/万元, 金额万元, Amount in thousands
_UNIT_SUFFIX = re.compile(
    r"(?:[/／]|单位[:：]?|\s+in\s+)\s*([^/／\s][^/／]*)$"
    r"|(百万元|千万元|十万元|万元|亿元|千元|萬元|億元)$"
)


def _unit_factor(part):
    """The scale of one part of a unit ('万元' 10000, 'k€' 1000, 'usd' 1, '含税' 1);
    None when it is not understood."""
    text = re.sub(r"\s+", "", part)
    text = _UNIT_PREFIX.sub("", text)
    if not text or text in _UNIT_NOTES:
        return 1
    text = re.sub(r"^of|of$", "", text)
    scale = _UNIT_CURRENCY.sub("", text).replace("of", "")
    if not scale:
        return 1
    return UNIT_SCALES.get(scale)


def header_unit(header):
    """(factor, unit as written) of an amount column's header: (10000, '万元') for
    合同总额(万元), (1000, 'in thousands') for Amount (in thousands), (1, '元') for
    合同金额（元）, (1, '') without a unit; (None, unit) when the unit is not
    understood."""
    text = unicodedata.normalize("NFKC", header or "").strip().rstrip("*").strip()
    match = re.search(r"[(\[【]([^()\[\]【】]*)[)\]】]$", text)
    if match:
        unit = match.group(1).strip()
    else:
        match = _UNIT_SUFFIX.search(text)
        if not match:
            return 1, ""
        unit = (match.group(1) or match.group(2)).strip()
    if not unit:
        return 1, ""
    factor = 1
    for part in re.split(r"[,，;；/、]", unit.casefold()):
        part_factor = _unit_factor(part)
        if part_factor is None:
            return None, unit
        factor *= part_factor
    return factor, unit


def parse_months(value):
    """A term in whole months ('36', '36 months', '36个月')."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    match = re.fullmatch(r"(\d{1,4})(?:\.0+)?\s*(?:months?|mos?|个月|月)?", text, re.IGNORECASE)
    if not match:
        raise ImportValueError("not_months", value=repr(text))
    return int(match.group(1))
