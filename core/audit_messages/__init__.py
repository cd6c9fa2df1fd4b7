"""What an audit row says, as a sentence: every writer names an event code and its params
(`audit.record(..., event="window.close", params={"name": ...})`), never free text; the row stores
them as compact JSON in `message` (a sealed field, so no schema change and the chain is unchanged);
the audit page, the CSV and the xlsx export render them here, in Chinese or English.

Rows written before the codes (append-only, never rewritten) keep their free text: `LEGACY` and
`LEGACY_PATTERNS` read the strings the old writers left, and anything else shows as a neutral
label (the stored text stays in the exports' 说明原文 column).

Adding an event: a code in events.py with its Chinese sentence (the msgid; `{name}` placeholders), the
English in both catalogues. tests/core/test_audit_messages.py collects every `event=` written in
the code and fails on one without a sentence.

A package by concern: events.py (the sentences by area), legacy.py (the old free text), exports.py
(export rows and their filters), params.py (params in words), sentences.py (encode, decode,
sentence). Every name is importable from here as before."""

from .events import EVENTS
from .exports import (
    EXPORTS,
    FILTER_CHOICES,
    FILTER_LABELS,
    FILTER_MODELS,
    MAX_ID,
    export_event,
    register_filter,
)
from .legacy import LEGACY, LEGACY_EVENTS, LEGACY_PATTERNS
from .params import LABELS, REVOKE_REASONS, register_labels
from .sentences import MAX_CHARS, MAX_LIST, MAX_TEXT, UNKNOWN, decode, encode, log_sentence, sentence

__all__ = [
    "EVENTS",
    "EXPORTS",
    "FILTER_CHOICES",
    "FILTER_LABELS",
    "FILTER_MODELS",
    "LABELS",
    "LEGACY",
    "LEGACY_EVENTS",
    "LEGACY_PATTERNS",
    "MAX_CHARS",
    "MAX_ID",
    "MAX_LIST",
    "MAX_TEXT",
    "REVOKE_REASONS",
    "UNKNOWN",
    "decode",
    "encode",
    "export_event",
    "log_sentence",
    "register_filter",
    "register_labels",
    "sentence",
]
