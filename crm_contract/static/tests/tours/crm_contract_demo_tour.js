import { registry } from "@web/core/registry";

/**
 * Opens a demo contract that has contacts, follow-ups, instalments and receipts, visits
 * every tab and opens the Register Payment dialog without saving anything. Only selectors,
 * no English text: the same tour runs with the user's language set to Chinese. Desktop
 * shows the one2many fields as lists, a phone as cards.
 */
function tabSteps(page, field, { rows, cardCheck = "" }) {
    return [
        {
            content: `Open the ${page} tab`,
            trigger: `.o_form_view .o_notebook_headers a[name=${page}]`,
            run: "click",
        },
        {
            trigger: `.o_form_view .o_notebook_headers a.active[name=${page}]`,
        },
        {
            isActive: ["desktop"],
            trigger: `.o_field_widget[name=${field}] .o_data_row:nth-child(${rows})`,
        },
        {
            isActive: ["mobile"],
            trigger: `.o_field_widget[name=${field}] .o_kanban_record:not(.o_kanban_ghost):nth-child(${rows})${cardCheck}`,
        },
    ];
}

registry.category("web_tour.tours").add("crm_contract_demo_contract_tour", {
    steps: () => [
        {
            content: "The demo contract is open",
            trigger: ".o_form_view .o_field_widget[name=number] input:value(/^CT\\//)",
        },
        ...tabSteps("contacts", "contact_ids", { rows: 1, cardCheck: ":has(.badge)" }),
        ...tabSteps("followups", "followup_ids", {
            rows: 2,
            cardCheck: " .o_crm_contract_followup_text",
        }),
        ...tabSteps("payment_plans", "payment_plan_ids", {
            rows: 4,
            cardCheck: " .o_crm_contract_card_residual .o_field_monetary",
        }),
        {
            isActive: ["mobile"],
            content: "Instalment cards label their two amounts",
            trigger: ".o_field_widget[name=payment_plan_ids] .o_kanban_record:first-child .o_crm_contract_card_amount .o_field_monetary",
        },
        ...tabSteps("payments", "payment_ids", { rows: 2 }),
        {
            content: "No blank receipt line can be added in the contract: Register Payment does it",
            trigger: ".o_field_widget[name=payment_ids]:not(:has(.o_field_x2many_list_row_add, .o-kanban-button-new))",
        },
        {
            isActive: ["desktop"],
            content: "A receipt opens in a dialog",
            trigger: ".o_field_widget[name=payment_ids] .o_data_row:first-child .o_data_cell[name=number]",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "A receipt opens in a dialog",
            trigger: ".o_field_widget[name=payment_ids] .o_kanban_record:first-child",
            run: "click",
        },
        {
            trigger: ".modal .o_form_view .o_field_widget[name=number]",
        },
        {
            trigger: ".modal .o_form_button_cancel",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_notebook button[name=action_register_payment]",
            run: "click",
        },
        {
            content: "The contract is given, read-only",
            trigger: ".modal .o_field_widget[name=contract_id].o_readonly_modifier",
        },
        {
            isActive: ["desktop"],
            content: "The cursor is in the amount",
            trigger: ".modal .o_field_widget[name=amount] input:focus",
        },
        {
            content: "Discard the receipt",
            trigger: ".modal button[special=cancel]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Terms and notes",
            trigger: ".o_form_view .o_notebook_headers a[name=description]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=description]",
        },
        {
            content: "Nothing was changed",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
