import base64
import io
import mimetypes
from collections import defaultdict

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import html2plaintext

from ..models.res_config_settings import DEFAULT_IMPORT_MAX_SIZE_MB, IMPORT_MAX_SIZE_PARAM
from .import_values import (
    MAX_CELL_LENGTH,
    date_order_of,
    normalize_header,
    parse_amount,
    parse_date,
    parse_datetime,
)

CHUNK_SIZE = 1000
SHORT_TEXT_LENGTH = 1024

# Headers that real exports use, for each importable field (compared after
# normalize_header). Field labels and saved mappings are matched by base_import too.
CONTRACT_HEADERS = {
    "number": [
        "contract number",
        "contract no",
        "contract no.",
        "contract #",
        "contract code",
        "contract id",
        "number",
        "合同编号",
        "合同编码",
        "合同号",
    ],
    "name": ["contract name", "contract title", "title", "subject", "name", "合同名称", "合同标题"],
    "partner_id": [
        "customer",
        "customer name",
        "account",
        "account name",
        "client",
        "client name",
        "company",
        "客户名称",
        "客户",
        "客户名",
    ],
    "user_id": [
        "person in charge",
        "owner",
        "owner name",
        "contract owner",
        "responsible",
        "salesperson",
        "sales rep",
        "负责人",
        "负责人姓名",
    ],
    "state": ["status", "state", "contract status", "合同状态", "状态"],
    "date_signed": [
        "signed on",
        "signed date",
        "sign date",
        "signing date",
        "order date",
        "customer signed date",
        "company signed date",
        "下单时间",
        "签约日期",
        "签订日期",
        "签约时间",
    ],
    "date_start": ["start date", "contract start date", "start", "合同开始时间", "开始日期"],
    "date_end": ["end date", "contract end date", "end", "合同结束时间", "结束日期", "到期日期"],
    "customer_signer_id": [
        "customer signer",
        "customer signed by",
        "customer signed by name",
        "客户签约人",
    ],
    "company_signer_id": [
        "company signer",
        "company signed by",
        "company signed by name",
        "公司签约人",
    ],
    "type_id": ["contract type", "type", "合同类型", "类型"],
    "amount_total": [
        "amount",
        "contract amount",
        "total amount",
        "contract value",
        "value",
        "合同金额",
        "金额",
        "总金额",
    ],
    "description": [
        "notes",
        "note",
        "description",
        "terms",
        "special terms",
        "remarks",
        "备注",
        "说明",
    ],
}
FOLLOWUP_HEADERS = {
    "contract_id": ["contract number", "contract no", "contract no.", "contract", "合同编号"],
    "followup_type_id": [
        "follow-up type",
        "followup type",
        "type",
        "method",
        "contact method",
        "跟进方式",
        "跟进类型",
    ],
    "date": ["date", "follow-up date", "followup date", "跟进时间", "跟进日期"],
    "description": [
        "content",
        "description",
        "details",
        "follow-up content",
        "comments",
        "跟进内容",
    ],
    "contact_ids": ["contacts", "contact", "contact person", "联系人"],
    "next_date": [
        "next contact",
        "next contact date",
        "next follow-up",
        "下次联系时间",
        "下次跟进时间",
    ],
    "next_action": ["next action", "next step", "下次联系内容", "下次跟进内容"],
    "user_id": ["author", "created by", "owner", "followed up by", "创建人", "跟进人"],
}
REQUIRED = {
    "contract": ["name", "partner_id"],
    "followup": ["contract_id", "description"],
}
# Labels of states and seeded types as other CRMs (English and Chinese) write them.
STATE_LABELS = {
    "draft": ["draft", "new", "in approval process", "草稿", "新建", "待审核", "审核中"],
    "active": [
        "active",
        "activated",
        "signed",
        "in progress",
        "running",
        "执行中",
        "生效",
        "已生效",
        "进行中",
        "已签约",
        "正常",
    ],
    "expired": ["expired", "ended", "已到期", "到期", "过期", "已过期", "已结束"],
    "terminated": ["terminated", "已终止", "终止", "中止"],
    "cancelled": ["cancelled", "canceled", "void", "已取消", "取消", "作废", "已作废"],
}
TYPE_ALIASES = {
    "crm_contract.crm_contract_type_direct_sales": ["直销合同", "直销", "direct sale"],
    "crm_contract.crm_contract_type_agency": ["代理合同", "代理", "agent"],
    "crm_contract.crm_contract_type_service": ["服务合同", "服务"],
    "crm_contract.crm_contract_type_framework": ["框架合同", "框架协议", "框架"],
}
FOLLOWUP_TYPE_ALIASES = {
    "crm_contract.crm_contract_followup_type_call": ["打电话", "电话", "phone", "phone call"],
    "crm_contract.crm_contract_followup_type_email": ["发邮件", "邮件", "电子邮件", "e-mail"],
    "crm_contract.crm_contract_followup_type_visit": ["见面拜访", "拜访", "上门拜访", "上门"],
    "crm_contract.crm_contract_followup_type_meeting": ["会议", "开会", "见面"],
    "crm_contract.crm_contract_followup_type_message": ["短信", "微信", "消息", "sms", "chat"],
    "crm_contract.crm_contract_followup_type_other": ["其他", "其它"],
}


class _Rollback(Exception):
    """Raised inside the write savepoint to undo a test run or a failed import."""


class CrmContractImport(models.TransientModel):
    _name = "crm.contract.import"
    _description = "Import Contracts or Follow-up Records"

    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()
    import_type = fields.Selection(
        [("contract", "Contracts"), ("followup", "Follow-up Records")],
        string="The File Holds",
        required=True,
        default="contract",
    )
    res_model = fields.Char(compute="_compute_res_model")
    allowed_field_ids = fields.One2many("crm.contract.import.field", "import_id")
    existing_policy = fields.Selection(
        [("update", "Update them"), ("skip", "Skip them")],
        string="Existing Contracts",
        required=True,
        default="update",
        help="Contracts of the file whose number already exists.",
    )
    create_missing_partners = fields.Boolean(
        string="Create Missing Customers",
        help="Customers (and customer signers) not found by name are created; otherwise "
        "each one is reported.",
    )
    error_policy = fields.Selection(
        [("all", "Import nothing"), ("valid", "Import the valid rows, skip the others")],
        string="When a Row Has a Problem",
        required=True,
        default="all",
    )
    date_order = fields.Selection(
        [("auto", "Detect"), ("dmy", "Day/Month/Year"), ("mdy", "Month/Day/Year")],
        required=True,
        default="auto",
        help="How to read dates like 03/04/2026 when the file does not tell.",
    )
    state = fields.Selection(
        [("upload", "Upload"), ("match", "Match Columns"), ("done", "Done")],
        default="upload",
        required=True,
    )
    column_ids = fields.One2many("crm.contract.import.column", "import_id", string="Columns")
    row_count = fields.Integer(string="Rows", readonly=True)
    dry_run = fields.Boolean(readonly=True, help="The last run was a test: nothing was written.")
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    skipped_count = fields.Integer(string="Skipped", readonly=True)
    error_count = fields.Integer(string="Failed", readonly=True)
    error_line_ids = fields.One2many("crm.contract.import.error", "import_id", string="Problems")
    error_file = fields.Binary(string="Rows with Problems", readonly=True, attachment=False)
    error_filename = fields.Char(readonly=True)

    @api.depends("import_type")
    def _compute_res_model(self):
        for wizard in self:
            wizard.res_model = (
                "crm.contract" if wizard.import_type == "contract" else "crm.contract.followup"
            )

    @api.onchange("file", "import_type")
    def _onchange_file(self):
        self.column_ids = [fields.Command.clear()]
        self.state = "upload"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_load(self):
        """Read the file and propose a field for each column."""
        self.ensure_one()
        headers, rows = self._read_rows()
        self._match_columns(headers, rows)
        self.write({"state": "match", "row_count": len(rows)})
        return self._reopen()

    def action_test(self):
        """Dry run: validate and write every row, then undo it all; report the problems."""
        return self._run(dry_run=True)

    def action_import(self):
        return self._run(dry_run=False)

    def action_back(self):
        self.write({"state": "match"})
        return self._reopen()

    def action_download_template(self):
        self.ensure_one()
        template = self.env[self.res_model].get_import_templates()[0]
        return {"type": "ir.actions.act_url", "url": template["template"], "target": "download"}

    def action_download_errors(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/crm.contract.import/{self.id}/error_file/"
            f"{self.error_filename}?download=true",
            "target": "download",
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import %(what)s", what=self._type_label()),
        }

    def _type_label(self):
        return dict(self._fields["import_type"]._description_selection(self.env))[self.import_type]

    # ------------------------------------------------------------------
    # Reading and matching (base_import)
    # ------------------------------------------------------------------

    def _headers(self):
        return CONTRACT_HEADERS if self.import_type == "contract" else FOLLOWUP_HEADERS

    def _read_rows(self):
        """The file's header and data rows, read by base_import's readers."""
        self.ensure_one()
        raw = base64.b64decode(self.file or b"")
        name = self.filename or self.env._("the file")
        if not raw.strip():
            raise UserError(self.env._("%(file)s is empty.", file=name))
        max_mb = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(IMPORT_MAX_SIZE_PARAM, DEFAULT_IMPORT_MAX_SIZE_MB)
        )
        if len(raw) > max_mb * 1024 * 1024:
            raise UserError(
                self.env._(
                    "%(file)s is %(size).1f MB; imports are limited to %(max)s MB "
                    "(an administrator can raise the limit in Settings).",
                    file=name,
                    size=len(raw) / 1024 / 1024,
                    max=max_mb,
                )
            )
        mimetype = mimetypes.guess_type(self.filename or "")[0] or ""
        importer = self.env["base_import.import"].new(
            {
                "res_model": self.res_model,
                "file": raw,
                "file_name": self.filename,
                "file_type": mimetype,
            }
        )
        is_csv = mimetype == "text/csv" or (self.filename or "").lower().endswith(".csv")
        # CSV: UTF-8 (with or without BOM) first, then the Chinese GB18030 (a superset of
        # GBK and GB2312), then base_import's own detection.
        encodings = ["utf-8-sig", "gb18030", ""] if is_csv else [""]
        rows, error = None, None
        for encoding in encodings:
            options = {"quoting": '"', "separator": "", "encoding": encoding, "has_headers": True}
            try:
                _length, rows = importer._read_file(options)
                break
            except UnicodeDecodeError as exc:
                error = exc
            except Exception as exc:  # noqa: BLE001  (any reader failure is a bad file)
                error = exc
                break
        if rows is None:
            raise UserError(
                self.env._(
                    "%(file)s cannot be read as a spreadsheet (CSV, XLSX, XLS or ODS): %(error)s",
                    file=name,
                    error=error,
                )
            )
        rows = list(rows)
        if not rows:
            raise UserError(self.env._("%(file)s has no rows.", file=name))
        headers = [(h or "").strip() for h in rows[0]]
        data = rows[1:]
        if not data:
            raise UserError(self.env._("%(file)s has a header row but no data rows.", file=name))
        return headers, data

    def _match_columns(self, headers, rows):
        """Saved mappings first (base_import.mapping), then the headers of known exports,
        then base_import's own suggestions from field names and labels."""
        self.column_ids.unlink()
        self.allowed_field_ids.unlink()
        known = self._headers()
        Model = self.env[self.res_model]
        self.allowed_field_ids = [
            fields.Command.create(
                {
                    "sequence": sequence,
                    "field_name": fname,
                    "name": Model._fields[fname].get_description(self.env)["string"],
                }
            )
            for sequence, fname in enumerate(known)
        ]
        fields_by_name = {f.field_name: f for f in self.allowed_field_ids}
        aliases = {
            normalize_header(alias): fname
            for fname, names in known.items()
            for alias in [*names, fields_by_name[fname].name]
        }
        saved = {
            m.column_name: m.field_name
            for m in self.env["base_import.mapping"].search([("res_model", "=", self.res_model)])
        }
        matches = {}
        for index, header in enumerate(headers):
            fname = saved.get(header) or aliases.get(normalize_header(header))
            if fname in fields_by_name and fname not in matches.values():
                matches[index] = fname
        unmatched = [i for i in range(len(headers)) if i not in matches and headers[i]]
        if unmatched:
            matches.update(self._suggest_with_base_import(headers, rows, unmatched, matches))
        self.column_ids = [
            fields.Command.create(
                {
                    "sequence": index,
                    "header": header,
                    "field_id": fields_by_name[matches[index]].id if index in matches else False,
                    "sample": ", ".join(
                        v[:40] for v in (row[index] for row in rows[:5] if index < len(row)) if v
                    )[:200],
                }
            )
            for index, header in enumerate(headers)
        ]

    def _suggest_with_base_import(self, headers, rows, indexes, taken):
        importer = self.env["base_import.import"].new({"res_model": self.res_model})
        sub_headers = [headers[i] for i in indexes]
        preview = [[(row[i] if i < len(row) else "") for i in indexes] for row in rows[:10]]
        options = {"has_headers": True}
        header_types = importer._extract_headers_types(sub_headers, preview, options)
        fields_tree = importer.get_fields_tree(self.res_model, depth=1)
        suggestions = importer._get_mapping_suggestions(sub_headers, header_types, fields_tree)
        allowed = set(self._headers())
        used = set(taken.values())
        result = {}
        for (position, _header), suggestion in suggestions.items():
            fname = suggestion and suggestion["field_path"][0]
            if fname in allowed and fname not in used:
                result[indexes[position]] = fname
                used.add(fname)
        return result

    def _remember_matches(self):
        """Columns the user matched by hand are remembered for the next file
        (base_import's saved mappings)."""
        Mapping = self.env["base_import.mapping"]
        known = self._headers()
        existing = {
            m.column_name: m
            for m in Mapping.search(
                [
                    ("res_model", "=", self.res_model),
                    ("column_name", "in", self.column_ids.mapped("header")),
                ]
            )
        }
        for column in self.column_ids.filtered("field_id"):
            fname = column.field_id.field_name
            standard = normalize_header(column.header) in {
                normalize_header(a) for a in known.get(fname, [])
            }
            mapping = existing.get(column.header)
            if mapping and mapping.field_name != fname:
                mapping.field_name = fname
            elif not mapping and not standard:
                Mapping.create(
                    {"res_model": self.res_model, "column_name": column.header, "field_name": fname}
                )

    # ------------------------------------------------------------------
    # Running
    # ------------------------------------------------------------------

    def _run(self, dry_run):
        self.ensure_one()
        headers, rows = self._read_rows()
        if not self.column_ids:
            self._match_columns(headers, rows)
        mapping = {c.field_id.field_name: c.sequence for c in self.column_ids if c.field_id}
        missing = [f for f in REQUIRED[self.import_type] if f not in mapping]
        if missing:
            labels = [
                self.env[self.res_model]._fields[f].get_description(self.env)["string"]
                for f in missing
            ]
            raise UserError(
                self.env._(
                    "Required columns missing: %(columns)s. Match a column of the file to each.",
                    columns=", ".join(labels),
                )
            )
        if not dry_run:
            self._remember_matches()
        run = _ImportRun(self, headers, rows, mapping)
        run.validate()
        # The valid rows are written even in a test run or when other rows failed, so
        # that the database's own refusals are reported too; then it is all undone.
        try:
            with self.env.cr.savepoint():
                run.write_rows()
                if dry_run or (run.errors and self.error_policy == "all"):
                    raise _Rollback
        except _Rollback:
            self.env.invalidate_all()
        failed_rows = {error[0] for error in run.errors}
        written = not dry_run and not (run.errors and self.error_policy == "all")
        self.error_line_ids.unlink()
        self.write(
            {
                "state": "done",
                "dry_run": dry_run,
                "row_count": len(rows),
                "created_count": run.created if written or dry_run else 0,
                "updated_count": run.updated if written or dry_run else 0,
                "skipped_count": run.skipped,
                "error_count": len(failed_rows),
                "error_line_ids": [
                    fields.Command.create(
                        {
                            "row": row,
                            "column": column,
                            "value": (value or "")[:200],
                            "message": message,
                        }
                    )
                    for row, column, value, message in sorted(run.errors, key=lambda e: e[0])
                ],
                "error_file": run.error_file(failed_rows),
                "error_filename": self._error_filename() if failed_rows else False,
            }
        )
        return self._reopen()

    def _error_filename(self):
        stem = (self.filename or "import").rsplit(".", 1)[0]
        return f"{stem}-errors.xlsx"


class _ImportRun:
    """One validation and write pass over the rows of an import file.

    Every lookup is done once per distinct value (customers, users, types, contracts),
    and records are written with batched ``create`` calls through the ORM.
    """

    def __init__(self, wizard, headers, rows, mapping):
        self.wizard = wizard
        self.env = wizard.env
        self.headers = headers
        self.rows = rows
        self.mapping = mapping
        self.errors = []  # (row number, column header, value, message)
        self.to_create = []  # (row number, vals)
        self.to_update = []  # (row number, record, vals)
        self.new_partners = {}  # casefolded name -> name, created on write
        self.new_signers = {}  # (customer key, casefolded name) -> name
        self.created = self.updated = self.skipped = 0
        self.is_contract = wizard.import_type == "contract"
        self.model = self.env[wizard.res_model]

    # -- helpers ------------------------------------------------------------------

    @staticmethod
    def _key(value):
        return " ".join((value or "").split()).casefold()

    def _cell(self, row, fname):
        index = self.mapping.get(fname)
        if index is None or index >= len(row):
            return ""
        return (row[index] or "").strip()

    def _column(self, fname):
        index = self.mapping[fname]
        header = self.headers[index] if index < len(self.headers) else ""
        letter = ""
        n = index + 1
        while n:
            n, rem = divmod(n - 1, 26)
            letter = chr(65 + rem) + letter
        return f"{header} ({letter})"

    def _error(self, rowno, fname, value, message):
        column = self._column(fname) if fname else ""
        self.errors.append((rowno, column, value, message))

    def _distinct(self, fname, split=False):
        """The distinct values of a column: {casefolded key: text as written}."""
        values = {}
        for row in self.rows:
            cell = self._cell(row, fname)
            parts = cell.replace("，", ",").split(",") if split else [cell]
            for part in parts:
                text = " ".join(part.split())
                if text:
                    values.setdefault(self._key(text), text)
        return values

    def _search_names(self, model, values, extra_domain=None, fields_=("name",), fuzzy=True):
        """Records of ``model`` whose name (or another field) equals one of ``values``
        ({key: text}), ignoring case and surrounding spaces. One query for the values
        written as stored, then (``fuzzy``) one per 100 of the others, by ``=ilike``."""
        Model = self.env[model]
        found = defaultdict(lambda: Model)

        def collect(domain):
            for record in Model.search(expression.AND([domain, extra_domain or []])):
                for fname in fields_:
                    found[self._key(record[fname])] |= record

        if values:
            collect(expression.OR([[(f, "in", list(values.values()))] for f in fields_]))
        missing = sorted(key for key in values if key not in found) if fuzzy else []
        for start in range(0, len(missing), 100):
            chunk = missing[start : start + 100]
            collect(expression.OR([[(f, "=ilike", values[k])] for k in chunk for f in fields_]))
        return found

    def _lookup(self, fname, model, aliases=None, fields_=("name",), extra_domain=None):
        values = self._distinct(fname) if fname in self.mapping else {}
        found = self._search_names(model, values, extra_domain, fields_) if values else {}
        result = {key: records[:1] for key, records in found.items()}
        for xmlid, names in (aliases or {}).items():
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if record and record.active:
                for name in names:
                    result.setdefault(self._key(name), record)
        return result

    # -- validation -----------------------------------------------------------------

    def validate(self):
        self._check_lengths()
        if self.is_contract:
            self._validate_contracts()
        else:
            self._validate_followups()

    def _check_lengths(self):
        for offset, row in enumerate(self.rows):
            for index, cell in enumerate(row):
                if cell and len(cell) > MAX_CELL_LENGTH:
                    header = self.headers[index] if index < len(self.headers) else str(index + 1)
                    self.errors.append(
                        (
                            offset + 2,
                            header,
                            cell[:50] + "…",
                            self.env._(
                                "the cell holds %(length)s characters; a spreadsheet cell holds "
                                "at most %(max)s",
                                length=len(cell),
                                max=MAX_CELL_LENGTH,
                            ),
                        )
                    )

    def _date_orders(self, fnames):
        orders = {}
        for fname in fnames:
            if fname in self.mapping:
                chosen = self.wizard.date_order if self.wizard.date_order != "auto" else None
                orders[fname] = chosen or date_order_of(self._cell(row, fname) for row in self.rows)
        return orders

    def _resolve(self, rowno, row, fname, lookup, message):
        """The record a cell names, from ``lookup`` ({key: record}); when the cell names
        nothing known, an error built by ``message(text)``. None for an empty cell."""
        text = self._cell(row, fname)
        if not text:
            return None
        record = lookup.get(self._key(text))
        if not record:
            self._error(rowno, fname, text, message(text))
        return record

    def _unknown_user(self, name):
        return self.env._("no user with the name or login %(name)s", name=name)

    def _parse(self, rowno, fname, parser, *args):
        value = self._cell(self.rows[rowno - 2], fname)
        if not value:
            return None
        try:
            return parser(value, *args)
        except ValueError as exc:
            self._error(rowno, fname, value, str(exc))
            return None

    def _short_text(self, rowno, fname, value):
        if len(value) > SHORT_TEXT_LENGTH:
            self._error(
                rowno,
                fname,
                value[:50] + "…",
                self.env._(
                    "%(length)s characters is too long here (at most %(max)s)",
                    length=len(value),
                    max=SHORT_TEXT_LENGTH,
                ),
            )
            return False
        return True

    def _validate_contracts(self):
        env = self.env
        wizard = self.wizard
        Contract = env["crm.contract"]
        can_assign_others = env.user.has_group("crm_contract.crm_contract_group_user_all")
        partners = self._lookup("partner_id", "res.partner")
        users = self._lookup("user_id", "res.users", fields_=("name", "login"))
        users.update(self._lookup("company_signer_id", "res.users", fields_=("name", "login")))
        types = self._lookup("type_id", "crm.contract.type", TYPE_ALIASES)
        signers = (
            self._search_names("res.partner", self._distinct("customer_signer_id"))
            if "customer_signer_id" in self.mapping
            else {}
        )
        state_by_label = {
            self._key(label): state for state, labels in STATE_LABELS.items() for label in labels
        }
        for state, label in Contract._fields["state"]._description_selection(env):
            state_by_label.setdefault(self._key(label), state)
            state_by_label.setdefault(self._key(state), state)
        numbers = self._distinct("number")
        # Contract numbers are identifiers: matched as written (spaces trimmed).
        existing = {
            key: records[:1]
            for key, records in self._search_names(
                "crm.contract",
                numbers,
                [("company_id", "=", env.company.id)],
                fields_=("number",),
                fuzzy=False,
            ).items()
        }
        orders = self._date_orders(["date_signed", "date_start", "date_end"])
        seen_numbers = {}

        for offset, row in enumerate(self.rows):
            rowno = offset + 2
            errors_before = len(self.errors)
            vals = {}
            number = self._cell(row, "number")
            record = None
            if number:
                key = self._key(number)
                if key in seen_numbers:
                    self._error(
                        rowno,
                        "number",
                        number,
                        env._(
                            "the contract number %(number)s is also on row %(row)s",
                            number=number,
                            row=seen_numbers[key],
                        ),
                    )
                    continue
                seen_numbers[key] = rowno
                record = existing.get(key)
                if record and wizard.existing_policy == "skip":
                    self.skipped += 1
                    continue
                if self._short_text(rowno, "number", number):
                    vals["number"] = number
            name = self._cell(row, "name")
            if name:
                if self._short_text(rowno, "name", name):
                    vals["name"] = name
            elif not record:
                self._error(rowno, "name", "", env._("the contract name is empty"))

            customer_name = self._cell(row, "partner_id")
            customer = partners.get(self._key(customer_name))
            if customer:
                vals["partner_id"] = customer.id
            elif customer_name and wizard.create_missing_partners:
                if self._short_text(rowno, "partner_id", customer_name):
                    self.new_partners[self._key(customer_name)] = customer_name
                    vals["partner_id"] = ("new", self._key(customer_name))
            elif customer_name:
                self._error(
                    rowno,
                    "partner_id",
                    customer_name,
                    env._(
                        "no customer named %(name)s (create it first, or tick Create Missing "
                        "Customers)",
                        name=customer_name,
                    ),
                )
            elif not record:
                self._error(rowno, "partner_id", "", env._("the customer is empty"))

            for fname in ("user_id", "company_signer_id"):
                user = self._resolve(rowno, row, fname, users, self._unknown_user)
                if user:
                    vals[fname] = user.id
            owner = vals.get("user_id", record.user_id.id if record else env.user.id)
            if not can_assign_others and owner and owner != env.user.id:
                self._error(
                    rowno,
                    "user_id" if "user_id" in self.mapping else None,
                    self._cell(row, "user_id"),
                    env._("you can import only contracts of which you are the person in charge"),
                )

            contract_type = self._resolve(
                rowno,
                row,
                "type_id",
                types,
                lambda name: env._("no contract type named %(name)s", name=name),
            )
            if contract_type:
                vals["type_id"] = contract_type.id

            state_label = self._cell(row, "state")
            if state_label:
                state = state_by_label.get(self._key(state_label))
                if state:
                    vals["state"] = state
                else:
                    self._error(
                        rowno,
                        "state",
                        state_label,
                        env._("%(value)s is not a contract status", value=state_label),
                    )

            for fname in ("date_signed", "date_start", "date_end"):
                value = self._parse(rowno, fname, parse_date, orders.get(fname))
                if value:
                    vals[fname] = value
            start = vals.get("date_start") or (record.date_start if record else None)
            end = vals.get("date_end") or (record.date_end if record else None)
            if start and end and end < start:
                self._error(
                    rowno,
                    "date_end",
                    self._cell(row, "date_end"),
                    env._(
                        "the end date %(end)s is before the start date %(start)s",
                        end=end,
                        start=start,
                    ),
                )

            amount = self._parse(rowno, "amount_total", parse_amount)
            if amount is not None:
                if amount < 0:
                    self._error(
                        rowno,
                        "amount_total",
                        self._cell(row, "amount_total"),
                        env._("the amount cannot be negative"),
                    )
                else:
                    vals["amount_total"] = amount

            description = self._cell(row, "description")
            if description:
                vals["description"] = description

            signer_name = self._cell(row, "customer_signer_id")
            if signer_name:
                commercial = customer.commercial_partner_id if customer else None
                if not customer and record and not customer_name:
                    commercial = record.commercial_partner_id
                signer = signers.get(self._key(signer_name), env["res.partner"]).filtered(
                    lambda p, c=commercial: c and p.commercial_partner_id == c
                )[:1]
                if signer:
                    vals["customer_signer_id"] = signer.id
                elif wizard.create_missing_partners and (commercial or customer_name):
                    customer_key = (
                        commercial.id if commercial else ("new", self._key(customer_name))
                    )
                    self.new_signers[(customer_key, self._key(signer_name))] = signer_name
                    vals["customer_signer_id"] = ("signer", customer_key, self._key(signer_name))
                else:
                    self._error(
                        rowno,
                        "customer_signer_id",
                        signer_name,
                        env._(
                            "%(name)s is not a contact of the customer %(customer)s",
                            name=signer_name,
                            customer=customer_name or (commercial and commercial.name) or "",
                        ),
                    )

            if len(self.errors) > errors_before:
                continue
            if record:
                self.to_update.append((rowno, record, vals))
            else:
                self.to_create.append((rowno, vals))

    def _validate_followups(self):
        env = self.env
        contracts = {}
        numbers = self._distinct("contract_id")
        for key, records in self._search_names(
            "crm.contract", numbers, fields_=("number",), fuzzy=False
        ).items():
            contracts[key] = records[:1]
        types = self._lookup(
            "followup_type_id", "crm.contract.followup.type", FOLLOWUP_TYPE_ALIASES
        )
        users = self._lookup("user_id", "res.users", fields_=("name", "login"))
        contacts = (
            self._search_names("res.partner", self._distinct("contact_ids", split=True))
            if "contact_ids" in self.mapping
            else {}
        )
        orders = self._date_orders(["date", "next_date"])
        existing = set()
        if contracts:
            for followup in env["crm.contract.followup"].search(
                [("contract_id", "in", [c.id for c in contracts.values()])]
            ):
                existing.add(
                    self._followup_key(
                        followup.contract_id.id,
                        followup.date,
                        followup.followup_type_id.id,
                        followup.description,
                    )
                )
        seen = set()
        can_assign_others = env.user.has_group("crm_contract.crm_contract_group_manager")
        for offset, row in enumerate(self.rows):
            rowno = offset + 2
            errors_before = len(self.errors)
            vals = {}
            number = self._cell(row, "contract_id")
            contract = contracts.get(self._key(number))
            if contract:
                vals["contract_id"] = contract.id
            else:
                self._error(
                    rowno,
                    "contract_id",
                    number,
                    env._("no contract numbered %(number)s", number=number)
                    if number
                    else env._("the contract number is empty"),
                )
            followup_type = self._resolve(
                rowno,
                row,
                "followup_type_id",
                types,
                lambda name: env._("no follow-up type named %(name)s", name=name),
            )
            if followup_type:
                vals["followup_type_id"] = followup_type.id
            when = self._parse(rowno, "date", parse_datetime, orders.get("date"))
            if when:
                vals["date"] = when
            next_date = self._parse(rowno, "next_date", parse_date, orders.get("next_date"))
            if next_date:
                vals["next_date"] = next_date
            next_action = self._cell(row, "next_action")
            if next_action and self._short_text(rowno, "next_action", next_action):
                vals["next_action"] = next_action
            description = self._cell(row, "description")
            if description:
                vals["description"] = description
            else:
                self._error(rowno, "description", "", env._("the follow-up content is empty"))
            user = self._resolve(rowno, row, "user_id", users, self._unknown_user)
            if user and user != env.user and not can_assign_others:
                self._error(
                    rowno,
                    "user_id",
                    self._cell(row, "user_id"),
                    env._("you can import only your own follow-ups"),
                )
            elif user:
                vals["user_id"] = user.id
            contact_cell = self._cell(row, "contact_ids")
            if contact_cell and contract:
                ids = []
                for name in contact_cell.replace("，", ",").split(","):
                    if not name.strip():
                        continue
                    match = contacts.get(self._key(name), env["res.partner"]).filtered(
                        lambda p, c=contract: p.commercial_partner_id == c.commercial_partner_id
                    )[:1]
                    if match:
                        ids.append(match.id)
                    else:
                        self._error(
                            rowno,
                            "contact_ids",
                            name.strip(),
                            env._(
                                "%(name)s is not a contact of the customer %(customer)s",
                                name=name.strip(),
                                customer=contract.commercial_partner_id.name,
                            ),
                        )
                vals["contact_ids"] = [fields.Command.set(ids)]
            if len(self.errors) > errors_before:
                continue
            key = self._followup_key(
                vals["contract_id"], vals.get("date"), vals.get("followup_type_id"), description
            )
            if key in existing or key in seen:
                self.skipped += 1  # imported before: importing a file twice creates nothing
                continue
            seen.add(key)
            self.to_create.append((rowno, vals))

    def _followup_key(self, contract_id, when, type_id, description):
        minute = fields.Datetime.to_string(when)[:16] if when else ""
        text = " ".join(html2plaintext(description or "").split())
        return (contract_id, minute, type_id or False, text)

    # -- writing --------------------------------------------------------------------

    def write_rows(self):
        """Writes the valid rows through the ORM. With "import the valid rows", a chunk
        that the database refuses is written again row by row to find the culprit."""
        if self.new_partners or self.new_signers:
            self._create_partners()
        # No chatter work per created row (creation message, assignment e-mail, one
        # follower insert per record): the persons in charge follow their contracts
        # through one subscription per person below. Updates keep their tracking.
        model = self.model.with_context(tracking_disable=True, crm_contract_import=True)
        created = self.model
        for start in range(0, len(self.to_create), CHUNK_SIZE):
            chunk = self.to_create[start : start + CHUNK_SIZE]
            created |= self._write_chunk(chunk, lambda items: model.create([v for _r, v in items]))
        for rowno, record, vals in self.to_update:
            self._write_chunk([(rowno, vals)], lambda items, rec=record: rec.write(items[0][1]))
        if self.is_contract and created:
            for user, contracts in created.grouped("user_id").items():
                if user:
                    contracts.message_subscribe(partner_ids=user.partner_id.ids)

    def _write_chunk(self, items, writer):
        try:
            with self.env.cr.savepoint():
                records = writer(items)
                self.env.flush_all()
        except Exception as exc:  # noqa: BLE001  (database and ORM refusals)
            self.env.invalidate_all()
            if len(items) == 1:
                self.errors.append((items[0][0], "", "", self._refusal_message(exc)))
                return self.model
            created = self.model
            for item in items:
                created |= self._write_chunk([item], writer)
            return created
        if isinstance(records, models.BaseModel):
            self.created += len(items)
            return records
        self.updated += len(items)
        return self.model

    def _refusal_message(self, exc):
        if isinstance(exc, pg_errors.UniqueViolation) and "number_company_uniq" in str(exc):
            return self.env._(
                "this contract number is already used by another contract of the company "
                "(saved in the meantime, by another import for instance)"
            )
        message = exc.args[0] if exc.args else str(exc)
        return str(message).splitlines()[0]

    def _create_partners(self):
        Partner = self.env["res.partner"]
        created = {}
        if self.new_partners:
            names = list(self.new_partners.items())
            companies = Partner.create([{"name": name, "is_company": True} for _k, name in names])
            created = {key: company for (key, _n), company in zip(names, companies, strict=True)}
        signers = {}
        if self.new_signers:
            items = list(self.new_signers.items())
            vals_list = []
            for (customer_key, _signer_key), name in items:
                parent = (
                    created[customer_key[1]]
                    if isinstance(customer_key, tuple)
                    else Partner.browse(customer_key)
                )
                vals_list.append({"name": name, "parent_id": parent.id, "type": "contact"})
            for (key, _name), signer in zip(items, Partner.create(vals_list), strict=True):
                signers[key] = signer
        for items in (self.to_create, [(r, v) for r, _rec, v in self.to_update]):
            for _rowno, vals in items:
                partner = vals.get("partner_id")
                if isinstance(partner, tuple):
                    vals["partner_id"] = created[partner[1]].id
                signer = vals.get("customer_signer_id")
                if isinstance(signer, tuple):
                    vals["customer_signer_id"] = signers[(signer[1], signer[2])].id

    # -- the error file ----------------------------------------------------------------

    def error_file(self, failed_rows):
        """The failed rows as they were in the file, with an Error column, as xlsx.
        Every cell is written as text, so nothing in it runs as a formula."""
        if not failed_rows:
            return False
        import xlsxwriter  # noqa: PLC0415  (only needed here)

        messages = defaultdict(list)
        for rowno, column, _value, message in self.errors:
            messages[rowno].append(f"{column}: {message}" if column else message)
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
        sheet = book.add_worksheet("Errors")
        bold = book.add_format({"bold": True})
        header = [*self.headers, self.env._("Row"), self.env._("Error")]
        for col, title in enumerate(header):
            sheet.write_string(0, col, title, bold)
        for out_row, rowno in enumerate(sorted(failed_rows), start=1):
            row = self.rows[rowno - 2]
            for col, cell in enumerate(row):
                sheet.write_string(out_row, col, cell or "")
            sheet.write_number(out_row, len(self.headers), rowno)
            sheet.write_string(out_row, len(self.headers) + 1, "; ".join(messages[rowno]))
        book.close()
        return base64.b64encode(buffer.getvalue())
