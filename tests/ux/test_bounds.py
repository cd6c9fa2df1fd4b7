"""Bounds a person would expect: stated, enforced, with a sentence (core.bounds and the forms)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.bounds import LONG_TEXT_MAX_CHARS, QUOTA_MAX, check_text_length, is_phone
from core.forms import BootstrapFormMixin


@pytest.mark.parametrize(
    "number", ["13800000000", "+86 138 0000 0000", "0539-8123456", "(0539)8123456", "010-12345678转123"]
)
def test_mainland_phone_numbers_are_accepted(number):
    assert is_phone(number)


@pytest.mark.parametrize(
    "number", ["abc", "12345", "1380000000", "23800000000", "0539-0123456", "138000000001"]
)
def test_other_phone_numbers_are_refused(number):
    assert not is_phone(number)


class PlanForm(BootstrapFormMixin, forms.Form):
    plan = forms.CharField(label="路径解决方案", widget=forms.Textarea, required=False)
    name = forms.CharField(label="企业名称", max_length=100, required=False)


def test_a_textarea_has_a_stated_limit_and_a_message():
    form = PlanForm({"plan": "字" * (LONG_TEXT_MAX_CHARS + 1)})
    assert not form.is_valid()
    assert form.errors["plan"] == ["最多 5000 个字（现为 5001 个），请删减后再保存。"]
    assert "最多 5,000 个字。" in str(form.fields["plan"].help_text)


def test_a_long_name_is_refused_not_cut_by_the_browser():
    form = PlanForm({"name": "临" * 101})
    # no maxlength attribute: the browser would cut a paste silently
    assert "maxlength" not in str(form["name"])
    assert not form.is_valid()
    assert form.errors["name"] == ["最多 100 个字（现为 101 个），请删减后再保存。"]
    assert "最多 100 个字。" in str(form.fields["name"].help_text)


def test_services_refuse_long_text_on_its_field():
    with pytest.raises(ValidationError) as info:
        check_text_length("path_plan", "字" * (LONG_TEXT_MAX_CHARS + 1))
    assert "path_plan" in info.value.message_dict


@pytest.mark.django_db
def test_a_huge_quota_is_refused_with_a_sentence(programme):
    from programs.models import PoolQuota

    pool = programme.pools.get(code="backbone")
    quota = PoolQuota(pool=pool, year=programme.start_year, quota_min=10, quota_max=5000)
    with pytest.raises(ValidationError) as info:
        quota.full_clean()
    assert info.value.message_dict["quota_max"] == [
        f"每年入库数量最多 {QUOTA_MAX:,} 家（个），请核对是否多输了位数。"
    ]


@pytest.mark.django_db
def test_the_quota_form_states_and_enforces_the_limit(programme):
    from programs.forms import form_for
    from programs.models import PoolQuota

    quota = PoolQuota.objects.filter(pool__programme=programme).first()
    form = form_for("quota")(
        {"quota_min": "99999999999", "quota_max": "", "is_new_additions": ""}, instance=quota
    )
    assert not form.is_valid()
    assert form.errors["quota_min"] == [f"每年入库数量最多 {QUOTA_MAX:,} 家（个），请核对是否多输了位数。"]
    assert f"最多 {QUOTA_MAX:,}" in str(form.fields["quota_min"].help_text)


@pytest.mark.django_db
def test_an_enterprise_phone_abc_is_refused_beside_the_field(client_for, office_user, enterprise):
    from tests.core.form_data import enterprise_form

    response = client_for(office_user).post(
        reverse("enterprises:edit", args=[enterprise.pk]), enterprise_form(enterprise, contact_phone="abc")
    )
    assert response.status_code == 200
    assert "请填写有效的电话号码" in response.context["form"].errors["contact_phone"][0]
    enterprise.refresh_from_db()
    assert enterprise.contact_phone == "0539-8000000"


@pytest.mark.django_db
def test_an_enterprise_name_over_100_characters_is_refused(client_for, office_user, enterprise):
    from tests.core.form_data import enterprise_form

    response = client_for(office_user).post(
        reverse("enterprises:edit", args=[enterprise.pk]), enterprise_form(enterprise, name="临" * 120)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["最多 100 个字（现为 120 个），请删减后再保存。"]


@pytest.mark.django_db
def test_an_enterprise_account_needs_a_real_phone(town_user, enterprise):
    from reporting.services import enterprise_user_invite

    with pytest.raises(ValidationError) as info:
        enterprise_user_invite(
            actor=town_user, enterprise=enterprise, username="ent_new", full_name="王小明", phone="abc"
        )
    assert "请填写有效的电话号码" in info.value.message_dict["phone"][0]
