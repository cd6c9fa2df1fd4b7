"""Assessment pages by concern: schemes and runs, quarterly reviews, supervision, site visits."""

from .reviews import (
    rating_update,
    review_confirm,
    review_detail,
    review_generate,
    review_list,
    rule_edit,
    rules,
)
from .runs import (
    result_detail,
    rewards,
    rewards_export,
    run_action,
    run_detail,
    run_list,
    run_start,
    score_evidence,
    score_rate,
)
from .schemes import indicator_edit, scheme_detail, scheme_edit, scheme_list
from .supervision import case_action, case_create, case_detail, case_list, case_report_file
from .visits import visit_close, visit_create, visit_detail, visit_list, visit_score

__all__ = [
    "case_action",
    "case_create",
    "case_detail",
    "case_list",
    "case_report_file",
    "indicator_edit",
    "rating_update",
    "result_detail",
    "review_confirm",
    "review_detail",
    "review_generate",
    "review_list",
    "rewards",
    "rewards_export",
    "rule_edit",
    "rules",
    "run_action",
    "run_detail",
    "run_list",
    "run_start",
    "scheme_detail",
    "scheme_edit",
    "scheme_list",
    "score_evidence",
    "score_rate",
    "visit_close",
    "visit_create",
    "visit_detail",
    "visit_list",
    "visit_score",
]
