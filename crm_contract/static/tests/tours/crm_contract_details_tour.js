import { registry } from "@web/core/registry";

const DOCUMENT_BUTTONS = [
    "action_cancel",
    "action_contract_send",
    "action_print",
    "action_preview_contract",
];
const withoutDocumentButtons = DOCUMENT_BUTTONS.map(
    (name) => `:not(:has(button[name=${name}]))`
).join("");

/**
 * A new, unsaved contract: its header offers no Cancel, Send by Email, Print or Preview
 * (there is nothing to cancel, send, print or preview yet), and on a phone the customer
 * is shown once. Runs on both screen sizes (a phone lists the header's buttons in the
 * form's action menu).
 */
registry.category("web_tour.tours").add("crm_contract_new_form_tour", {
    steps: () => [
        {
            isActive: ["desktop"],
            content: "The header is there (Add Follow-up Record)",
            trigger: ".o_form_view .o_form_statusbar button[name=action_add_followup]",
        },
        {
            isActive: ["desktop"],
            content: "No Cancel, Send, Print or Preview on an unsaved contract",
            trigger: `.o_form_view .o_form_statusbar${withoutDocumentButtons}`,
        },
        {
            isActive: ["mobile"],
            content: "Open the actions of the form",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "The header's buttons are listed (Add Follow-up Record)",
            trigger: ".o-dropdown--menu button[name=action_add_followup]",
        },
        {
            isActive: ["mobile"],
            content: "No Cancel, Send, Print or Preview on an unsaved contract",
            trigger: `.o-dropdown--menu${withoutDocumentButtons}`,
        },
        {
            content: "The customer field shows one input, not two",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run() {
                const field = this.anchor.closest(".o_field_widget");
                const shown = [...field.querySelectorAll("input")].filter(
                    (input) => input.offsetParent !== null
                );
                if (shown.length !== 1) {
                    throw new Error(`The customer field shows ${shown.length} inputs`);
                }
            },
        },
    ],
});
