"""Matching the columns of an import file to fields: saved mappings first
(base_import.mapping), then the headers real exports use (the model's
``_import_knowledge``), then base_import's suggestions from field names and labels."""

from .values import normalize_header


def column_letter(index):
    letter = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letter = chr(65 + rem) + letter
    return letter


def alias_map(headers_by_field, labels):
    """{normalised header: field name} of the known headers and the fields' labels."""
    aliases = {}
    for fname, names in headers_by_field.items():
        for alias in [*names, labels.get(fname, "")]:
            key = normalize_header(alias)
            if key:
                aliases.setdefault(key, fname)
    return aliases


def match_headers(headers, aliases, saved):
    """({column index: field name}, [(index, field, index used)] of duplicates): the
    first column naming a field is used, the next ones are reported."""
    matches = {}
    used = {}
    duplicates = []
    for index, header in enumerate(headers):
        fname = saved.get(header) or aliases.get(normalize_header(header))
        if not fname:
            continue
        if fname in used:
            duplicates.append((index, fname, used[fname]))
            continue
        used[fname] = index
        matches[index] = fname
    return matches, duplicates


def suggest_with_base_import(env, res_model, headers, rows, indexes, taken, allowed):
    """base_import's suggestions for the columns ``indexes`` not matched yet."""
    importer = env["base_import.import"].new({"res_model": res_model})
    sub_headers = [headers[i] for i in indexes]
    preview = [[(row[i] if i < len(row) else "") for i in indexes] for row in rows[:10]]
    header_types = importer._extract_headers_types(sub_headers, preview, {"has_headers": True})
    fields_tree = importer.get_fields_tree(res_model, depth=1)
    suggestions = importer._get_mapping_suggestions(sub_headers, header_types, fields_tree)
    used = set(taken.values())
    result = {}
    for (position, _header), suggestion in suggestions.items():
        fname = suggestion and suggestion["field_path"][0]
        if fname in allowed and fname not in used:
            result[indexes[position]] = fname
            used.add(fname)
    return result
