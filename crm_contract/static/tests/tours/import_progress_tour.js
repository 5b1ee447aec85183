import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

/**
 * The form of a background import follows its progress without a reload: opened while the
 * import waits, it shows the progress bar; the scheduled job then imports the file (run
 * here by the administrator's "Run Manually"), and the same page moves on to Done with the
 * result. Run on desktop and on a phone (375x667) by tests/test_import_progress_tour.py.
 */
registry.category("web_tour.tours").add("crm_contract_import_progress_tour", {
    steps: () => [
        {
            content: "The import waits: its progress bar is shown",
            trigger: ".o_form_view .o_field_widget[name=rows_done] .o_progressbar",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Waiting)",
        },
        {
            content: "The scheduled job imports the file (Run Manually)",
            trigger: ".o_form_view .o_field_widget[name=rows_done] .o_progressbar",
            run: async function () {
                const [cron] = await rpc("/web/dataset/call_kw/ir.model.data/search_read", {
                    model: "ir.model.data",
                    method: "search_read",
                    args: [
                        [
                            ["module", "=", "crm_contract"],
                            ["name", "=", "ir_cron_crm_contract_import"],
                        ],
                        ["res_id"],
                    ],
                    kwargs: {},
                });
                await rpc("/web/dataset/call_kw/ir.cron/method_direct_trigger", {
                    model: "ir.cron",
                    method: "method_direct_trigger",
                    args: [[cron.res_id]],
                    kwargs: {},
                });
            },
        },
        {
            content: "The page shows the import done, without a reload",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Done)",
            timeout: 20000,
        },
        {
            trigger: ".o_form_view .o_field_widget[name=result_summary]:contains(3)",
        },
        {
            content: "The progress bar is gone",
            trigger: ".o_form_view:not(:has(.o_progressbar))",
        },
    ],
});
