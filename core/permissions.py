"""A permission answer that carries its reason, so pages, the API and services can all say why."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def allow() -> Decision:
    return Decision(True)


def deny(reason) -> Decision:
    return Decision(False, str(reason))


def require(decision: Decision) -> None:
    """Raise Django's PermissionDenied with the reason: views answer 403, the API `{"detail": reason}`."""
    if not decision:
        raise PermissionDenied(decision.reason)
