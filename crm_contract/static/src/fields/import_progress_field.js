import { onMounted, onWillUnmount } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import {
    ProgressBarField,
    progressBarField,
} from "@web/views/fields/progress_bar/progress_bar_field";

// How often a background import's form asks the server for its progress.
export const REFRESH_INTERVAL = 3000;

/**
 * The progress bar of a background import: while the import waits or runs, the record
 * is read again every few seconds, so that rows done, counts and status move on screen
 * (nothing to reload by hand); it stops once the import is over or the form is closed.
 */
export class ImportProgressField extends ProgressBarField {
    setup() {
        super.setup();
        let timer = null;
        onMounted(() => {
            timer = browser.setInterval(() => this.refresh(), REFRESH_INTERVAL);
        });
        onWillUnmount(() => browser.clearInterval(timer));
    }

    refresh() {
        const record = this.props.record;
        if (["queued", "running"].includes(record.data.state) && !record.dirty) {
            record.load();
        }
    }
}

registry.category("fields").add("crm_contract_import_progress", {
    ...progressBarField,
    component: ImportProgressField,
});
