import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { openContractsMenuSteps } from "./crm_contract_tour_utils";

/**
 * Opens Contracts from the CRM menu, creates a contract in the form, saves it and finds
 * it again in the list (desktop) or the kanban view (phone). Runs on both screen sizes.
 */
registry.category("web_tour.tours").add("crm_contract_create_tour", {
    url: "/odoo",
    steps: () => [
        ...openContractsMenuSteps("crm_contract.crm_contract_menu"),
        {
            isActive: ["desktop"],
            content: "Contracts open in the list view",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Contracts open in the kanban view on a phone",
            trigger: ".o_kanban_view .o-kanban-button-new",
            run: "click",
        },
        // The form, on both.
        {
            trigger: ".o_form_view .o_field_widget[name=name] textarea, .o_form_view .o_field_widget[name=name] input",
            run: "edit Tour supply agreement",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Harbour",
        },
        {
            isActive: ["desktop"],
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour Harbour Ltd)",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_field_widget[name=partner_id] input",
            run: "click",
        },
        ...stepUtils.mobileKanbanSearchMany2X("Customer", "Tour Harbour Ltd"),
        {
            trigger: ".o_field_widget[name=partner_id] input:value(Tour Harbour Ltd)",
        },
        {
            trigger: ".o_field_widget[name=amount_total] input",
            run: "edit 12500",
        },
        ...stepUtils.saveForm(),
        {
            content: "The contract got its number from the sequence",
            trigger: ".o_field_widget[name=number] input:value(/^CT\\//)",
        },
        {
            content: "Back to the contracts",
            trigger: ".o_back_button",
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_list_view .o_data_row:contains(Tour supply agreement)",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_kanban_view .o_kanban_record:contains(Tour supply agreement)",
        },
    ],
});
