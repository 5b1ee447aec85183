"""What contracts and follow-up records know about their own import: the headers real
exports use for each field, the required columns, the words other CRMs use for states
and seeded types, the end date of a term (``_import_knowledge``, handed to the import
engine of ``tools/importer``), the import templates, and the batched next-contact
activities of imported follow-ups.

Headers are compared after ``tools.importer.values.normalize_header`` (NFKC, case, spacing,
required marks and bracketed units such as 合同金额（元） or Amount (USD) ignored).

WukongCRM approval statuses (审核状态) map onto the contract lifecycle:

    ============================  ===========  ==========================================
    WukongCRM status              Imported as  Why
    ============================  ===========  ==========================================
    审核通过 (approved)            active       approved contracts are in force
    审核中, 待审核 (in approval)    draft        not approved yet
    审核未通过, 拒绝 (rejected)     draft        kept to be corrected and submitted again;
                                               a rejected contract is not cancelled
    已撤回 (withdrawn)              draft        the author took it back to edit it
    未提交 (not submitted)          draft        never submitted
    已作废 (voided)                 cancelled    voided contracts never apply
    ============================  ===========  ==========================================

An Active contract whose end date has passed is imported as Expired (what the daily
expiry job would do the next night).
"""

from datetime import timedelta

from odoo import api, fields, models

from ..tools.guards import internal_context, is_internal
from ..tools.importer.markers import IMPORT, IMPORT_PAST_ACTIVITIES
from ..tools.mail_batch import create_activities
from .crm_contract_followup import SYNC
from .crm_contract_line import CREATING_CONTRACT

CONTRACT_HEADERS = {
    "number": [
        "contract number",
        "contract no",
        "contract #",
        "contract code",
        "contract id",
        "number",
        "合同编号",
        "合同编码",
        "合同号",
        "合同編號",
        "合同號",
    ],
    "name": [
        "contract name",
        "contract title",
        "title",
        "subject",
        "name",
        "deal name",
        "deal",
        "合同名称",
        "合同标题",
        "合同名稱",
    ],
    "partner_id": [
        "customer",
        "customer name",
        "account",
        "account name",
        "account.name",
        "associated company",
        "company name",
        "client",
        "client name",
        "company",
        "客户名称",
        "客户",
        "客户名",
        "客戶名稱",
        "客戶",
    ],
    "user_id": [
        "person in charge",
        "owner",
        "owner name",
        "owner.name",
        "contract owner",
        "deal owner",
        "account owner",
        "responsible",
        "salesperson",
        "sales rep",
        "负责人",
        "负责人姓名",
        "負責人",
    ],
    "state": [
        "status",
        "state",
        "contract status",
        "approval status",
        "合同状态",
        "状态",
        "审核状态",
        "审批状态",
        "合同狀態",
        "狀態",
    ],
    "date_signed": [
        "signed on",
        "signed date",
        "sign date",
        "signing date",
        "order date",
        "customer signed date",
        "company signed date",
        "close date",
        "下单时间",
        "签约日期",
        "签订日期",
        "签约时间",
        "簽約日期",
        "簽訂日期",
    ],
    "date_start": [
        "start date",
        "contract start date",
        "start",
        "合同开始时间",
        "开始日期",
        "開始日期",
    ],
    "date_end": [
        "end date",
        "contract end date",
        "end",
        "合同结束时间",
        "结束日期",
        "到期日期",
        "結束日期",
    ],
    "term_months": [
        "contract term",
        "term",
        "term months",
        "contract term months",
        "duration months",
        "合同期限",
        "合同期限月",
        "期限",
    ],
    "customer_signer_id": [
        "customer signer",
        "customer signed by",
        "customer signed by name",
        "customer signed.name",
        "customer signed name",
        "客户签约人",
    ],
    "company_signer_id": [
        "company signer",
        "company signed by",
        "company signed by name",
        "company signed.name",
        "company signed name",
        "公司签约人",
    ],
    "type_id": ["contract type", "type", "合同类型", "类型", "合同類型"],
    "amount_total": [
        "amount",
        "contract amount",
        "total amount",
        "contract value",
        "value",
        "合同金额",
        "金额",
        "总金额",
        "合同总额",
        "总额",
        "合同總額",
        "合同金額",
        "金額",
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
        "備註",
    ],
    # Renewals: the number of the contract the row renews.
    "previous_contract_id": [
        "previous contract no",
        "previous contract number",
        "previous contract",
        "renewal of",
        "renews",
        "original contract no",
        "original contract number",
        "原合同编号",
        "原合同号",
        "原合同",
        "续签原合同编号",
    ],
    # Team selling: the contract's team members, with an optional access mark each.
    "member_ids": [
        "team members",
        "contract team",
        "members",
        "团队成员",
        "相关团队",
        "合同团队",
        "协作人",
    ],
    # Product lines (tools/importer/lines.py): one row per line, the contract's columns
    # repeated or left empty on its following rows.
    "line_product_id": [
        "product",
        "product name",
        "product.name",
        "product2.name",
        "item",
        "产品名称",
        "产品",
        "商品名称",
        "产品名",
        "產品名稱",
    ],
    "line_default_code": [
        "internal reference",
        "product code",
        "product.productcode",
        "product2.productcode",
        "sku",
        "item code",
        "产品编码",
        "产品编号",
        "商品编码",
        "产品代码",
        "產品編碼",
    ],
    "line_quantity": ["quantity", "qty", "数量", "產品數量"],
    "line_price_unit": [
        "unit price",
        "sales price",
        "price",
        "单价",
        "售价",
        "销售单价",
        "产品单价",
        "單價",
    ],
    "line_discount": ["discount", "discount %", "折扣", "折扣率"],
    "line_uom_id": ["unit", "unit of measure", "uom", "单位", "计量单位", "單位"],
}
FOLLOWUP_HEADERS = {
    "contract_id": ["contract number", "contract no", "contract", "合同编号", "合同"],
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
# Required columns; for contracts, name and customer only for rows that create (an
# update-only file may hold the number and the columns to change).
CONTRACT_REQUIRED = ["name", "partner_id"]
CONTRACT_REQUIRED_UPDATE = ["number"]
FOLLOWUP_REQUIRED = ["contract_id", "description"]

STATE_LABELS = {
    "draft": [
        "draft",
        "new",
        "in approval process",
        "草稿",
        "新建",
        "待审核",
        "审核中",
        "审核未通过",
        "拒绝",
        "已拒绝",
        "已撤回",
        "撤回",
        "未提交",
    ],
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
        "审核通过",
        "已通过",
    ],
    "expired": ["expired", "ended", "已到期", "到期", "过期", "已过期", "已结束"],
    "terminated": ["terminated", "已终止", "终止", "中止"],
    "cancelled": ["cancelled", "canceled", "void", "已取消", "取消", "作废", "已作废"],
}
TYPE_ALIASES = {
    "crm_contract.crm_contract_type_direct_sales": [
        "直销合同",
        "直销",
        "direct sale",
        "direct sales",
    ],
    "crm_contract.crm_contract_type_agency": ["代理合同", "代理", "agent", "agency"],
    "crm_contract.crm_contract_type_service": ["服务合同", "服务", "service"],
    "crm_contract.crm_contract_type_framework": ["框架合同", "框架协议", "框架", "framework"],
}
FOLLOWUP_TYPE_ALIASES = {
    "crm_contract.crm_contract_followup_type_call": [
        "打电话",
        "电话",
        "电话沟通",
        "电话拜访",
        "phone",
        "phone call",
        "call",
    ],
    "crm_contract.crm_contract_followup_type_email": [
        "发邮件",
        "邮件",
        "电子邮件",
        "邮件沟通",
        "e-mail",
        "email",
    ],
    "crm_contract.crm_contract_followup_type_visit": [
        "见面拜访",
        "拜访",
        "上门拜访",
        "上门",
        "线下拜访",
        "visit",
    ],
    "crm_contract.crm_contract_followup_type_meeting": [
        "会议",
        "开会",
        "见面",
        "视频会议",
        "meeting",
    ],
    "crm_contract.crm_contract_followup_type_message": [
        "短信",
        "微信",
        "微信沟通",
        "qq",
        "消息",
        "sms",
        "chat",
        "message",
    ],
    "crm_contract.crm_contract_followup_type_other": ["其他", "其它", "other"],
}


class CrmContractImportKnowledge(models.Model):
    _inherit = "crm.contract"

    @api.model
    def _import_knowledge(self):
        """What the import engine needs to know of contracts (see tools/importer/rows.py)."""
        return {
            "headers": CONTRACT_HEADERS,
            "required": CONTRACT_REQUIRED,
            "required_update": CONTRACT_REQUIRED_UPDATE,
            "labels": {
                "term_months": self.env._("Contract Term (Months)"),
                "previous_contract_id": self.env._("Previous Contract No."),
                "line_product_id": self.env._("Product"),
                "line_default_code": self.env._("Internal Reference"),
                "line_quantity": self.env._("Quantity"),
                "line_price_unit": self.env._("Unit Price"),
                "line_discount": self.env._("Discount (%)"),
                "line_uom_id": self.env._("Unit"),
            },
            "type_model": "crm.contract.type",
            "type_aliases": TYPE_ALIASES,
            "state_labels": STATE_LABELS,
            "end_from_term": end_from_term,
            # product lines: their model, and the marker under which the import writes
            # the lines of the contracts it creates (signed ones too)
            "line_model": "crm.contract.line",
            "lines_marker": CREATING_CONTRACT,
        }

    @api.model
    def get_import_templates(self):
        return _with_chinese_template(
            super().get_import_templates(),
            self.env._("Import Template for Contracts (Chinese)"),
            "/crm_contract/static/xls/crm_contract_import_template_zh_CN.xlsx",
        )


class CrmContractFollowupImportKnowledge(models.Model):
    _inherit = "crm.contract.followup"

    @api.model
    def _import_knowledge(self):
        """What the import engine needs to know of follow-ups."""
        return {
            "headers": FOLLOWUP_HEADERS,
            "required": FOLLOWUP_REQUIRED,
            "labels": {},
            "type_model": "crm.contract.followup.type",
            "type_aliases": FOLLOWUP_TYPE_ALIASES,
        }

    @api.model
    def get_import_templates(self):
        return _with_chinese_template(
            super().get_import_templates(),
            self.env._("Import Template for Follow-up Records (Chinese)"),
            "/crm_contract/static/xls/crm_contract_followup_import_template_zh_CN.xlsx",
        )

    def _sync_next_activity(self):
        """Imported follow-ups: their next-contact activities are created in one batch,
        without an assignment e-mail per row (the importing user may have no e-mail
        address) and, unless asked, none for a next contact date already past. Only the
        import's own markers count (a context key sent over JSON-RPC is not one)."""
        if not is_internal(self, IMPORT):
            return super()._sync_next_activity()
        today = fields.Date.context_today(self)
        with_past = is_internal(self, IMPORT_PAST_ACTIVITIES)
        todo = self.filtered(
            lambda f: f.next_date and not f.activity_id and (with_past or f.next_date >= today)
        )
        if not todo:
            return None
        activity_type = self.env.ref("crm_contract.mail_activity_type_contract_followup")
        model_id = self.env["ir.model"]._get_id("crm.contract")
        default_summary = self.env._("Contact the customer")
        # two follow-ups of one contract by the same author in a file: see create_activities
        activities = create_activities(
            self.env["mail.activity"].with_context(mail_activity_quick_update=True),
            [
                {
                    "res_model_id": model_id,
                    "res_id": followup.contract_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": followup.next_action or default_summary,
                    "date_deadline": followup.next_date,
                    "user_id": followup.user_id.id,
                    "automated": True,
                }
                for followup in todo
            ],
        )
        for followup, activity in zip(todo, activities, strict=True):
            internal_context(followup, SYNC).activity_id = activity
        return None


def end_from_term(start, months):
    """The last day of a term of ``months`` months from ``start`` (a 12-month term from
    2026-01-01 ends on 2026-12-31)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = start.day
    while True:
        try:
            return start.replace(year=year, month=month, day=day) - timedelta(days=1)
        except ValueError:
            day -= 1


def _with_chinese_template(templates, label, path):
    """The English template first (lang 'en'), then the Chinese one (lang 'zh')."""
    result = [dict(template, lang=template.get("lang", "en")) for template in templates]
    result.append({"label": label, "template": path, "lang": "zh"})
    return result
