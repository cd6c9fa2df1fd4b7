"""A POSTed action (core.actions.run_action): a service's refusal becomes error messages, its success
one message, and nothing it raises reaches the user as a server error."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.actions import form_action, form_save, run_action
from core.exceptions import Conflict


def _request(rf):
    request = rf.post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _refuse(exc):
    def run():
        raise exc

    return run


def test_a_service_that_goes_through_is_said_once(rf):
    request = _request(rf)
    assert run_action(request, lambda: None, success="已保存。") is True
    assert _said(request) == [("success", "已保存。")]


def test_the_success_sentence_can_be_worded_after_the_service_ran(rf):
    # given a sentence that could only be worded after the service (an action it validates)
    request = _request(rf)
    words = []
    assert (
        run_action(request, lambda: words.append("ran"), success=lambda _result: f"完成：{len(words)}")
        is True
    )
    assert _said(request) == [("success", "完成：1")]


def test_a_refused_service_says_why_and_nothing_else(rf):
    # given a service that refuses with sentences on two fields
    request = _request(rf)
    refusal = ValidationError({"reason": ["请填写原因。"], "file": ["文件过大。"]})
    # when the action runs
    went_through = run_action(request, _refuse(refusal), success=lambda _result: 1 / 0)
    # then each sentence is an error message, the success is never worded
    assert went_through is False
    assert sorted(_said(request)) == [("error", "文件过大。"), ("error", "请填写原因。")]


def test_someone_acting_first_is_said_as_an_error_not_a_server_error(rf):
    request = _request(rf)
    assert run_action(request, _refuse(Conflict("该申报已被他人处理，请刷新后重试。")), success="x") is False
    assert _said(request) == [("error", "该申报已被他人处理，请刷新后重试。")]


class _NameForm(forms.Form):
    name = forms.CharField()


def _valid_form():
    form = _NameForm({"name": "华鑫"})
    assert form.is_valid()
    return form


def test_a_form_saved_by_its_service_returns_what_the_service_made():
    form = _valid_form()
    assert form_save(form, lambda data: f"已登记{data['name']}") == "已登记华鑫"
    assert form.errors == {}


def test_a_refusal_on_a_field_lands_on_that_field_and_nothing_is_returned():
    form = _valid_form()
    assert form_save(form, _refuse_with_data(ValidationError({"name": ["名称已登记。"]}))) is None
    assert form.errors == {"name": ["名称已登记。"]}


def test_someone_acting_first_lands_on_the_form_as_a_whole():
    form = _valid_form()
    assert form_save(form, _refuse_with_data(Conflict("已被他人修改，请刷新后重试。"))) is None
    assert form.non_field_errors() == ["已被他人修改，请刷新后重试。"]


def _refuse_with_data(exc):
    def save(data):
        raise exc

    return save


class _Made:
    pk = 7


def test_a_small_form_refused_says_its_one_sentence_and_goes_back(rf):
    # given an action whose invalid form is said as one sentence
    request = _request(rf)
    response = form_action(
        request,
        _NameForm({}),
        lambda data: 1 / 0,
        "x",
        "/back/",
        invalid="请填写名称。",
        made="assessment:run_detail",
    )
    # then the service never runs, the sentence is said and the user goes back
    assert response.url == "/back/"
    assert _said(request) == [("error", "请填写名称。")]


def test_a_small_form_that_made_a_row_goes_on_to_its_page(rf):
    # given an action whose service makes a row with a page of its own
    request = _request(rf)
    made = []
    response = form_action(
        request,
        _valid_form(),
        lambda data: made.append(data["name"]) or _Made(),
        lambda row: f"已登记{row.pk}",
        "/back/",
        made="assessment:run_detail",
    )
    # then the service ran once, its success is said and the user is on the row's page
    assert made == ["华鑫"]
    assert _said(request) == [("success", "已登记7")]
    assert response.url == reverse("assessment:run_detail", args=[7])


def test_a_small_form_whose_service_refuses_goes_back_not_to_a_page(rf):
    request = _request(rf)
    response = form_action(
        request,
        _valid_form(),
        _refuse_with_data(Conflict("已被他人处理，请刷新后重试。")),
        "x",
        "/back/",
        made="assessment:run_detail",
    )
    assert response.url == "/back/"
    assert _said(request) == [("error", "已被他人处理，请刷新后重试。")]
