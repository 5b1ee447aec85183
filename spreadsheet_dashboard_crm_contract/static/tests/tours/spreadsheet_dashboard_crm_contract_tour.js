import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { openContractsMenuSteps } from "@crm_contract/../tests/tours/crm_contract_tour_utils";

/**
 * The Contracts dashboard from the Dashboards app, as an own-documents salesperson, on desktop
 * and on a phone (375x667), in English and in Chinese (tests/test_dashboard_tour.py): the
 * dashboard is chosen in the side panel (the phone's dashboard selector), its scorecards carry
 * the translated titles and, once its Odoo pivots have loaded, the figures of the user's own
 * contracts the test made (one contract expiring within 60 days, 2,500 falling due within 30
 * days, 12,000 signed this year). Then Contracts > Reporting > Achievement opens its pivot.
 */
const TEXTS = {
    en: {
        dashboard: "Contracts",
        expiring: "Expiring in the next 60 days",
        due: "Due in the next 30 days",
        signed: "Signed this year",
        period: "Period",
    },
    zh: {
        dashboard: "合同",
        expiring: "未来60天内到期",
        due: "未来30天内到期应收",
        signed: "本年签约金额",
        period: "期间",
    },
};

function texts() {
    return user.lang.startsWith("zh") ? TEXTS.zh : TEXTS.en;
}

/** The spreadsheet model of the dashboard on screen (the dashboard action's state). */
function dashboardModel() {
    const stack = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (stack.length) {
        const node = stack.pop();
        const model = node.component?.state?.activeDashboard?.model;
        if (model) {
            return model;
        }
        stack.push(...Object.values(node.children));
    }
    return undefined;
}

/** Waits until the scorecard's key value is the expected text (its pivot loaded). */
async function expectKeyValue(figureId, expected) {
    let runtime;
    for (let attempt = 0; attempt < 100; attempt++) {
        runtime = dashboardModel()?.getters.getChartRuntime(figureId);
        if (runtime?.keyValue === expected) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${figureId}: "${runtime?.keyValue}" instead of "${expected}"`);
}

registry.category("web_tour.tours").add("spreadsheet_dashboard_crm_contract_tour", {
    steps: () => [
        {
            isActive: ["desktop"],
            trigger: ".o_navbar_apps_menu button:enabled",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Open Dashboards",
            trigger: '.o_app[data-menu-xmlid="spreadsheet_dashboard.spreadsheet_dashboard_menu_root"]',
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Choose the Contracts dashboard",
            trigger: `.o_spreadsheet_dashboard_search_panel li[data-name="${texts().dashboard}"]`,
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Its Period filter, translated",
            trigger: `.o_control_panel .o_filter_value_container:contains(${texts().period})`,
        },
        {
            isActive: ["mobile"],
            content: "Open the side menu",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_sidebar_topbar a.btn-primary",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Open Dashboards",
            trigger:
                '.o_burger_menu_app .o_app[data-menu-xmlid="spreadsheet_dashboard.spreadsheet_dashboard_menu_root"]',
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "The first dashboard has loaded",
            trigger: ".o_mobile_dashboard canvas.o-scorecard",
        },
        {
            isActive: ["mobile"],
            content: "Choose the Contracts dashboard (the selector opens when there are several)",
            trigger: ".o_spreadsheet_dashboard_action .o_search_panel_current_selection",
            async run(helpers) {
                const name = texts().dashboard;
                if (this.anchor.textContent.trim() !== name) {
                    await helpers.click();
                    await helpers.click(
                        `.o_mobile_search .o_search_panel_category_value:contains(${name}) header`
                    );
                }
            },
        },
        {
            isActive: ["mobile"],
            content: "The Contracts dashboard is shown",
            trigger: `.o_search_panel_current_selection:contains(${texts().dashboard})`,
        },
        {
            content: "The scorecard of contracts expiring soon, its title translated",
            trigger: `canvas.o-scorecard[title="${texts().expiring}"]`,
            run: () => expectKeyValue("crm_contract_kpi_8", "1"),
        },
        {
            content: "The amount falling due within 30 days",
            trigger: `canvas.o-scorecard[title="${texts().due}"]`,
            run: () => expectKeyValue("crm_contract_kpi_6", "2,500"),
        },
        {
            content: "The amount signed this year, against the target",
            trigger: `canvas.o-scorecard[title="${texts().signed}"]`,
            run: () => expectKeyValue("crm_contract_kpi_3", "12,000"),
        },
        ...openContractsMenuSteps("crm_contract.crm_contract_target_report_menu"),
        {
            content: "The achievement report opens on its pivot",
            trigger: ".o_pivot_view .o_pivot",
        },
    ],
});
