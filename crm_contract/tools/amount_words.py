"""Amounts in Chinese capital numerals (大写金额), as Chinese contracts and receipts write
them: num2words, which Odoo's ``res.currency.amount_to_text`` uses, has no Chinese."""

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
BIG_UNITS = ("", "万", "亿", "万亿")


def _four_digits(number):
    """Capital numerals of 0 < number < 10,000 (zeros inside kept as one 零)."""
    text = ""
    zero = False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit:
            if zero and text:
                text += DIGITS[0]
            text += DIGITS[digit] + SMALL_UNITS[position]
            zero = False
        else:
            zero = True
    return text


def _integer_words(number):
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    text = ""
    gap = False  # a zero digit since the last one written
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            gap = True
            continue
        if text and (gap or group < 1000):
            text += DIGITS[0]
        text += _four_digits(group) + BIG_UNITS[index]
        gap = group % 10 == 0
    if text.startswith("零"):
        text = text[1:]
    return text


def chinese_amount_in_words(amount):
    """``amount`` (yuan, at most 2 decimals, below 10^16) in capital numerals, e.g.
    12345.6 -> 壹万贰仟叁佰肆拾伍元陆角整; 0 -> 零元整; negative amounts start with 负."""
    cents = round(abs(amount) * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = "负" if amount < 0 and cents else ""
    if yuan:
        text += _integer_words(yuan) + "元"
    if not jiao and not fen:
        return text + ("" if yuan else "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += DIGITS[0]
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return text
