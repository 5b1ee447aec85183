import { registry } from "@web/core/registry";

/**
 * The approval of a big contract in three tours, one per user (desktop and phone): the
 * salesperson requests validation, the sales manager validates, the salesperson signs. Each
 * starts on the contract's form; the buttons used are those of the form's sheet, which a
 * phone shows as they are (the header's buttons go into a menu there).
 */
registry.category("web_tour.tours").add("crm_contract_tier_request_tour", {
    steps: () => [
        {
            content: "The contract needs approval: no Sign button, Request Validation instead",
            trigger: ".o_form_view .o_crm_contract_tier_needed button[name=action_request_validation]",
            run: "click",
        },
        {
            content: "Request Validation says what it did",
            trigger: ".o_notification:contains(Approval requested from)",
        },
        {
            content: "Waiting for the reviewers",
            trigger: ".o_form_view .o_crm_contract_tier_pending:contains(Next approval)",
        },
        {
            content: "The salesperson cannot validate it",
            trigger: ".o_form_view:not(:has(button[name=validate_tier])):not(:has(.o_crm_contract_tier_needed))",
        },
        {
            content: "The approval tab lists the review",
            trigger: ".o_form_view .o_notebook a.nav-link:contains(Approval)",
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name=review_ids] .o_data_row:contains(Pending)",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_field_widget[name=review_ids] .o_kanban_record:contains(Pending)",
        },
    ],
});

registry.category("web_tour.tours").add("crm_contract_tier_approve_tour", {
    steps: () => [
        {
            content: "The manager validates",
            trigger: ".o_form_view .o_crm_contract_tier_pending button[name=validate_tier]",
            run: "click",
        },
        {
            content: "Approved",
            trigger: ".o_form_view .o_crm_contract_tier_validated",
        },
    ],
});

registry.category("web_tour.tours").add("crm_contract_tier_sign_tour", {
    steps: () => [
        {
            content: "Approved: the salesperson signs",
            trigger: ".o_form_view .o_crm_contract_tier_validated button[name=action_activate]",
            run: "click",
        },
        {
            content: "Signed: the contract is active",
            trigger: ".o_form_view:not(:has(.o_crm_contract_tier_validated)) .o_statusbar_status .o_arrow_button_current:contains(Active)",
        },
    ],
});
