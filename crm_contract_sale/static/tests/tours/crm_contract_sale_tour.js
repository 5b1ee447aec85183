import { registry } from "@web/core/registry";
import { headerButtonSteps } from "@crm_contract/../tests/tours/crm_contract_tour_utils";

/**
 * A quotation becomes a contract without retyping: the salesperson confirms it, clicks
 * Create Contract and lands on the new draft contract with the order's customer, amount
 * and instalments; back to the order through the smart buttons (desktop). Run on desktop
 * and on a phone (375x667) by tests/test_sale_tour.py.
 */
registry.category("web_tour.tours").add("crm_contract_sale_tour", {
    steps: () => [
        {
            content: "The quotation",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Quotation)",
        },
        ...headerButtonSteps("action_confirm", "Confirm the quotation"),
        {
            content: "Confirmed: a sales order",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Sales Order)",
        },
        ...headerButtonSteps("action_create_contract", "Create Contract"),
        {
            content: "The new contract, a draft",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Draft)",
        },
        {
            content: "with the order's customer",
            trigger:
                ".o_form_view:has(.o_field_widget[name=customer_signer_id]) .o_field_widget[name=partner_id] input:value(Tour Sale Customer)",
        },
        {
            content: "The amount of the order's lines, without taxes",
            trigger: ".o_form_view .o_field_widget[name=amount_total]:contains(1,500.00)",
        },
        {
            content: "The instalments of the payment terms",
            trigger: ".o_form_view .o_notebook a.nav-link:contains(Payment Plans)",
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name=payment_plan_ids] .o_data_row:contains(450.00)",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name=payment_plan_ids] .o_data_row:contains(1,050.00)",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_field_widget[name=payment_plan_ids] .o_kanban_record:contains(1,050.00)",
        },
        {
            isActive: ["desktop"],
            content: "Back to the order through the Orders smart button",
            trigger: ".o_form_view button[name=action_view_sale_orders]:contains(Orders)",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "The order shows its contract",
            trigger: ".o_form_view button[name=action_view_contract]",
        },
    ],
});
