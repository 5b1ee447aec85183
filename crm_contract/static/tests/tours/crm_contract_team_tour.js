import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * Transfers three contracts from the list to a new person in charge, keeping the
 * previous one as a team member who reads. Only selectors and data, no interface text:
 * the same tour runs in English and in Chinese. Desktop ticks the rows; a phone selects
 * the first row with a long touch, then taps the others.
 */
const NAMES = ["Transfer Tour A", "Transfer Tour B", "Transfer Tour C"];

function longTouch(element) {
    element.dispatchEvent(new TouchEvent("touchstart", { bubbles: true, cancelable: true }));
    return new Promise((resolve) =>
        setTimeout(() => {
            element.dispatchEvent(new TouchEvent("touchend", { bubbles: true, cancelable: true }));
            resolve();
        }, 1000)
    );
}

registry.category("web_tour.tours").add("crm_contract_transfer_tour", {
    steps: () => [
        {
            isActive: ["mobile"],
            content: "Phones open the kanban view: switch to the list",
            trigger: ".o_kanban_renderer .o_kanban_record",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_cp_switch_buttons button",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".dropdown-item:has(.oi-view-list)",
            run: "click",
        },
        ...NAMES.map((name) => ({
            isActive: ["desktop"],
            trigger: `.o_list_view .o_data_row:contains(${name}) .o_list_record_selector input`,
            run: "click",
        })),
        {
            isActive: ["mobile"],
            content: "A long touch selects the first contract",
            trigger: `.o_list_view .o_data_row:contains(${NAMES[0]})`,
            async run() {
                await longTouch(this.anchor);
            },
        },
        {
            isActive: ["mobile"],
            trigger: `.o_list_view .o_data_row.o_data_row_selected:contains(${NAMES[0]})`,
        },
        ...NAMES.slice(1).map((name) => ({
            isActive: ["mobile"],
            trigger: `.o_list_view .o_data_row:not(.o_data_row_selected):contains(${name})`,
            run: "click",
        })),
        {
            content: "Three contracts selected",
            trigger: ".o_list_view:has(.o_data_row_selected:nth-of-type(3))",
        },
        {
            isActive: ["mobile"],
            content: "A phone lists the list's buttons in the gear menu",
            trigger: ".o_control_panel button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: "button[name=action_open_transfer]",
            run: "click",
        },
        {
            content: "The dialog counts the contracts",
            trigger: ".modal .o_field_widget[name=contract_count]:contains(3)",
        },
        {
            isActive: ["desktop"],
            trigger: ".modal .o_field_widget[name=user_id] input",
            run: "edit Nora New",
        },
        {
            isActive: ["desktop"],
            trigger: ".o-autocomplete--dropdown-item a:contains(Nora New)",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_field_widget[name=user_id] input",
            run: "click",
        },
        ...stepUtils.mobileKanbanSearchMany2X("New Person in Charge", "Nora New"),
        {
            trigger: ".modal .o_field_widget[name=user_id] input:value(Nora New)",
        },
        {
            content: "The previous person in charge stays, as a member who reads",
            trigger: ".modal .o_field_widget[name=previous_owner_access] input[data-value=read]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=previous_owner_access] input[data-value=read]:checked",
        },
        {
            trigger: ".modal button[name=action_transfer]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The contracts are still listed: their previous owner reads them",
            trigger: `.o_list_view .o_data_row:contains(${NAMES[2]})`,
        },
    ],
});
