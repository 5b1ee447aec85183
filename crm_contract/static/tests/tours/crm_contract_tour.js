import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * Opens Contracts from the CRM menu, creates a contract in the form, saves it and finds
 * it again in the list (desktop) or the kanban view (phone). Runs on both screen sizes.
 */
registry.category("web_tour.tours").add("crm_contract_create_tour", {
    url: "/odoo",
    steps: () => [
        // Desktop: the CRM app from the apps menu, then the "Contracts" menu of its top bar.
        {
            isActive: ["desktop"],
            trigger: ".o_navbar_apps_menu button:enabled",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Open CRM",
            trigger: '.o_app[data-menu-xmlid="crm.crm_menu_root"]',
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Open the Contracts menu of CRM",
            trigger: '.o_menu_sections button[data-menu-xmlid="crm_contract.crm_contract_menu_root"]',
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: '.dropdown-item[data-menu-xmlid="crm_contract.crm_contract_menu"]',
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Contracts open in the list view",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        // Phone: the CRM app from the side menu, then the same menu from CRM's side menu.
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
            trigger: '.o_burger_menu_app .o_app[data-menu-xmlid="crm.crm_menu_root"]',
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Open CRM's side menu",
            trigger: ".o_main_navbar .o_menu_toggle.hasImage",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: '.o_burger_menu_app li[data-menu-xmlid="crm_contract.crm_contract_menu"]',
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Contracts open in the kanban view on a phone",
            trigger: ".o_kanban_view .o-kanban-button-new",
            run: "click",
        },
        // The form, on both.
        {
            trigger: ".o_form_view .o_field_widget[name=name] textarea, .o_form_view .o_field_widget[name=name] input",
            run: "edit Tour supply agreement",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Harbour",
        },
        {
            isActive: ["desktop"],
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour Harbour Ltd)",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_field_widget[name=partner_id] input",
            run: "click",
        },
        ...stepUtils.mobileKanbanSearchMany2X("Customer", "Tour Harbour Ltd"),
        {
            trigger: ".o_field_widget[name=partner_id] input:value(Tour Harbour Ltd)",
        },
        {
            trigger: ".o_field_widget[name=amount_total] input",
            run: "edit 12500",
        },
        ...stepUtils.saveForm(),
        {
            content: "The contract got its number from the sequence",
            trigger: ".o_field_widget[name=number] input:value(/^CT\\//)",
        },
        {
            content: "Back to the contracts",
            trigger: ".o_back_button",
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".o_list_view .o_data_row:contains(Tour supply agreement)",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_kanban_view .o_kanban_record:contains(Tour supply agreement)",
        },
    ],
});
