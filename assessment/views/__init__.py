"""Pages of the assessment app, a module per concern."""

from .dispatch import (
    dispatch_correct,
    dispatch_detail,
    dispatch_edit,
    dispatch_file,
    dispatch_generate,
    dispatch_list,
    dispatch_publish,
    dispatch_settings,
    schedule_list,
    schedule_update,
)

__all__ = [
    "dispatch_correct",
    "dispatch_detail",
    "dispatch_edit",
    "dispatch_file",
    "dispatch_generate",
    "dispatch_list",
    "dispatch_publish",
    "dispatch_settings",
    "schedule_list",
    "schedule_update",
]
