"""The import engine, plain Python over the ORM (no model lives here): reading a file
(``reader``), matching its columns (``matching``), converting and validating its rows
(``values``, ``converters``, ``rows``), writing them in batches through the ORM
(``writer``), the file of failed rows (``error_file``) and the rows of a background
import's data file (``data_rows``). It takes the options of the import (``options``) and
what the models know of their own import (their ``_import_knowledge()``) as plain values,
and marks what it writes with context markers no JSON-RPC call can send (``markers``).
"""
