"""The options of an import, as the engine reads them: a frozen value read once from the
import record (``ImportOptions.of(job)``), never a model."""

from dataclasses import dataclass, fields

RES_MODELS = {"contract": "crm.contract", "followup": "crm.contract.followup"}


@dataclass(frozen=True)
class ImportOptions:
    import_type: str = "contract"
    # contracts of the file whose number exists: "update" or "skip"
    existing_policy: str = "update"
    create_missing_partners: bool = False
    # a row with a problem: "all" (import nothing) or "valid" (import the valid rows)
    error_policy: str = "all"
    # dates like 03/04/2026: "auto", "dmy" or "mdy"
    date_order: str = "auto"
    # amounts like 12.500: "auto", "." or ","
    decimal_separator: str = "auto"
    # a CSV or text file's encoding: "auto" (detected) or a key of reader.ENCODINGS
    encoding: str = "auto"
    datetime_utc: bool = False
    create_past_activities: bool = False
    # products of the product columns not found: created (when the user may) or refused
    create_missing_products: bool = False
    # a contract whose amount differs from its lines' sum: "refuse" it or "follow" the lines
    amount_mismatch: str = "refuse"

    @classmethod
    def names(cls):
        """The option names: the fields of ``crm.contract.import.options`` as well."""
        return tuple(field.name for field in fields(cls))

    @classmethod
    def of(cls, record):
        """The options of a record holding them (an import record or the wizard)."""
        return cls(**{name: record[name] for name in cls.names()})

    @property
    def res_model(self):
        return RES_MODELS[self.import_type]

    @property
    def is_contract(self):
        return self.import_type == "contract"
