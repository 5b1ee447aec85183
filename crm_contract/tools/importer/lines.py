"""The product columns of a contract import (产品名称 / 产品编码 / 数量 / 单价 / 折扣 / 单位,
Product / Internal Reference / Quantity / Unit Price / Discount / Unit): one row per line,
as WukongCRM and Salesforce export them, the contract's columns repeated or left empty on
its following rows (``group_rows``).

Products are found by internal reference, then barcode, then name (names compared by
``name_key``, as other names; "[CS-01] Cloud Server", as Odoo shows a product, by its
reference), among the products of the company and the shared ones: one
lookup for the distinct values of the whole file. A name that fits several products is
refused, naming them; an unknown product is refused, or created once per name when the
import may create products. Units are found by name (and the usual Chinese and English
words for them: 个, 件, 台, 套, pcs...); a unit of another category than the product's is
refused. A discount is a percentage: ``10``, ``10%`` and ``10 %`` are 10 %; a plain number
between 0 and 1 (``0.1``) is refused as ambiguous (0.1 % or 10 %?): write ``10%``.

The contract's amount is checked against its lines: a contract whose amount differs from
the sum of its lines is refused (both are given), or takes the lines' sum, as the options
say (``amount_mismatch``). The lines of an existing draft contract are replaced by the
file's; those of a contract that is no longer a draft are refused (an amendment changes
them)."""

import re
import unicodedata

from odoo import Command

from .lookups import number_key

# The columns of the lines: pseudo fields of the mapping (no field of the contract)
LINE_FIELDS = (
    "line_product_id",
    "line_default_code",
    "line_quantity",
    "line_price_unit",
    "line_discount",
    "line_uom_id",
)
# A row holds a line when one of these is filled
LINE_KEY_FIELDS = ("line_product_id", "line_default_code")
# The other names of the units of uom's data (found when no unit has the name)
UNIT_ALIASES = {
    "uom.product_uom_unit": [
        "个",
        "件",
        "台",
        "套",
        "只",
        "把",
        "张",
        "支",
        "份",
        "项",
        "次",
        "units",
        "unit",
        "pcs",
        "pc",
        "piece",
        "pieces",
        "ea",
        "each",
    ],
    "uom.product_uom_dozen": ["打", "dozen", "dz"],
    "uom.product_uom_hour": ["小时", "工时", "hour", "hours", "h", "hr", "hrs"],
    "uom.product_uom_day": ["天", "日", "day", "days"],
    "uom.product_uom_kgm": ["千克", "公斤", "kg"],
    "uom.product_uom_gram": ["克", "g"],
    "uom.product_uom_ton": ["吨", "t"],
    "uom.product_uom_meter": ["米", "m"],
    "uom.product_uom_km": ["公里", "千米", "km"],
    "uom.product_uom_litre": ["升", "l"],
}
_PERCENT = re.compile(r"^\s*([^%]*?)\s*%\s*$")
# A product as Odoo shows and exports it: "[CS-01] Cloud Server"
_CODE_AND_NAME = re.compile(r"^\s*\[([^\[\]]+)\]\s*(.+?)\s*$")


def group_rows(rows, contract_key, has_line):
    """[(first row number, [(row number, cells)])] of the contracts of ``rows``: a row
    whose contract columns are empty, or give the contract of the row before it
    (``contract_key(row)``: its number, else its name and customer; None when empty),
    continues that contract when it holds a line (``has_line(row)``)."""
    groups = []
    previous = None
    for rowno, row in rows:
        key = contract_key(row)
        if groups and has_line(row) and (key == () or (key is not None and key == previous)):
            groups[-1][1].append((rowno, row))
            continue
        groups.append((rowno, [(rowno, row)]))
        previous = key
    return groups


class LineConverters:
    """Mixed into the import run (``rows.ImportRun``): ``_contract_lines`` gives the lines
    of a contract of the file."""

    @property
    def has_lines(self):
        return any(fname in self.mapping for fname in LINE_KEY_FIELDS)

    # -- grouping -------------------------------------------------------------------

    def _contract_groups(self):
        """The contracts of the rows (``group_rows``); a part of the file (background
        import) follows the grouping read from the whole file (presets)."""
        if not self.has_lines:
            return [(rowno, [(rowno, row)]) for rowno, row in self.rows]
        continued = self.presets.get("line_rows")
        if continued is not None:
            groups = []
            for rowno, row in self.rows:
                if groups and str(rowno) in continued:
                    groups[-1][1].append((rowno, row))
                else:
                    groups.append((rowno, [(rowno, row)]))
            return groups
        return group_rows(self.rows, self._contract_key, self._has_line)

    def _contract_key(self, row):
        """What names the contract of a row: ``()`` when its contract columns are empty."""
        number = number_key(self._cell(row, "number"))
        if number:
            return ("number", number)
        name, customer = self._cell(row, "name"), self._cell(row, "partner_id")
        if name and customer:
            return ("name", self._key(name), self._key(customer))
        if any(self._cell(row, f) for f in self.mapping if f not in LINE_FIELDS):
            return None
        return ()

    def _has_line(self, row):
        return any(self._cell(row, fname) for fname in LINE_KEY_FIELDS)

    def line_presets(self):
        """{continuation row number: first row number of its contract} of the file."""
        return {
            str(rowno): first
            for first, group in self._contract_groups()
            for rowno, _row in group[1:]
        }

    # -- lookups (once for the file) ------------------------------------------------

    def _prepare_lines(self):
        env = self.env
        domain = [("company_id", "in", [False, env.company.id])]
        names = self._distinct("line_product_id")
        self.products_by_name = (
            self._search_names("product.product", names, domain) if names else {}
        )
        codes = self._distinct("line_default_code", key=number_key)
        for text in names.values():
            match = _CODE_AND_NAME.match(text)
            if match:
                codes.setdefault(number_key(match.group(1)), match.group(1))
        self.products_by_code = (
            self._search_names(
                "product.product",
                codes,
                domain,
                fields_=("default_code", "barcode"),
                fuzzy=False,
            )
            if codes
            else {}
        )
        units = self._distinct("line_uom_id")
        self.units = found = self._search_names("uom.uom", units) if units else {}
        for xmlid, aliases in UNIT_ALIASES.items():
            wanted = [a for a in aliases if self._key(a) in units and self._key(a) not in found]
            unit = wanted and env.ref(xmlid, raise_if_not_found=False)
            for alias in wanted if unit else ():
                self.units[self._key(alias)] = unit
        self.may_create_products = env["product.product"].has_access("create")
        self.currency = env.company.currency_id

    def _same_contract_error(self, rowno, failed_row):
        """The error of a row not imported because another row of its contract failed."""
        return (
            rowno,
            "",
            "",
            self.env._(
                "not imported: row %(row)s of the same contract has a problem", row=failed_row
            ),
        )

    def _line_descriptions(self, records, lines):
        """The description of each line of ``lines`` ([[line values]] of the contracts
        ``records``) as the line computes it (the product's name in the customer's
        language, then its sales description), computed once per product and language
        rather than once per line."""
        wanted = {}
        for record, items in zip(records, lines, strict=True):
            lang = record.partner_id.lang
            for line in items:
                if "name" not in line:
                    wanted.setdefault(lang, set()).add(line["product_id"])
        texts = {}
        for lang, product_ids in wanted.items():
            for product in self.env["product.product"].with_context(lang=lang).browse(product_ids):
                name = product.display_name
                if product.description_sale:
                    name = f"{name}\n{product.description_sale}"
                texts[lang, product.id] = name
        for record, items in zip(records, lines, strict=True):
            lang = record.partner_id.lang
            for line in items:
                line.setdefault("name", texts[lang, line["product_id"]])

    # -- a contract's lines ---------------------------------------------------------

    def _contract_lines(self, group, record, vals):
        """The lines of a contract of the file (its rows ``group``) into ``vals``
        (``line_ids``), and its amount checked against them."""
        if not hasattr(self, "products_by_name"):
            self._prepare_lines()
        lines = []
        for rowno, row in group:
            line = self._line_vals(rowno, row)
            if line:
                lines.append((rowno, line))
        if not lines:
            return
        if record and record.state != "draft":
            for rowno, _line in lines:
                self._error(
                    rowno,
                    self._line_column(),
                    self._cell(group[0][1], "number"),
                    self.env._(
                        "contract %(contract)s is no longer a draft: its product lines can "
                        "only be changed through an amendment (Amend button), not by an import",
                        contract=record.display_name,
                    ),
                )
            return
        commands = [Command.clear()] if record and record.line_ids else []
        commands += [
            Command.create(dict(line, sequence=10 * (index + 1)))
            for index, (_rowno, line) in enumerate(lines)
        ]
        vals["line_ids"] = commands
        self._check_amount(group, lines, vals)

    def _line_column(self):
        return next(f for f in LINE_KEY_FIELDS if f in self.mapping)

    def _check_amount(self, group, lines, vals):
        if "amount_total" not in vals:
            return
        total = self.currency.round(sum(self._subtotal(line) for _rowno, line in lines))
        amount = vals["amount_total"]
        if not self.currency.compare_amounts(amount, total):
            return
        if self.options.amount_mismatch == "follow":
            del vals["amount_total"]  # the lines give it
            return
        first = group[0][0]
        self._error(
            first,
            "amount_total",
            self._cell(group[0][1], "amount_total"),
            self.env._(
                "the contract's amount %(amount)s differs from the sum of its lines "
                "%(lines)s (rows %(first)s to %(last)s): correct one of them, or choose "
                "to follow the lines",
                amount=self.currency.format(amount),
                lines=self.currency.format(total),
                first=first,
                last=group[-1][0],
            ),
        )

    def _subtotal(self, line):
        """A line's subtotal, as the line will compute it."""
        price = line.get("price_unit")
        if price is None:
            product = line["product_id"]
            if isinstance(product, tuple):
                price = 0.0
            else:
                product = self.env["product.product"].browse(product)
                price = product.lst_price
                unit = line.get("product_uom_id")
                if unit and unit != product.uom_id.id:
                    price = product.uom_id._compute_price(price, self.env["uom.uom"].browse(unit))
        amount = line["quantity"] * price * (1.0 - line["discount"] / 100.0)
        return self.currency.round(amount)

    def _line_vals(self, rowno, row):
        """The values of the line of a row; None when the row has none (or a problem)."""
        name = self._cell(row, "line_product_id")
        code = self._cell(row, "line_default_code")
        if not name and not code:
            filled = [f for f in LINE_FIELDS if self._cell(row, f)]
            if filled:
                self._error(
                    rowno,
                    self._line_column(),
                    "",
                    self.env._("the product is empty (the row gives a quantity, price or unit)"),
                )
            return None
        errors_before = len(self.errors)
        product = self._line_product(rowno, name, code)
        quantity = self.to_amount(rowno, row, "line_quantity", None)
        if quantity is not None and quantity < 0:
            self._error(
                rowno,
                "line_quantity",
                self._cell(row, "line_quantity"),
                self.env._("the quantity cannot be negative"),
            )
        price = self.to_amount(rowno, row, "line_price_unit", None)
        discount = self._to_discount(rowno, row)
        unit = self._line_unit(rowno, row, product)
        if len(self.errors) > errors_before or not product:
            return None
        line = {
            "product_id": product if isinstance(product, tuple) else product.id,
            "quantity": 1.0 if quantity is None else quantity,
            "discount": discount or 0.0,
        }
        if price is not None:
            line["price_unit"] = price
        if unit:
            line["product_uom_id"] = unit.id
        return line

    def _line_product(self, rowno, name, code):
        """The product of a line: a record, ("new", key) to create, or None (error)."""
        if code:
            products = self.products_by_code.get(number_key(code))
            if products:
                return self._one(rowno, "line_default_code", code, products)
        if name:
            products = self.products_by_name.get(self._key(name))
            match = not products and _CODE_AND_NAME.match(name)
            if match:
                products = self.products_by_code.get(number_key(match.group(1)))
            if products:
                return self._one(rowno, "line_product_id", name, products)
        fname = "line_product_id" if name else "line_default_code"
        value = name or code
        if not self.options.create_missing_products:
            self._error(
                rowno,
                fname,
                value,
                self.env._(
                    "no product with the internal reference, barcode or name %(value)s "
                    "(create it first, or tick Create Missing Products)",
                    value=value,
                ),
            )
            return None
        if not self.may_create_products:
            self._error(
                rowno,
                fname,
                value,
                self.env._(
                    "no product with the internal reference, barcode or name %(value)s, and "
                    "you may not create products: ask a user who may (an inventory or sales "
                    "administrator) to create it",
                    value=value,
                ),
            )
            return None
        if not self._short_text(rowno, fname, value):
            return None
        key = self._key(value)
        self.new_products.setdefault(key, {"name": value, "default_code": code or False})
        return ("new", key)

    def _line_unit(self, rowno, row, product):
        text = self._cell(row, "line_uom_id")
        if not text:
            return None
        units = self.units.get(self._key(text))
        if not units:
            self._error(
                rowno,
                "line_uom_id",
                text,
                self.env._("no unit of measure named %(name)s", name=text),
            )
            return None
        unit = self._one(rowno, "line_uom_id", text, units)
        if not unit:
            return None
        if isinstance(product, tuple):
            new = self.new_products[product[1]]
            expected = new.setdefault("uom_id", unit)
        else:
            expected = product.uom_id if product else unit
        if expected and expected.category_id != unit.category_id:
            self._error(
                rowno,
                "line_uom_id",
                text,
                self.env._(
                    "the unit %(unit)s is not a unit of %(product)s, whose unit is %(expected)s "
                    "(%(category)s)",
                    unit=unit.name,
                    product=new["name"] if isinstance(product, tuple) else product.display_name,
                    expected=expected.name,
                    category=expected.category_id.name,
                ),
            )
            return None
        return unit

    def _to_discount(self, rowno, row):
        """A discount in percent: 10, 10% -> 10; 0.1 refused (0.1 % or 10 %?)."""
        text = self._cell(row, "line_discount")
        if not text:
            return None
        plain = unicodedata.normalize("NFKC", text)
        match = _PERCENT.match(plain)
        number = match.group(1) if match else plain
        try:
            value = float(number.replace(",", ".")) if number.strip() else None
        except ValueError:
            value = None
        if value is None or value < 0 or value > 100:
            message = self.env._(
                "%(value)s is not a discount: write a percentage between 0 and 100, such as "
                "10 or 10%%",
                value=text,
            )
        elif not match and 0 < value < 1:
            message = self.env._(
                "the discount %(value)s can be read as %(value)s%% or as %(percent)s%%: write "
                "it with a %% sign",
                value=text,
                percent=round(value * 100, 4),
            )
        else:
            return value
        self._error(rowno, "line_discount", text, message)
        return None
