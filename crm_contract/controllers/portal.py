"""Customer portal of the contracts, as sale's: /my/contracts (the contracts of the portal
user's commercial partner) and /my/contracts/<id> (terms, schedule, receipts, PDF, chatter
and the online signature). Portal and public users have no access right on the addon's
models: the pages read the records they show with sudo, once the controller has checked
the visitor (the customer's own portal user, or the holder of the contract's token)."""

import binascii

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq

CONTRACT_REPORTS = {
    "contract": "crm_contract.crm_contract_action_report_contract",
    "statement": "crm_contract.crm_contract_action_report_statement",
}


class ContractCustomerPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "contract_count" in counters:
            values["contract_count"] = (
                request.env["crm.contract"].sudo().search_count(self._contracts_domain())
            )
        return values

    def _contracts_domain(self):
        """The contracts the logged-in user sees on the portal: his commercial partner's,
        of the companies he belongs to, cancelled ones excepted."""
        user = request.env.user
        if user._is_public():
            return [("id", "=", False)]
        return [
            ("commercial_partner_id", "=", user.partner_id.commercial_partner_id.id),
            ("company_id", "in", user.company_ids.ids),
            ("state", "!=", "cancelled"),
        ]

    def _contract_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Signing Date"), "order": "date_signed desc, id desc"},
            "number": {"label": request.env._("Contract No."), "order": "number desc, id desc"},
            "name": {"label": request.env._("Name"), "order": "name, id"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
        }

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_contracts(self, page=1, sortby=None, **kw):
        Contract = request.env["crm.contract"].sudo()
        domain = self._contracts_domain()
        sortings = self._contract_searchbar_sortings()
        if sortby not in sortings:
            sortby = "date"
        pager = portal_pager(
            url="/my/contracts",
            total=Contract.search_count(domain),
            page=page,
            step=self._items_per_page,
            url_args={"sortby": sortby},
        )
        contracts = Contract.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_contracts_history"] = contracts.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "contracts": contracts,
                "page_name": "contract",
                "pager": pager,
                "default_url": "/my/contracts",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("crm_contract.portal_my_contracts", values)

    def _is_own_contract(self, contract_sudo):
        """Whether the logged-in portal user is the contract's customer (of its company)."""
        user = request.env.user
        return bool(
            not user._is_public()
            and user.share
            and contract_sudo.filtered_domain(self._contracts_domain())
        )

    def _contract_check_access(self, contract_id, access_token=None):
        """The contract (sudo) when the visitor may see it: its customer's portal user, a
        user who may read it, or the holder of its access token. Else AccessError or
        MissingError."""
        contract_sudo = request.env["crm.contract"].sudo().browse(contract_id).exists()
        if not contract_sudo:
            raise MissingError(request.env._("This contract does not exist."))
        if self._is_own_contract(contract_sudo):
            return contract_sudo
        return self._document_check_access("crm.contract", contract_id, access_token=access_token)

    @http.route(["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True)
    def portal_contract_page(
        self, contract_id, access_token=None, report_type=None, report=None, download=False, **kw
    ):
        try:
            contract_sudo = self._contract_check_access(contract_id, access_token)
        except (AccessError, MissingError) as exc:
            raise NotFound() from exc
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=contract_sudo,
                report_type=report_type,
                report_ref=CONTRACT_REPORTS.get(report, CONTRACT_REPORTS["contract"]),
                download=download,
            )
        # the page's chatter and signature form authenticate with the token
        token = access_token or contract_sudo._portal_ensure_token()
        values = {
            "contract": contract_sudo,
            "message": kw.get("message"),
            "report_type": "html",
            "backend_url": f"/odoo/action-{contract_sudo._get_portal_return_action().id}/"
            f"{contract_sudo.id}",
            "res_company": contract_sudo.company_id,
            "signed_copy_url": self._signed_copy_url(contract_sudo),
            "signed_pdf_url": self._attachment_url(contract_sudo.signed_pdf_id),
            "statement": contract_sudo._statement_values(),
        }
        values = self._get_page_view_values(
            contract_sudo, token, values, "my_contracts_history", False, **kw
        )
        return request.render("crm_contract.crm_contract_portal_template", values)

    def _signed_copy_url(self, contract_sudo):
        return self._attachment_url(contract_sudo.signed_copy_id)

    def _attachment_url(self, attachment):
        """The download link of a file of the contract (the signed copy, the signed PDF)."""
        if not attachment:
            return False
        token = attachment.sudo().generate_access_token()[0]
        return f"/web/content/{attachment.id}?access_token={token}&download=true"

    def _contract_check_signing(self, contract_id, access_token):
        """The contract (sudo) the visitor may sign: the contract's token is required, and a
        logged-in portal user must be its customer's, of its company."""
        contract_sudo = request.env["crm.contract"].sudo().browse(contract_id).exists()
        if not contract_sudo:
            raise MissingError(request.env._("This contract does not exist."))
        if (
            not access_token
            or not contract_sudo.access_token
            or not consteq(contract_sudo.access_token, access_token)
        ):
            raise AccessError(request.env._("Invalid or missing access token."))
        user = request.env.user
        if user.share and not user._is_public() and not self._is_own_contract(contract_sudo):
            raise AccessError(request.env._("This contract is not one of your company's."))
        return contract_sudo

    @http.route(["/my/contracts/<int:contract_id>/sign"], type="json", auth="public", website=True)
    def portal_contract_sign(self, contract_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            contract_sudo = self._contract_check_signing(contract_id, access_token)
        except (AccessError, MissingError):
            return {"error": request.env._("Invalid contract.")}
        if not contract_sudo._has_to_be_signed():
            return {"error": request.env._("This contract is not waiting for your signature.")}
        if not signature:
            return {"error": request.env._("Signature is missing.")}
        user = request.env.user
        signer = contract_sudo.partner_id if user._is_public() else user.partner_id
        try:
            with request.env.cr.savepoint():
                contract_sudo._sign_online(name, signature, signer=signer)
        except (TypeError, binascii.Error):
            return {"error": request.env._("Invalid signature data.")}
        except (UserError, ValidationError) as exc:
            return {"error": str(exc)}
        return {
            "force_refresh": True,
            "redirect_url": contract_sudo.get_portal_url(query_string="&message=sign_ok"),
        }
