"""What the permission matrices of tests/core share: the roles, in the column order of every line, and
the `world` the placeholders of their URLs are filled from (the fixture is in conftest.py)."""

from dataclasses import dataclass

from enterprises.models import Enterprise, Project
from programs.models import Pool, PoolQuota

ROLES = ("anonymous", "town", "department", "office", "enterprise", "admin", "security_admin", "audit_admin")
ADMINISTRATORS = ("admin", "security_admin", "audit_admin")
LOGIN_URL = "/accounts/login/"


def row(anonymous, town, department, office, enterprise, admin, security=None, audit=None) -> dict[str, int]:
    """One line of the matrix, in the column order of ROLES. The security and audit administrators
    answer as the system administrator unless the line says otherwise: none of the three reads
    business data (三员分立)."""
    security = admin if security is None else security
    audit = admin if audit is None else audit
    values = (anonymous, town, department, office, enterprise, admin, security, audit)
    return dict(zip(ROLES, values, strict=True))


@dataclass
class World:
    users: dict
    enterprise: Enterprise
    other_enterprise: Enterprise
    project: Project
    other_project: Project
    quota: PoolQuota
    pool: Pool
    ids: dict

    def url(self, template: str) -> str:
        return template.format(**self.ids)
