"""Parser and reader messages in the user's language: one ``env._`` call per message
code of ``values.MESSAGES`` (the same English texts), so that each text is extracted
for translation."""


def translated(env, error):
    """The message of an ImportValueError or ReadError, translated."""
    params = error.params
    texts = {
        "date_ambiguous": lambda: env._(
            "the date %(value)s can be read as day/month or month/day: choose the date order",
            **params,
        ),
        "not_a_date": lambda: env._(
            "%(value)s is not a date (use 2026-03-14, 14/03/2026, 03/14/2026 or 2026年3月14日)",
            **params,
        ),
        "invalid_date": lambda: env._(
            "%(date)s is not a valid date",
            **params,
        ),
        "too_many_decimals": lambda: env._(
            "%(value)s has more decimals than the currency allows (%(digits)s)",
            **params,
        ),
        "amount_ambiguous": lambda: env._(
            "%(value)s can be read as a whole number or with decimals: choose the decimal"
            " separator of the file",
            **params,
        ),
        "not_an_amount": lambda: env._(
            "%(value)s is not an amount",
            **params,
        ),
        "not_months": lambda: env._(
            "%(value)s is not a number of months",
            **params,
        ),
        "unknown_unit": lambda: env._(
            "the unit %(unit)s of the column %(column)s is not understood: write the amounts "
            "in a column whose unit is a currency (元, RMB, USD...) or a scale (万元, 千元, k, "
            "thousands, million), or convert them",
            **params,
        ),
        "bad_encoding_choice": lambda: env._(
            "The file cannot be read as %(encoding)s (line %(line)s): choose another "
            "encoding, or Detect.",
            **params,
        ),
        "unknown_encoding": lambda: env._(
            "The encoding of the file cannot be told (it reads as %(candidates)s, none of "
            "them as plain text): choose the encoding of the file.",
            **params,
        ),
        "unreadable": lambda: env._(
            "%(file)s cannot be read as a spreadsheet (CSV, XLSX, XLS or ODS): %(error)s",
            **params,
        ),
        "not_a_workbook": lambda: env._(
            "%(file)s cannot be read as a spreadsheet (CSV, XLSX, XLS or ODS): it is not "
            "a workbook",
            **params,
        ),
        "mixed_encoding": lambda: env._(
            "The file is read as UTF-8, but line %(line)s is not UTF-8 (another encoding,"
            " GBK for instance, was used for some lines): save the whole file as UTF-8.",
            **params,
        ),
        "bad_encoding": lambda: env._(
            "The file is neither UTF-8 nor GB18030, Big5 or Windows-1252 (line %(line)s "
            "cannot be read in them): choose its encoding, or save it as CSV UTF-8.",
            **params,
        ),
        "zip_too_big": lambda: env._(
            "The workbook would expand to %(size)s MB when read (at most %(max)s MB): it "
            "holds far more cells than its data; copy the data into a new workbook.",
            **params,
        ),
        "dimension_too_big": lambda: env._(
            "A sheet of the workbook declares %(cells)s cells (up to %(ref)s), more than "
            "an import reads (%(max)s): copy the data into a new workbook.",
            **params,
        ),
        "xls_too_big": lambda: env._(
            "A sheet of the workbook holds more cells than an import reads (%(max)s).",
            **params,
        ),
        "ods_too_big": lambda: env._(
            "The workbook would expand beyond what an import reads.",
            **params,
        ),
    }
    return texts[error.code]()
