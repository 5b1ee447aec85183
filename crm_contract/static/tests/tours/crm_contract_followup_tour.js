import { registry } from "@web/core/registry";

/**
 * On a contract: adds a follow-up record with a next contact date through the
 * "Add Follow-up Record" dialog, then adds a new contact person in the Contacts tab
 * (an editable line on desktop, a dialog on a phone) and saves.
 */
registry.category("web_tour.tours").add("crm_contract_followup_contact_tour", {
    steps: () => [
        {
            content: "Open the Follow-ups tab",
            trigger: ".o_notebook_headers a[name=followups]",
            run: "click",
        },
        {
            trigger: ".o_notebook button[name=action_add_followup]",
            run: "click",
        },
        {
            content: "The quick form opens in a dialog",
            trigger: ".modal .o_field_widget[name=followup_type_id] select",
            run: "selectByLabel Visit",
        },
        {
            content: "The follow-up text has a label",
            trigger: ".modal .o_form_label:contains(Follow-up Details)",
        },
        {
            content: "Saved without its text...",
            trigger: ".modal footer button.btn-primary:contains(Save)",
            run: "click",
        },
        {
            content: "...the text is marked invalid and the dialog stays",
            trigger: ".modal .o_field_widget[name=description].o_field_invalid",
        },
        {
            trigger: ".modal .o_field_widget[name=description] .odoo-editor-editable",
            run: "editor Agreed to renew for two more years",
        },
        {
            trigger: ".modal .o_field_widget[name=next_action] input",
            run: "edit Send the renewal offer",
        },
        {
            trigger: ".modal .o_field_widget[name=next_date] input",
            run: "edit 06/15/2027",
        },
        {
            trigger: ".modal .o_field_widget[name=next_action] input",
            run: "click",
        },
        {
            trigger: ".modal footer button.btn-primary:contains(Save)",
            run: "click",
        },
        {
            content: "The follow-up is listed on the contract",
            trigger: ".o_field_widget[name=followup_ids] :contains(Agreed to renew)",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        // Contacts tab: a new person, created under the customer.
        {
            trigger: ".o_notebook_headers a[name=contacts]",
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name=contact_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name=contact_ids] .o_data_row .o_field_widget[name=partner_id] input",
            run: "edit Nina Newcomer",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_m2o_dropdown_option_create a",
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name=contact_ids] .o_data_row .o_field_widget[name=phone] input",
            run: "edit +1 555 0199",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_field_widget[name=contact_ids] .o-kanban-button-new",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Create a new person from the search dialog",
            trigger: ".modal:not(.o_inactive_modal) .o_create_button",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal:not(.o_inactive_modal) .o_field_widget[name=name] input",
            run: "edit Nina Newcomer",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal:not(.o_inactive_modal) .o_form_button_save",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_field_widget[name=partner_id] input:value(Nina Newcomer)",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_field_widget[name=phone] input",
            run: "edit +1 555 0199",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_field_widget[name=contact_ids] .o_kanban_record:contains(Nina Newcomer)",
        },
        {
            content: "Save the contract",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});
