import { registry } from "@web/core/registry";
import { openContractsMenuSteps } from "./crm_contract_tour_utils";

const CSV = [
    "合同编号,合同名称,客户名称,合同金额,合同开始时间,合同结束时间",
    "TOUR-IMP-1,Tour import one,Tour Harbour Ltd,\"1,250.00\",2026-01-01,2026-12-31",
    "TOUR-IMP-2,Tour import two,Tour Harbour Ltd,¥800,2026年2月1日,2027年1月31日",
].join("\n");

/**
 * Contracts > Import Contracts: uploads a small CSV with Chinese headers, checks the
 * proposed matches, runs a test, imports, then opens the imported contracts.
 */
registry.category("web_tour.tours").add("crm_contract_import_tour", {
    url: "/odoo",
    steps: () => [
        ...openContractsMenuSteps("crm_contract.crm_contract_import_menu"),
        {
            content: "Upload the file",
            trigger: ".modal .o_field_widget[name=file] input[type=file]:not(:visible)",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(new File([CSV], "tour_contracts.csv", { type: "text/csv" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".modal .o_field_widget[name=file] input.o_input:value(tour_contracts.csv)",
        },
        {
            trigger: ".modal button[name=action_load]",
            run: "click",
        },
        {
            content: "The Chinese headers are matched",
            trigger: ".modal .o_field_widget[name=column_ids] :contains(客户名称):contains(Customer)",
        },
        {
            trigger: ".modal button[name=action_test]",
            run: "click",
        },
        {
            content: "The test run would create both contracts",
            trigger: ".modal .o_field_widget[name=result_summary]:contains(2 created)",
        },
        {
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            trigger: ".modal .alert-success:contains(Import done)",
        },
        {
            content: "The headline counts the rows",
            trigger: ".modal .o_field_widget[name=result_summary]:contains(2 created)",
        },
        {
            content: "Open the imported contracts",
            trigger: ".modal button[name=action_view_records]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:contains(TOUR-IMP-2)",
        },
    ],
});
