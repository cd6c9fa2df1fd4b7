"""Pinyin search keys for long selects: officials type pinyin or its initials ("cs", "ceshan" for
册山街道). The key is computed server-side with pypinyin (its phrase dictionary reads polyphones in
context) and rendered on each option as data-pinyin; Tom Select (static/portal/select.js) searches the
option text and that key."""

from functools import lru_cache

LONG = 15  # a select with more options than this is searchable (static/portal/select.js reads the same)


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


@lru_cache(maxsize=20000)
def search_key(text: str) -> str:
    """'册山街道' → 'ceshanjiedao csjd': the full pinyin and the initials, lower case, without spaces
    or tones; '' for a label without Chinese characters."""
    if not _has_han(text):
        return ""
    from pypinyin import Style, lazy_pinyin

    full = "".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore"))
    return f"{full} {initials}".lower()
