import { registry } from "@web/core/registry";

/**
 * On an active contract of 1,200: generates three instalments with the wizard, registers a
 * payment for the first one from the Payment Plans tab and sees the collected share go to
 * 33%. Runs on both screen sizes (list of instalments on desktop, kanban on a phone).
 */
registry.category("web_tour.tours").add("crm_contract_payment_tour", {
    steps: () => [
        {
            content: "Open the Payment Plans tab",
            trigger: ".o_form_view .o_notebook a.nav-link:contains(Payment Plans)",
            run: "click",
        },
        {
            content: "Nothing is planned yet",
            trigger: ".o_field_widget[name=payment_state]:contains(Not Planned)",
        },
        {
            trigger: ".o_notebook button[name=action_generate_payment_plan]",
            run: "click",
        },
        {
            content: "Three instalments",
            trigger: ".modal .o_field_widget[name=count] input",
            run: "edit 3",
        },
        {
            content: "The wizard previews the third instalment",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:nth-child(3)",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:not(:nth-child(4))",
        },
        {
            trigger: ".modal button[name=action_generate_close]",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Three instalments in the list",
            trigger: ".o_field_widget[name=payment_plan_ids] .o_data_row:nth-child(3):contains(400.00)",
        },
        {
            isActive: ["mobile"],
            content: "Three instalments as cards",
            trigger: ".o_field_widget[name=payment_plan_ids] .o_kanban_record:nth-child(3):contains(400.00)",
        },
        {
            trigger: ".o_field_widget[name=payment_state]:contains(On Track)",
        },
        {
            content: "Register a payment",
            trigger: ".o_notebook button.btn-primary[name=action_register_payment]",
            run: "click",
        },
        {
            content: "The receipt is prefilled with the first instalment",
            trigger: ".modal .o_field_widget[name=amount] input:value(400.00)",
        },
        {
            trigger: ".modal .o_field_widget[name=reference] input",
            run: "edit TOUR-REF-1",
        },
        {
            trigger: ".modal button[name=action_confirm_close]",
            run: "click",
        },
        {
            content: "The progress changed",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=payment_progress]:contains(33)",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name=payment_plan_ids] .o_data_row:first-child:contains(Paid)",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_field_widget[name=payment_plan_ids] .o_kanban_record:first-child:contains(Paid)",
        },
    ],
});
