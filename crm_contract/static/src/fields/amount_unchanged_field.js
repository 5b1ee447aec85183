import { registry } from "@web/core/registry";
import { MonetaryField, monetaryField } from "@web/views/fields/monetary/monetary_field";

/**
 * An amount that, left empty, changes nothing (the New Amount of an amendment): no amount
 * is shown empty, not as 0.00, and an emptied input saves no amount. The server treats no
 * amount (0, or false over JSON-RPC) as "unchanged".
 */
export class AmountUnchangedField extends MonetaryField {
    get formattedValue() {
        return this.value ? super.formattedValue : "";
    }
}

export const amountUnchangedField = {
    ...monetaryField,
    component: AmountUnchangedField,
};

registry.category("fields").add("crm_contract_amount_unchanged", amountUnchangedField);
