"""Row-level errors of a django-import-export result, as officials read them: Excel row, column, reason."""


def import_errors(result, resource_class) -> list[dict]:
    """Every bad row as {"row": Excel row number, "messages": [...]} (row 1 is the header, so data row N
    is Excel row N + 1; row 0 holds errors of the file as a whole)."""
    labels = {name: field.column_name for name, field in resource_class.fields.items()}
    rows: dict[int, list[str]] = {}
    for number, errs in result.row_errors():
        rows.setdefault(number + 1, []).extend(str(e.error) for e in errs)
    for invalid in result.invalid_rows:
        for field_name, messages in invalid.error_dict.items():
            label = labels.get(field_name, "" if field_name == "__all__" else field_name)
            for message in messages:
                rows.setdefault(invalid.number + 1, []).append(f"{label}：{message}" if label else str(message))
    for error in result.base_errors:
        rows.setdefault(0, []).append(str(error.error))
    return [{"row": n, "messages": msgs} for n, msgs in sorted(rows.items())]
