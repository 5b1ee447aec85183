import { Component, useEffect } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { CharField } from "@web/views/fields/char/char_field";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { ListTextField, TextField } from "@web/views/fields/text/text_field";
import { X2ManyField, x2ManyField } from "@web/views/fields/x2many/x2many_field";
import { ListRenderer } from "@web/views/list/list_renderer";

/**
 * The product lines of a contract with section and note lines, as on quotations (the
 * widget of Odoo's account addon, which crm_contract does not depend on): a section or a
 * note line shows its text across the row, beside the handle.
 */
export class ContractSectionAndNoteListRenderer extends ListRenderer {
    static template = "crm_contract.SectionAndNoteListRenderer";

    setup() {
        super.setup();
        this.titleField = "name";
        useEffect(
            (editedRecord) => this.focusToName(editedRecord),
            () => [this.editedRecord]
        );
    }

    focusToName(editedRecord) {
        if (editedRecord && editedRecord.isNew && this.isSectionOrNote(editedRecord)) {
            const column = this.columns.find((c) => c.name === this.titleField);
            this.focusCell(column, null);
        }
    }

    isSectionOrNote(record = null) {
        record = record || this.record;
        return ["line_section", "line_note"].includes(record.data.display_type);
    }

    getRowClass(record) {
        return `${super.getRowClass(record)} o_is_${record.data.display_type}`;
    }

    getCellClass(column, record) {
        const classNames = super.getCellClass(column, record);
        if (
            this.isSectionOrNote(record) &&
            column.widget !== "handle" &&
            column.name !== this.titleField
        ) {
            return `${classNames} o_hidden`;
        }
        return classNames;
    }

    getColumns(record) {
        const columns = super.getColumns(record);
        if (!this.isSectionOrNote(record)) {
            return columns;
        }
        const kept = columns.filter(
            (c) => c.widget === "handle" || (c.type === "field" && c.name === this.titleField)
        );
        return kept.map((c) =>
            c.name === this.titleField ? { ...c, colspan: columns.length - kept.length + 1 } : { ...c }
        );
    }
}

export class ContractSectionAndNoteOne2Many extends X2ManyField {
    static components = {
        ...X2ManyField.components,
        ListRenderer: ContractSectionAndNoteListRenderer,
    };
}

export class ContractSectionAndNoteText extends Component {
    static template = "crm_contract.SectionAndNoteText";
    static props = { ...standardFieldProps };

    get componentToUse() {
        return this.props.record.data.display_type === "line_section" ? CharField : TextField;
    }
}

export class ContractListSectionAndNoteText extends ContractSectionAndNoteText {
    get componentToUse() {
        return this.props.record.data.display_type !== "line_section"
            ? ListTextField
            : super.componentToUse;
    }
}

registry.category("fields").add("crm_contract_section_and_note_one2many", {
    ...x2ManyField,
    component: ContractSectionAndNoteOne2Many,
    additionalClasses: [...(x2ManyField.additionalClasses || []), "o_field_one2many"],
});
registry.category("fields").add("crm_contract_section_and_note_text", {
    component: ContractSectionAndNoteText,
    additionalClasses: ["o_field_text"],
});
registry.category("fields").add("list.crm_contract_section_and_note_text", {
    component: ContractListSectionAndNoteText,
    additionalClasses: ["o_field_text"],
});
