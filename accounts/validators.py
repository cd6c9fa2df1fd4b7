import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CLASSES = (
    re.compile(r"[a-z]"),
    re.compile(r"[A-Z]"),
    re.compile(r"[0-9]"),
    re.compile(r"[^a-zA-Z0-9]"),
)


class CharacterClassValidator:
    """Government-system password rule: characters of at least N of the four classes
    (lower case, upper case, digits, symbols)."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = sum(1 for pattern in _CLASSES if pattern.search(password or ""))
        if used < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中至少 %(n)d 类字符。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中至少 %(n)d 类字符。") % {"n": self.min_classes}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with the portal's own wording (Django's zh-hans catalogue lacks the plural form)."""

    def get_error_message(self):
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}


class PasswordHistoryValidator:
    """等保2.0: a new password may not be one of the account's last PASSWORD_HISTORY_COUNT passwords.
    Django calls `password_changed` after each save of a new password: that is where the history grows."""

    def validate(self, password, user=None):
        from django.conf import settings
        from django.contrib.auth.hashers import check_password

        from .selectors import recent_password_hashes

        if user is None or user.pk is None:
            return
        if any(check_password(password, encoded) for encoded in recent_password_hashes(user)):
            raise ValidationError(
                _("新密码不能与最近 %(count)d 次使用过的密码相同。")
                % {"count": settings.PASSWORD_HISTORY_COUNT},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        from .services import password_history_record

        if user is not None:
            password_history_record(user=user)

    def get_help_text(self):
        from django.conf import settings

        return _("不能与最近 %(count)d 次使用过的密码相同。") % {"count": settings.PASSWORD_HISTORY_COUNT}
