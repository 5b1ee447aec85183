import { registry } from "@web/core/registry";
import { headerButtonSteps } from "@crm_contract/../tests/tours/crm_contract_tour_utils";

/**
 * An amendment raising a contract of 1,000 to 2,000,000 meets the contract tier of 100,000
 * or more: the salesperson requests validation instead of applying it, the manager
 * validates, the salesperson applies it. Run on desktop and on a phone (375x667) by
 * tests/test_amendment_approval_tour.py, one tour per user.
 */
registry.category("web_tour.tours").add("crm_contract_amendment_request_tour", {
    steps: () => [
        {
            isActive: ["desktop"],
            content: "No Apply before approval: Request Validation instead",
            trigger:
                ".o_form_statusbar:not(:has(button[name=action_apply])) button[name=action_request_validation]",
        },
        ...headerButtonSteps("action_request_validation", "Request Validation"),
        {
            trigger: ".o_notification:contains(Approval requested from)",
        },
        {
            content: "The amendment waits for the manager",
            trigger: ".o_form_view .alert-warning:contains(needs approval)",
        },
    ],
});

registry.category("web_tour.tours").add("crm_contract_amendment_approve_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .alert-warning button[name=validate_tier]",
            run: "click",
        },
        {
            trigger: ".o_form_view .alert-success:contains(Approved)",
        },
    ],
});

registry.category("web_tour.tours").add("crm_contract_amendment_apply_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .alert-success:contains(Approved)",
        },
        ...headerButtonSteps("action_apply", "Apply the amendment"),
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Applied)",
        },
    ],
});
