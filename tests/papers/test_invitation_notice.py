"""An invitation handed over the way officials do: a printable notice with a QR code of the link and a
message ready for WeChat, in the one response that shows the link (the token is stored nowhere)."""

import re

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_new_account_comes_with_a_printable_notice_and_a_wechat_message(client_for, town_user, enterprise):
    page = client_for(town_user).post(
        "/reporting/accounts/",
        {"enterprise": enterprise.pk, "username": "ent_x", "full_name": "李雷", "phone": "13900000000"},
    )
    text = page.content.decode()
    link = re.search(r"http://testserver/reporting/invitation/[\w-]+/", text).group(0)
    assert 'data-testid="invitation-notice"' in text and "企业账号开通通知" in text
    assert "<svg" in text and "邀请链接二维码" in text  # the QR code, drawn inline
    wechat = re.search(r'data-testid="wechat-text">([^<]*)</textarea>', text).group(1)
    assert enterprise.name in wechat and "ent_x" in wechat and link in wechat
    assert "portal/print.css" in text and "portal/print.js" in text
    assert not User.objects.get(username="ent_x").is_active


def test_a_renewed_link_comes_with_its_notice(client_for, town_user, enterprise):
    client = client_for(town_user)
    client.post(
        "/reporting/accounts/",
        {"enterprise": enterprise.pk, "username": "ent_y", "full_name": "韩梅梅", "phone": "13900000001"},
    )
    account = User.objects.get(username="ent_y")
    text = client.post(f"/reporting/accounts/{account.pk}/reinvite/").content.decode()
    assert 'data-testid="invitation-notice"' in text and "ent_y" in text and "<svg" in text
