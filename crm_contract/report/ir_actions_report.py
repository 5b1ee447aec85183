from odoo import models

# Reports whose layout (report_crm_contract_layout) prints the company's header and footer
# in the page body, so that they appear with any wkhtmltopdf build (Debian's 0.12.6, built
# without the patched Qt, ignores --header-html, --footer-html and --header-spacing, and
# logs a warning for each).
BODY_LAYOUT_REPORTS = (
    "crm_contract.report_crm_contract",
    "crm_contract.report_crm_contract_statement",
)
BODY_LAYOUT = "data-report-crm-contract-body-layout"
BODY_LAYOUT_MARGIN = "12"  # mm above and below the page body (no header or footer page)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _prepare_html(self, html, report_model=False):
        """No separate header and footer pages for the contract reports (theirs are in the
        page body): wkhtmltopdf gets neither --header-html nor --footer-html, and small
        top and bottom margins."""
        result = super()._prepare_html(html, report_model=report_model)
        if self.report_name not in BODY_LAYOUT_REPORTS or not result:
            return result
        bodies, res_ids, _header, _footer, specific_paperformat_args = result
        specific_paperformat_args = dict(
            specific_paperformat_args,
            **{
                BODY_LAYOUT: "1",
                "data-report-margin-top": BODY_LAYOUT_MARGIN,
                "data-report-margin-bottom": BODY_LAYOUT_MARGIN,
            },
        )
        return bodies, res_ids, "", "", specific_paperformat_args

    def _build_wkhtmltopdf_args(
        self, paperformat_id, landscape, specific_paperformat_args=None, set_viewport_size=False
    ):
        args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        if (specific_paperformat_args or {}).get(BODY_LAYOUT) and "--header-spacing" in args:
            index = args.index("--header-spacing")
            del args[index : index + 2]  # the spacing of a header page there is none of
        return args
