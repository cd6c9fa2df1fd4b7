"""The workflow engine itself (core.workflow), on a tiny workflow declared here over the nomination
tables: allowed and illegal moves, who may fire them, the comment rule, the rows every move leaves
behind, and side effects that wait for the commit."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from core import workflow
from core.audit_messages import decode
from core.exceptions import Conflict
from core.models import AuditAction, AuditLog, Notification
from core.permissions import allow, deny
from core.workflow import Notice, Transition, Workflow
from pools.models import Nomination, NominationEvent, NominationState
from tests.factories import NominationFactory, OfficeUserFactory, TownUserFactory

pytestmark = pytest.mark.django_db
S = NominationState
E = NominationEvent.Action


def only_role(user, instance, action):
    """The tiny workflow's permission: the transition's role fires it, and the answer says who may."""
    transition = TINY[action]
    if (user.role if user is not None else "system") == transition.role:
        return allow()
    return deny(f"只有{Role(transition.role).label}可以{transition.label}。")


TINY = Workflow(
    model=Nomination,
    event_model=NominationEvent,
    permission=only_role,
    audited_fields=["state", "path_plan"],
    transitions=[
        Transition("submit", "报送", {S.DRAFT}, S.SUBMITTED, Role.TOWN),
        Transition("return", "退回", {S.SUBMITTED}, S.RETURNED, Role.OFFICE, comment_required=True),
        Transition("lapse", "逾期失效", {S.SUBMITTED}, S.WITHDRAWN, "system", event_action=E.WITHDRAW),
    ],
)


def _events(nomination):
    return list(
        NominationEvent.objects.filter(nomination=nomination).values_list(
            "action", "from_state", "to_state", "actor", "comment"
        )
    )


def _audit(nomination):
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Nomination), object_id=str(nomination.pk)
    )


@pytest.fixture
def draft():
    return NominationFactory()


@pytest.fixture
def town_official(draft):
    return TownUserFactory(town=draft.town, email="town@example.cn")


@pytest.fixture
def office():
    return OfficeUserFactory(email="office@example.cn")


# --- moves ---------------------------------------------------------------------------------------


def test_an_allowed_move_changes_the_state_and_leaves_one_event_and_one_audit_row(draft, town_official):
    # when the town fires a declared move from the state it declares
    moved = TINY.fire(draft, action="submit", actor=town_official, comment="  请审核  ")

    # then the stored row is in the target state
    assert moved.state == S.SUBMITTED == Nomination.objects.get(pk=draft.pk).state
    # with one event (trimmed comment) and one transition audit row holding the before and after
    assert _events(draft) == [(E.SUBMIT, S.DRAFT, S.SUBMITTED, town_official.pk, "请审核")]
    row = _audit(draft).get()
    assert (row.action, row.actor, row.before["state"], row.after["state"]) == (
        AuditAction.TRANSITION,
        town_official,
        S.DRAFT,
        S.SUBMITTED,
    )
    assert set(row.after) == {"state", "path_plan"} and decode(row.message) == (
        "workflow.move_comment",
        {"action": "submit", "comment": "请审核"},
    )


def test_the_row_is_locked_before_anything_is_read(draft, town_official):
    with CaptureQueriesContext(connection) as queries:
        TINY.fire(draft, action="submit", actor=town_official)
    first = next(q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SAVEPOINT"))
    assert "FOR UPDATE" in first and Nomination._meta.db_table in first


def test_an_illegal_move_is_a_conflict_naming_the_state_and_writes_nothing(draft, office):
    # given a draft, when the office tries a move declared only from 已提交
    with pytest.raises(Conflict) as exc:
        TINY.fire(draft, action="return", actor=office, comment="退回")
    # then the sentence names the current state and the move; nothing moved, nothing recorded
    assert exc.value.message == "当前状态为“草稿”，不能退回。"
    assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT
    assert not NominationEvent.objects.exists() and not _audit(draft).exists()


def test_an_undeclared_action_is_a_conflict(draft, town_official):
    with pytest.raises(Conflict, match="未知操作“publish”"):
        TINY.fire(draft, action="publish", actor=town_official)
    assert not NominationEvent.objects.exists()


def test_the_wrong_role_is_refused_with_the_permissions_reason(draft, office):
    with pytest.raises(PermissionDenied) as exc:
        TINY.fire(draft, action="submit", actor=office)
    assert str(exc.value) == "只有街镇可以报送。"
    assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT
    assert not NominationEvent.objects.exists()


def test_a_move_that_needs_a_comment_refuses_a_blank_one(draft, town_official, office):
    TINY.fire(draft, action="submit", actor=town_official)
    for blank in ("", "   ", None):
        # when returned without a reason  then  refused on the comment field, in the declared words
        with pytest.raises(ValidationError) as exc:
            TINY.fire(draft, action="return", actor=office, comment=blank)
        assert exc.value.message_dict == {"comment": ["退回须填写理由。"]}
    assert Nomination.objects.get(pk=draft.pk).state == S.SUBMITTED
    # when a reason is given  then  it moves and the reason is the event's comment
    TINY.fire(draft, action="return", actor=office, comment="缺少纳税证明")
    assert _events(draft)[-1] == (E.RETURN, S.SUBMITTED, S.RETURNED, office.pk, "缺少纳税证明")


def test_the_apps_check_runs_under_the_lock_and_can_refuse(draft, town_official):
    seen = []

    def closed_window(move):
        seen.append((move.action, move.from_state, move.instance.state, move.actor))
        raise Conflict("申报窗口已关闭。")

    with pytest.raises(Conflict, match="申报窗口已关闭"):
        TINY.fire(draft, action="submit", actor=town_official, check=closed_window)
    # the check saw the locked row before the move, and the refusal left nothing behind
    assert seen == [("submit", S.DRAFT, S.DRAFT, town_official)]
    assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT
    assert not NominationEvent.objects.exists() and not _audit(draft).exists()


def test_apply_sets_what_goes_with_the_move(draft, town_official):
    def stamp(move):
        move.instance.submitted_at = move.at

    moved = TINY.fire(draft, action="submit", actor=town_official, apply=stamp)
    assert Nomination.objects.get(pk=draft.pk).submitted_at == moved.submitted_at is not None


def test_a_scheduled_task_moves_without_an_actor(draft, town_official):
    """As funds' daily task will mark a disbursement overdue: the system fires, nobody signs."""
    TINY.fire(draft, action="submit", actor=town_official)
    # when the task fires the system's move  then  it moves, recorded under its declared event action
    assert TINY.fire(draft, action="lapse", actor=None).state == S.WITHDRAWN
    assert _events(draft)[-1] == (E.WITHDRAW, S.SUBMITTED, S.WITHDRAWN, None, "")
    row = _audit(draft).order_by("-id").first()
    assert (row.action, row.actor, row.actor_username) == (AuditAction.TRANSITION, None, "")


# --- notices and side effects --------------------------------------------------------------------


def test_notices_are_rows_of_the_move_and_mail_leaves_only_on_commit(
    draft, town_official, office, django_capture_on_commit_callbacks
):
    def tell_the_office(move):
        return [Notice([office], f"{move.instance.pk} 已报送。", "/pools/")]

    done = []
    # when the move is made, and the transaction has not committed yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        TINY.fire(
            draft,
            action="submit",
            actor=town_official,
            notices=tell_the_office,
            after_commit=lambda move: done.append(move.instance.state),
        )
        # then the in-app notice is written with the move, but no mail and no side effect yet
        assert Notification.objects.filter(recipient=office, url="/pools/").count() == 1
        assert mail.outbox == [] and done == []
    # when it commits  then  the mail goes out and the side effect runs, once
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["office@example.cn"]]
    assert done == [S.SUBMITTED]


def test_a_refused_move_notifies_nobody_and_schedules_nothing(
    draft, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(PermissionDenied):
        TINY.fire(
            draft,
            action="submit",
            actor=office,
            notices=lambda move: [Notice([office], "不应发出")],
            after_commit=lambda move: pytest.fail("ran after a refused move"),
        )
    assert callbacks == [] and not Notification.objects.exists() and mail.outbox == []


# --- the table -----------------------------------------------------------------------------------


def test_the_table_answers_the_buttons_each_user_sees(draft, town_official, office):
    assert [t.action for t in TINY.available(draft, town_official)] == ["submit"]
    assert TINY.available(draft, office) == []
    assert "return" in TINY and TINY.get("publish") is None and TINY["return"].comment_required
    assert TINY.states == {S.DRAFT, S.SUBMITTED, S.RETURNED, S.WITHDRAWN}


def test_record_writes_an_event_that_keeps_the_state(draft, town_official):
    TINY.record(draft, actor=town_official, action=E.CREATE)
    TINY.record(draft, actor=town_official, action=E.EDIT, comment="补充路径方案")
    assert [(e[0], e[1], e[2]) for e in _events(draft)] == [
        (E.CREATE, S.DRAFT, S.DRAFT),
        (E.EDIT, S.DRAFT, S.DRAFT),
    ]
    assert list(_audit(draft).order_by("id").values_list("action", flat=True)) == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
    ]


@pytest.mark.parametrize(
    ("transitions", "problem"),
    [
        ([Transition("submit", "报送", {"drafted"}, S.SUBMITTED, Role.TOWN)], "unknown states"),
        ([Transition("publish", "发布", {S.DRAFT}, S.SUBMITTED, Role.TOWN)], "has no 'publish'"),
        (
            [
                Transition("submit", "报送", {S.DRAFT}, S.SUBMITTED, Role.TOWN),
                Transition("submit", "再报送", {S.RETURNED}, S.SUBMITTED, Role.TOWN),
            ],
            "declared twice",
        ),
    ],
)
def test_a_wrong_declaration_fails_when_it_is_made(transitions, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        Workflow(model=Nomination, event_model=NominationEvent, permission=only_role, transitions=transitions)


def test_the_engine_imports_no_domain_app():
    """core is the bottom layer: models, roles and permissions come in as declarations."""
    files = sorted(Path(workflow.__file__).parent.glob("*.py"))  # the package, every module of it
    assert len(files) > 1, files
    imported = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name.split(".")[0]
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if not (isinstance(node, ast.ImportFrom) and node.level)
    }
    domain = {app.split(".")[0] for app in settings.INSTALLED_APPS} - {"core", "django"}
    assert imported & domain == set(), imported
