import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { openContractsMenuSteps } from "./crm_contract_tour_utils";

/**
 * Sets a salesperson's target for the year by typing the year's total (shared over the
 * twelve months when saved), then opens the achievement pivot and finds the salesperson in
 * it. On desktop the targets are a grid (an editable list); a phone opens them as cards and
 * adds one in the form. Only selectors and data, no interface text: the same tour runs in
 * English and in Chinese.
 */
const SELLER = "Tara Target";

registry.category("web_tour.tours").add("crm_contract_target_tour", {
    url: "/odoo",
    steps: () => [
        ...openContractsMenuSteps("crm_contract.crm_contract_target_menu"),
        // desktop: a row of the grid
        {
            isActive: ["desktop"],
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=user_id] input",
            run: `edit ${SELLER}`,
        },
        {
            isActive: ["desktop"],
            trigger: `.o-autocomplete--dropdown-item a:contains(${SELLER})`,
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=target_year] input",
            run: "edit 12000",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_list_view .o_list_button_save",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "The year's total is shared over the months",
            trigger: `.o_data_row:not(.o_selected_row):contains(${SELLER}) .o_data_cell[name=target_12]:contains(1,000.00)`,
        },
        // phone: the cards, then the form
        {
            isActive: ["mobile"],
            trigger: ".o_kanban_view .o-kanban-button-new",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_form_view .o_field_widget[name=user_id] input",
            run: "click",
        },
        ...stepUtils.mobileKanbanSearchMany2X("Salesperson", SELLER),
        {
            isActive: ["mobile"],
            trigger: `.o_form_view .o_field_widget[name=user_id] input:value(${SELLER})`,
        },
        {
            isActive: ["mobile"],
            trigger: ".o_form_view .o_field_widget[name=target_year] input",
            run: "edit 12000",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "The year's total is shared over the months",
            trigger: ".o_form_view .o_field_widget[name=target_12] input:value(1,000.00)",
        },
        // the achievement pivot, on both
        ...openContractsMenuSteps("crm_contract.crm_contract_target_report_menu"),
        {
            content: "The salesperson's row in the achievement pivot",
            trigger: `.o_pivot_view .o_pivot th:contains(${SELLER})`,
        },
        {
            content: "With figures",
            trigger: ".o_pivot_view .o_pivot td.o_pivot_cell_value:not(:empty)",
        },
    ],
});
