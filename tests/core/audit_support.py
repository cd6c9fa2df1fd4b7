"""What the audit tests share: the address and browser a request comes from, and the audit rows of
writes (sign-ins and access rows left out)."""

from core.models import AuditAction, AuditLog

IP = "10.1.2.3"
UA = "Mozilla/5.0 (pytest)"
META = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": UA}


ACCESS = [AuditAction.LOGIN, AuditAction.LOGOUT, AuditAction.DENIED, AuditAction.DOWNLOAD, AuditAction.READ]


def write_rows():
    """Audit rows of writes (sign-ins of the test client's force_login and access rows left out)."""
    return AuditLog.objects.exclude(action__in=ACCESS).order_by("id")


def only_new_row(before_ids):
    rows = list(write_rows().exclude(pk__in=before_ids))
    assert len(rows) == 1, rows
    return rows[0]


def write_ids():
    return set(write_rows().values_list("pk", flat=True))


def assert_from_request(row, user):
    assert row.actor == user
    assert row.actor_username == user.username
    assert row.ip == IP
    assert row.user_agent == UA
