import { registry } from "@web/core/registry";
import { headerButtonSteps } from "./crm_contract_tour_utils";

/**
 * Undo Import by the salesperson who imported (own documents only): the import's form
 * offers Undo Import, which takes back the contracts the import created (an active one
 * among them, which the salesperson could not delete by hand). Run on desktop and on a
 * phone (375x667) by tests/test_import_undo_tour.py.
 */
registry.category("web_tour.tours").add("crm_contract_import_undo_tour", {
    steps: () => [
        {
            content: "The import is done: Undo Import is offered",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
        ...headerButtonSteps("action_undo", "Undo Import"),
        {
            content: "Confirm: delete what the import created",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The import is undone, and Undo is no longer offered",
            trigger:
                ".o_form_view:not(:has(button[name=action_undo])) .o_statusbar_status .o_arrow_button_current:contains(Undone)",
        },
    ],
});

/**
 * An import whose contracts were changed since: Undo Import is not offered, the form says
 * why (naming the contract).
 */
registry.category("web_tour.tours").add("crm_contract_import_undo_blocked_tour", {
    steps: () => [
        {
            content: "The reason is shown, naming the contract that has later records",
            trigger: ".o_form_view .alert-warning:contains(UNDO-TOUR-B-1)",
        },
        {
            trigger: ".o_form_view:not(:has(button[name=action_undo]))",
        },
    ],
});
