"""The invitation handed over as officials do: a printable notice with a QR code of the link (scanned
with WeChat or a phone camera) and a message ready to paste into WeChat. Built in the response that
shows the link, which is never stored (the token is shown once)."""

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def invitation_notice(*, account, link: str, issuer) -> dict:
    days = settings.PORTAL_INVITATION_DAYS
    qr = segno.make(link, error="m")
    return {
        "enterprise": account.enterprise.name,
        "username": account.username,
        "link": link,
        "days": days,
        "issuer": issuer.unit_name,
        "date": timezone.localdate(),
        "qr_svg": mark_safe(qr.svg_inline(scale=4, title=_("邀请链接二维码"))),  # segno's own markup
        "wechat": _(
            "【产业培育】%(enterprise)s：已为您开设账号 %(username)s。请在%(days)s天内用手机或电脑打开以下链接设置密码，"
            "之后即可登录填报月度报告：%(link)s（链接仅供本人使用，请勿转发。）"
        )
        % {"enterprise": account.enterprise.name, "username": account.username, "days": days, "link": link},
    }
