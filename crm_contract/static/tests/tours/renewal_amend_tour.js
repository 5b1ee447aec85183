import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { headerButtonSteps } from "./crm_contract_tour_utils";


/**
 * On an active contract: Renew (History tab) opens the draft renewal, whose amount is
 * changed before it is signed; then Amend raises the renewal's amount with an applied
 * amendment. Runs on both screen sizes.
 */
registry.category("web_tour.tours").add("crm_contract_renewal_amend_tour", {
    steps: () => [
        {
            content: "Open the History tab",
            trigger: ".o_form_view .o_notebook a.nav-link:contains(History)",
            run: "click",
        },
        {
            content: "Renew the contract",
            trigger: ".o_notebook button[name=action_renew]",
            run: "click",
        },
        {
            content: "The renewal opens as a draft, linked to the contract it renews",
            trigger: ".o_form_view .o_field_widget[name=previous_contract_id] input:value(/TOUR-RENEW-1/)",
        },
        {
            content: "The renewal starts the day after the old end date",
            trigger: ".o_field_widget[name=date_start] input:value(/2026/)",
        },
        {
            content: "Its amount can be changed before signing",
            trigger: ".o_field_widget[name=amount_total] input",
            run: "edit 12000",
        },
        ...stepUtils.saveForm(),
        ...headerButtonSteps("action_activate", "Sign the renewal"),
        {
            content: "Signed: the amount is now read-only (changed by amendments only)",
            trigger: ".o_field_widget[name=amount_total]:not(:has(input))",
        },
        {
            trigger: ".o_form_view .o_notebook a.nav-link:contains(History)",
            run: "click",
        },
        {
            content: "Amend the renewal",
            trigger: ".o_notebook button[name=action_amend]",
            run: "click",
        },
        {
            content: "Why the contract changes",
            trigger: ".o_form_view .o_field_widget[name=reason] textarea",
            run: "edit Two more sites covered",
        },
        {
            content: "No new amount yet: shown empty (not 0.00); left empty, the amount stays",
            trigger: ".o_form_view .o_field_widget[name=amount_total] input[placeholder=Unchanged]",
            run() {
                if (this.anchor.value !== "") {
                    throw new Error(`The New Amount starts as "${this.anchor.value}", not empty`);
                }
            },
        },
        {
            content: "The new amount",
            trigger: ".o_form_view .o_field_widget[name=amount_total] input",
            run: "edit 13500",
        },
        ...headerButtonSteps("action_apply", "Apply the amendment"),
        {
            content: "The amendment is applied and numbered after the renewal",
            trigger: ".o_form_view .o_field_widget[name=date_applied]",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains(-A1)",
        },
    ],
});
