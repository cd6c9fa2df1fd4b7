"""The nomination edit page never loses work: an evidence upload (or delete) saves the unsaved draft
first; after 退回修改 the return comment is where the fix is made; the 意见 box is the reviewers' only;
a draft cannot be started for a pool and year without a window; windows do not overlap."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pools import services
from pools.models import Evidence, Nomination, NominationState
from tests.factories import PDF_BYTES

from .support import PATH_PLAN, YEAR, nominate, submit

pytestmark = pytest.mark.django_db
RETURN_COMMENT = "纳税额增幅与税务部门数据不一致，请核对后重新提交。"


@pytest.fixture
def draft(backbone, open_window, town_user, enterprise):
    return nominate(town_user, backbone, enterprise, path_plan="")


def _draft_fields(nomination, **changes) -> dict:
    data = {
        "metric_output_value": "520000",
        "metric_main_revenue_growth": "18",
        "metric_tax_growth": "16",
        "path_plan": "",
        "explanation": "",
    }
    return {**data, **changes}


def test_an_upload_saves_the_unsaved_draft_first(client_for, town_user, draft):
    client = client_for(town_user)
    # when the town types figures and the plan, then uploads a file without saving
    response = client.post(
        reverse("pools:evidence_upload", args=[draft.pk]),
        {
            **_draft_fields(draft, metric_output_value="630000", path_plan=PATH_PLAN),
            "criterion": "",
            "file": SimpleUploadedFile("证书.pdf", PDF_BYTES),
        },
        follow=True,
    )
    # then the file is stored and what was typed is saved, and the page says both
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.metrics["output_value"] == "630000.00" or draft.metrics["output_value"] == "630000"
    assert draft.path_plan == PATH_PLAN
    assert Evidence.objects.filter(nomination=draft).count() == 1
    assert "草稿已保存，材料已上传。" in response.content.decode()


def test_an_upload_with_a_wrong_figure_keeps_what_was_typed(client_for, town_user, draft):
    client = client_for(town_user)
    response = client.post(
        reverse("pools:evidence_upload", args=[draft.pk]),
        {
            **_draft_fields(draft, metric_output_value="-5", path_plan=PATH_PLAN),
            "file": SimpleUploadedFile("证书.pdf", PDF_BYTES),
        },
    )
    page = response.content.decode()
    # then nothing is stored, the typed plan is still on the page and the figure's error is beside it
    assert response.status_code == 400
    assert PATH_PLAN in page
    assert "不能为负数。" in page
    assert "材料也未上传" in page
    assert Evidence.objects.filter(nomination=draft).count() == 0
    draft.refresh_from_db()
    assert draft.path_plan == ""


def test_an_upload_without_a_file_still_keeps_the_draft(client_for, town_user, draft):
    response = client_for(town_user).post(
        reverse("pools:evidence_upload", args=[draft.pk]),
        _draft_fields(draft, path_plan=PATH_PLAN),
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.path_plan == PATH_PLAN
    assert "已填写的内容已保存为草稿。" in response.content.decode()


def test_deleting_evidence_saves_the_unsaved_draft_first(client_for, town_user, draft):
    evidence = services.evidence_add(
        actor=town_user, nomination=draft, criterion=None, upload=SimpleUploadedFile("a.pdf", PDF_BYTES)
    )
    client_for(town_user).post(
        reverse("pools:evidence_delete", args=[evidence.pk]), _draft_fields(draft, path_plan=PATH_PLAN)
    )
    draft.refresh_from_db()
    assert draft.path_plan == PATH_PLAN
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_edit_page_posts_the_upload_with_the_draft(client_for, town_user, draft):
    page = client_for(town_user).get(reverse("pools:nomination_edit", args=[draft.pk])).content.decode()
    assert 'id="nomination-edit"' in page
    assert 'form="nomination-edit"' in page
    assert 'formenctype="multipart/form-data"' in page


def test_after_a_return_the_edit_page_shows_the_comment(
    client_for, town_user, department_user, backbone, open_window, enterprise
):
    nomination = nominate(town_user, backbone, enterprise)
    submit(town_user, nomination)
    services.nomination_transition(
        actor=department_user, nomination=nomination, action="return", comment=RETURN_COMMENT
    )
    client = client_for(town_user)
    url = reverse("pools:nomination_edit", args=[nomination.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="return-comment"' in page and RETURN_COMMENT in page
    assert "区经信局" in page
    # and still after a first save has reopened the draft
    client.post(url, _draft_fields(nomination, path_plan=PATH_PLAN, metric_tax_growth="16.5"))
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT
    assert RETURN_COMMENT in client.get(url).content.decode()
    # and gone once it is resubmitted and returned no more
    submit(town_user, nomination)
    assert selectors_last_return(nomination) is None


def selectors_last_return(nomination):
    from pools.selectors import last_return

    return last_return(Nomination.objects.get(pk=nomination.pk))


def test_the_town_has_no_ignored_comment_box_beside_submit(
    client_for, town_user, backbone, open_window, enterprise
):
    nomination = nominate(town_user, backbone, enterprise, metrics={"output_value": "1", "tax_growth": "1"})
    page = (
        client_for(town_user).get(reverse("pools:nomination_detail", args=[nomination.pk])).content.decode()
    )
    assert 'data-testid="action-submit"' in page
    assert 'id="decision-comment"' not in page
    assert "不符合定量标准的说明" in page


def test_the_department_keeps_its_comment_box(
    client_for, town_user, department_user, backbone, open_window, enterprise
):
    nomination = submit(town_user, nominate(town_user, backbone, enterprise))
    page = client_for(department_user).get(reverse("pools:nomination_detail", args=[nomination.pk]))
    assert 'id="decision-comment"' in page.content.decode()


def test_a_draft_needs_a_window_said_at_the_start(client_for, town_user, backbone, enterprise):
    # given no window for the year
    response = client_for(town_user).post(
        reverse("pools:nomination_start"), {"pool": backbone.pk, "year": YEAR, "enterprise": enterprise.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "没有开放或即将开放的申报窗口" in page
    assert not Nomination.objects.filter(enterprise=enterprise).exists()


def test_a_draft_may_be_started_when_a_window_is_announced(
    client_for, town_user, office_user, backbone, enterprise
):
    today = timezone.localdate()
    services.window_open(
        actor=office_user,
        programme=backbone.programme,
        year=YEAR,
        opens_on=today + timedelta(days=5),
        closes_on=today + timedelta(days=30),
    )
    response = client_for(town_user).post(
        reverse("pools:nomination_start"), {"pool": backbone.pk, "year": YEAR, "enterprise": enterprise.pk}
    )
    assert response.status_code == 302
    assert Nomination.objects.filter(enterprise=enterprise).exists()


def test_a_pool_window_inside_an_all_pool_window_is_refused(office_user, backbone, open_window):
    with pytest.raises(ValidationError) as info:
        services.window_open(
            actor=office_user,
            programme=backbone.programme,
            year=YEAR,
            pool=backbone,
            opens_on=open_window.opens_on + timedelta(days=1),
            closes_on=open_window.closes_on - timedelta(days=1),
        )
    assert "重叠" in info.value.message_dict["opens_on"][0]
    assert "全部培育库" in info.value.message_dict["opens_on"][0]


def test_a_window_after_another_is_accepted(office_user, backbone, open_window):
    window = services.window_open(
        actor=office_user,
        programme=backbone.programme,
        year=YEAR,
        pool=backbone,
        opens_on=open_window.closes_on + timedelta(days=1),
        closes_on=open_window.closes_on + timedelta(days=20),
    )
    assert window.pk


def test_a_window_already_over_is_refused(office_user, programme):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as info:
        services.window_open(
            actor=office_user,
            programme=programme,
            year=YEAR,
            opens_on=today - timedelta(days=30),
            closes_on=today - timedelta(days=1),
        )
    assert "已过" in info.value.message_dict["closes_on"][0]


def test_a_window_ending_before_it_starts_is_a_sentence_beside_the_field(client_for, office_user, programme):
    today = timezone.localdate()
    response = client_for(office_user).post(
        reverse("pools:windows"),
        {
            "year": YEAR,
            "pool": "",
            "opens_on": today + timedelta(days=10),
            "closes_on": today + timedelta(days=2),
        },
    )
    page = response.content.decode()
    assert "截止日期不能早于开始日期。" in page
    assert "window_dates_ordered" not in page
    assert response.context["form"].errors["closes_on"] == ["截止日期不能早于开始日期。"]


def test_closing_a_window_asks_for_confirmation(client_for, office_user, open_window):
    page = client_for(office_user).get(reverse("pools:windows") + f"?year={YEAR}").content.decode()
    assert "data-confirm=" in page
