"""Long selects are searchable by pinyin and its initials: every option of a select over LONG options
carries data-pinyin (rendered by the base form, one place); short selects and non-Chinese labels do not."""

import pytest
from django import forms
from django.urls import reverse

from core.forms import BootstrapFormMixin
from core.pinyin import LONG, search_key
from tests.factories import EnterpriseFactory


def _form(count: int):
    names = ["册山街道", *[f"第{i}号" for i in range(count - 1)]]

    class Form(BootstrapFormMixin, forms.Form):
        town = forms.ChoiceField(choices=[(str(i), name) for i, name in enumerate(names)])
        many = forms.MultipleChoiceField(choices=[(str(i), name) for i, name in enumerate(names)])

    return Form()


def test_the_key_is_full_pinyin_and_initials():
    assert search_key("册山街道") == "ceshanjiedao csjd"
    assert search_key("重庆路") == "chongqinglu cql"  # a polyphone read in its phrase
    assert search_key("ABC 123") == ""


def test_a_long_select_carries_pinyin_on_each_option():
    html = str(_form(LONG + 1)["town"])
    assert 'data-pinyin="ceshanjiedao csjd"' in html
    assert html.count("data-pinyin=") == LONG + 1
    assert 'data-pinyin="ceshanjiedao csjd"' in str(_form(LONG + 1)["many"])  # multiple selects too


def test_a_short_select_stays_plain():
    assert "data-pinyin" not in str(_form(LONG)["town"])


@pytest.mark.django_db
def test_the_nomination_start_page_renders_pinyin_on_the_town_enterprises(
    client_for, programme, town_user, town
):
    for i in range(LONG):
        EnterpriseFactory(town=town, name=f"临沂批量{i:02d}陶瓷有限公司")
    EnterpriseFactory(town=town, name="册山光电有限公司")
    page = client_for(town_user).get(reverse("pools:nomination_start")).content.decode()
    assert 'data-pinyin="ceshanguangdianyouxiangongsi csgdyxgs"' in page
