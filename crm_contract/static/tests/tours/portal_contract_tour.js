import { registry } from "@web/core/registry";

/**
 * A customer signs a contract on the portal: portal home, Contracts, the contract's page,
 * Sign, the signature form (name prefilled), then the page of the signed contract. Run on
 * desktop and on a phone (375x667) by crm_contract/tests/test_portal_tour.py.
 */
registry.category("web_tour.tours").add("crm_contract_portal_sign_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the contracts from the portal home",
            trigger: '.o_portal_index_card a[href="/my/contracts"]',
            run: "click",
        },
        {
            content: "Open the contract to sign",
            trigger: 'tr.o_crm_contract_portal_row a:contains("PTOUR-1")',
            run: "click",
        },
        {
            content: "The terms and the payment schedule are shown",
            trigger: "#terms:contains(Delivery within 30 days)",
        },
        {
            trigger: ".o_crm_contract_portal_schedule td:contains(600.00)",
        },
        {
            content: "Sign",
            trigger: "a.o_crm_contract_sign_button",
            run: "click",
        },
        {
            content: "The customer's name is prefilled",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Hannah Harbour)",
        },
        {
            content: "Choose a signature style",
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:eq(1)",
            run: "click",
        },
        {
            content: "The chosen style has drawn the name (its font loads asynchronously)",
            trigger: ".modal canvas.o_web_sign_signature",
            run: async function () {
                const canvas = document.querySelector(".modal canvas.o_web_sign_signature");
                const blank = document.createElement("canvas");
                blank.width = canvas.width;
                blank.height = canvas.height;
                for (let i = 0; i < 200 && canvas.toDataURL() === blank.toDataURL(); i++) {
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                if (canvas.toDataURL() === blank.toDataURL()) {
                    throw new Error("The signature was never drawn");
                }
            },
        },
        {
            content: "Send the signature",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The contract is signed",
            trigger: "#contract_content:contains(The contract is signed.)",
            // the signed PDF is rendered and posted before the page reloads
            timeout: 30000,
        },
        {
            trigger: "#signature:contains(Hannah Harbour)",
        },
    ],
});
