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
                rows.setdefault(invalid.number + 1, []).append(
                    f"{label}：{message}" if label else str(message)
                )
    for error in result.base_errors:
        rows.setdefault(0, []).append(str(error.error))
    return [{"row": n, "messages": msgs} for n, msgs in sorted(rows.items())]


def load_xlsx(upload, *, max_rows: int, required: list[str] = (), columns: list[str] | None = None):
    """The first sheet of an uploaded .xlsx as a tablib Dataset, blank rows dropped.

    `required` headers must be present (a clear error names the missing ones); with `columns`, the
    rows are laid out in that order and absent optional columns come back empty."""
    import tablib
    from django.utils.translation import gettext as _

    try:
        dataset = tablib.Dataset().load(upload.read(), format="xlsx")
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValueError(_("无法读取该 Excel 文件，请使用模板另存为 .xlsx 后重试。")) from exc
    present = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
    missing = [h for h in required if h not in present]
    if missing:
        raise ValueError(_("缺少列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)})
    wanted = list(columns) if columns is not None else present
    index = {h: i for i, h in enumerate(present)}
    cleaned = tablib.Dataset(headers=wanted)
    for row in dataset:
        if any(v not in (None, "") for v in row):
            cleaned.append(
                ["" if index.get(h) is None or row[index[h]] is None else row[index[h]] for h in wanted]
            )
    if len(cleaned) > max_rows:
        raise ValueError(_("一次最多导入 %(n)d 行。") % {"n": max_rows})
    if not len(cleaned):
        raise ValueError(_("文件中没有数据行。"))
    return cleaned
