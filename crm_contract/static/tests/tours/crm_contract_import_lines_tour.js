import { registry } from "@web/core/registry";
import { openContractsMenuSteps } from "./crm_contract_tour_utils";

// A WukongCRM-like file: one row per product line, the contract's columns left empty on
// its following rows.
const CSV = [
    "合同编号,合同名称,客户名称,产品名称,产品编码,数量,单价,折扣,单位,合同金额",
    "TOUR-LN-1,网络改造,Tour Lines Ltd,路由器,,2,800,,台,2300",
    ",,,,TL-SRV,1,700,,个,",
    "TOUR-LN-2,机房维护,Tour Lines Ltd,,TL-SRV,3,,10%,个,1890",
].join("\n");

/**
 * Contracts > Import Contracts, in Chinese: uploads a file of contracts with product lines,
 * checks that the product columns are matched, imports it, then opens the imported
 * contracts. Elements are found by field names, not by their (translated) labels.
 */
registry.category("web_tour.tours").add("crm_contract_import_lines_tour", {
    url: "/odoo",
    steps: () => [
        ...openContractsMenuSteps("crm_contract.crm_contract_import_menu"),
        {
            content: "Upload the file",
            trigger: ".modal .o_field_widget[name=file] input[type=file]:not(:visible)",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(new File([CSV], "tour_lines.csv", { type: "text/csv" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".modal .o_field_widget[name=file] input.o_input:value(tour_lines.csv)",
        },
        {
            content: "The options of the lines are offered",
            trigger: ".modal .o_field_widget[name=amount_mismatch] input[data-value=refuse]:checked",
        },
        {
            trigger: ".modal .o_field_widget[name=create_missing_products] input",
        },
        {
            trigger: ".modal button[name=action_load]",
            run: "click",
        },
        {
            content: "The product columns are read",
            trigger:
                ".modal .o_field_widget[name=column_ids] .o_data_row:contains(产品编码), " +
                ".modal .o_field_widget[name=column_ids] .o_kanban_record:contains(产品编码)",
        },
        {
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "Imported without problems",
            trigger: ".modal .alert-success",
        },
        {
            trigger: ".modal:not(:has(.o_field_widget[name=error_line_ids]))",
        },
        {
            content: "Open the imported contracts",
            trigger: ".modal button[name=action_view_records]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o_data_row:contains(TOUR-LN-2), body:not(:has(.modal)) .o_kanban_record:contains(TOUR-LN-2)",
        },
    ],
});
