from .applications import (
    application_action,
    application_create,
    application_detail,
    application_export,
    application_list,
    bank_figures,
    bank_figures_export,
)
from .banks import (
    home,
    mine,
    settings_page,
    specialist_end,
    specialist_list,
    visit_create,
    visit_list,
    workbench,
)
from .meetings import intention_drop, meeting_action, meeting_create, meeting_detail, meeting_list

__all__ = [
    "application_action",
    "application_create",
    "application_detail",
    "application_export",
    "application_list",
    "bank_figures",
    "bank_figures_export",
    "home",
    "intention_drop",
    "meeting_action",
    "meeting_create",
    "meeting_detail",
    "meeting_list",
    "mine",
    "settings_page",
    "specialist_end",
    "specialist_list",
    "visit_create",
    "visit_list",
    "workbench",
]
