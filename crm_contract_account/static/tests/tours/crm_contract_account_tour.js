import { registry } from "@web/core/registry";
import { headerButtonSteps } from "@crm_contract/../tests/tours/crm_contract_tour_utils";

/**
 * An instalment becomes an invoice, its payment is registered in accounting, and the
 * contract's Received figure follows: the billing user opens a signed contract, clicks
 * Create Invoice on its instalment (the row's button on desktop, the header's on a phone),
 * confirms the invoice, registers its payment with accounting's wizard and goes back to the
 * contract. Run on desktop and on a phone (375x667) by tests/test_account_tour.py.
 */
registry.category("web_tour.tours").add("crm_contract_account_tour", {
    steps: () => [
        {
            content: "The signed contract, nothing received yet",
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour invoicing)",
        },
        {
            content: "Its instalments",
            trigger: ".o_form_view .o_notebook a.nav-link:contains(Payment Plans)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=amount_received]:contains(0.00)",
        },
        {
            isActive: ["desktop"],
            content: "Create Invoice on the instalment",
            trigger:
                ".o_field_widget[name=payment_plan_ids] .o_data_row:contains(1,150.00) button[name=action_create_invoices]",
            run: "click",
        },
        // on a phone, the instalments are cards: the header's Create Invoice
        ...headerButtonSteps("action_create_invoices", "Create Invoice").filter(
            (step) => !step.isActive.includes("desktop")
        ),
        {
            content: "A draft invoice of the contract's customer",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Draft)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Tour Invoicing Ltd)",
        },
        {
            content: "for the instalment's amount",
            trigger: ".o_form_view .o_field_widget[name=tax_totals]:contains(1,150.00)",
        },
        ...headerButtonSteps("action_post", "Confirm the invoice"),
        {
            content: "Posted",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Posted)",
        },
        ...headerButtonSteps("action_register_payment", "Register Payment"),
        {
            content: "Accounting's payment register, for the whole invoice",
            trigger: ".modal .o_field_widget[name=amount] input:value(/1,150.00/)",
        },
        {
            trigger: ".modal button[name=action_create_payments]",
            run: "click",
        },
        {
            content: "The invoice is paid",
            trigger: ".o_form_view .ribbon:contains(Paid), .o_form_view .ribbon:contains(In Payment)",
        },
        {
            content: "Back to the contract",
            trigger: ".o_back_button",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook a.nav-link:contains(Payment Plans)",
            run: "click",
        },
        {
            content: "The contract's Received figure follows accounting",
            trigger: ".o_form_view .o_field_widget[name=amount_received]:contains(1,150.00)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=invoice_status]:contains(Fully Invoiced)",
        },
    ],
});
