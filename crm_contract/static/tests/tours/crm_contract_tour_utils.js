/**
 * Steps shared by the crm_contract tours: open an entry of CRM's Contracts menu from the
 * apps menu, on desktop (top bar dropdown) and on a phone (side menus).
 */
export function openContractsMenuSteps(menuXmlid) {
    return [
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
            trigger: `.dropdown-item[data-menu-xmlid="${menuXmlid}"]`,
            run: "click",
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
            trigger: `.o_burger_menu_app li[data-menu-xmlid="${menuXmlid}"]`,
            run: "click",
        },
    ];
}

/**
 * A header button of the form: in the status bar on desktop, in the cog menu on a phone.
 */
export function headerButtonSteps(name, content) {
    return [
        {
            isActive: ["desktop"],
            content,
            trigger: `.o_form_statusbar button[name=${name}]`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Open the actions of the form",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content,
            trigger: `.o-dropdown--menu button[name=${name}]`,
            run: "click",
        },
    ];
}
