"""Reading the values of contract and follow-up import files.

Plain functions without Odoo, so that they are easy to test on their own: header
normalisation and the parsers of dates, date-times, amounts and states. Each parser
returns the parsed value or raises ``ValueError`` with a message for the person who
made the file.
"""

import re
from datetime import datetime

# Excel's own limit for the text of one cell: longer cells cannot come from a real sheet.
MAX_CELL_LENGTH = 32767

_SPACES = re.compile(r"[\s_\-./:：()（）#]+")


def normalize_header(header):
    """'Contract  No.' -> 'contractno'; '合同编号' -> '合同编号'."""
    return _SPACES.sub("", (header or "").strip().lower())


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
    text = (value or "").strip()
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
            raise ValueError(
                f"the date {text!r} can be read as day/month or month/day: choose the date order"
            )
        day, month = (first, second) if order == "dmy" else (second, first)
        return _build(year, month, day, match.group(4), match.group(5), match.group(6))
    raise ValueError(
        f"{text!r} is not a date (use 2026-03-14, 14/03/2026, 03/14/2026 or 2026年3月14日)"
    )


def parse_date(value, date_order=None):
    return parse_datetime(value, date_order).date()


def _build(year, month, day, hour, minute, second):
    try:
        return datetime(year, month, day, int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise ValueError(f"{year:04d}-{month:02d}-{day:02d} is not a valid date") from None


_CURRENCY = re.compile(r"(?i)(rmb|cny|usd|eur|gbp|hkd|jpy|元|[¥￥$€£])")


def parse_amount(value):
    """'¥1,234,567.89', '1.234,56 €', '1 234,56', '(12.00)' -> float. Negative amounts
    are returned negative: refusing them is the caller's business."""
    text = (value or "").strip()
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    cleaned = _CURRENCY.sub("", text.strip("()").lstrip("-")).replace("\u00a0", "").replace(" ", "")
    cleaned = cleaned.replace("'", "")
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal, ".")
    elif "," in cleaned:
        if re.fullmatch(r"\d{1,3}(,\d{3})+", cleaned):
            cleaned = cleaned.replace(",", "")
        else:
            cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", cleaned):
        raise ValueError(f"{text!r} is not an amount")
    amount = float(cleaned)
    return -amount if negative else amount
