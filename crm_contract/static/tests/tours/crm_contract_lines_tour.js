import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * Adds product lines to a draft contract in its Products tab: a section, a product with a
 * quantity and an order-discount line (a negative unit price), then saves; the amount is
 * the lines' sum. Desktop edits the rows of the list; a phone adds the lines from the
 * cards, each in a dialog.
 */
const LINES = ".o_field_widget[name=line_ids]";

function productSteps(row, product, quantity, price) {
    return [
        // desktop: a row of the list
        {
            isActive: ["desktop"],
            trigger: `${LINES} .o_field_x2many_list_row_add a:contains(Add a product)`,
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "The new row is the one edited",
            trigger: `${LINES} .o_data_row:nth-child(${row}).o_selected_row .o_field_widget[name=product_id] input:value()`,
            run: `edit ${product}`,
        },
        {
            isActive: ["desktop"],
            trigger: `.o-autocomplete--dropdown-item a:contains(${product})`,
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: `${LINES} .o_data_row.o_selected_row .o_field_widget[name=quantity] input`,
            run: `edit ${quantity}`,
        },
        {
            isActive: ["desktop"],
            trigger: `${LINES} .o_data_row.o_selected_row .o_field_widget[name=price_unit] input`,
            run: `edit ${price}`,
        },
        // phone: a dialog from the cards
        {
            isActive: ["mobile"],
            trigger: `${LINES} .o_cp_buttons button:contains(Add product)`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_field_widget[name=product_id] input",
            run: "click",
        },
        ...stepUtils.mobileKanbanSearchMany2X("Product", product),
        {
            isActive: ["mobile"],
            trigger: `.modal .o_field_widget[name=product_id] input:value(${product})`,
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_field_widget[name=quantity] input",
            run: `edit ${quantity}`,
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_field_widget[name=price_unit] input",
            run: `edit ${price}`,
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: `body:not(:has(.modal)) ${LINES} .o_kanban_record:contains(${product})`,
        },
    ];
}

registry.category("web_tour.tours").add("crm_contract_lines_tour", {
    steps: () => [
        {
            trigger: ".o_notebook_headers a[name=products]",
            run: "click",
        },
        // A section.
        {
            isActive: ["desktop"],
            trigger: `${LINES} .o_field_x2many_list_row_add a:contains(Add a section)`,
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: `${LINES} .o_data_row.o_is_line_section .o_field_widget[name=name] input`,
            run: "edit Tour Furniture",
        },
        {
            isActive: ["mobile"],
            trigger: `${LINES} .o_cp_buttons button:contains(Add section)`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_field_widget[name=name] textarea",
            run: "edit Tour Furniture",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: `body:not(:has(.modal)) ${LINES} .o_kanban_record:contains(Tour Furniture)`,
        },
        ...productSteps(2, "Tour Desk", "3", "500"),
        ...productSteps(3, "Discount", "1", "-100"),
        ...stepUtils.saveForm(),
        {
            content: "The amount is the sum of the lines, read only",
            trigger: ".o_field_widget[name=amount_total]:not(:has(input)):contains(1,400.00)",
        },
        {
            isActive: ["desktop"],
            trigger: `${LINES} .o_data_row.o_is_line_section:contains(Tour Furniture)`,
        },
        {
            isActive: ["mobile"],
            trigger: `${LINES} .o_kanban_record:contains(Tour Desk):contains(1,500.00)`,
        },
    ],
});
