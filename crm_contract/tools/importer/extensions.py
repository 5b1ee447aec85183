"""Columns that other addons add to the contract import: ``_import_knowledge()`` may name,
under ``"extensions"``, classes of ``RowExtension``; each run makes one of each, which
validates the rows with the run's other checks and writes what the column says once the
rows' contracts are written, in the same savepoint (a refusal then refuses the contract:
all or nothing per contract). The columns themselves are known by their headers, given in
``"headers"`` and ``"labels"`` like the others."""


class RowExtension:
    """One column (or several) of an addon, over one run (``run``: the ``ImportRun``,
    whose helpers ``_cell``, ``_error``, ``_distinct`` it may use)."""

    def __init__(self, run):
        self.run = run

    def prepare(self):
        """Before the rows: look up, once for the run, what the rows' cells name."""

    def check_row(self, rowno, row, record, vals):
        """Validate a contract's row (``record``: the contract it updates, or None;
        ``vals``: the values validated so far); refusals through ``run._error``."""

    def after_write(self, written):
        """``written``: [(row number, contract)] just created or updated."""
