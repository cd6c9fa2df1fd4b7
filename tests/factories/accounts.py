import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User

from .enterprises import EnterpriseFactory
from .programs import DepartmentFactory, TownFactory

PASSWORD = "Test@pass2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "张"
    first_name = "三"
    role = Role.OFFICE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class TownUserFactory(UserFactory):
    role = Role.TOWN
    town = factory.SubFactory(TownFactory)


class DepartmentUserFactory(UserFactory):
    role = Role.DEPARTMENT
    department = factory.SubFactory(DepartmentFactory)


class OfficeUserFactory(UserFactory):
    role = Role.OFFICE


class EnterpriseUserFactory(UserFactory):
    role = Role.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)


class AdminUserFactory(UserFactory):
    """The system administrator as deployed: Django-admin rights on business accounts only."""

    role = Role.ADMIN
    is_staff = True
    is_superuser = False

    @factory.post_generation
    def admin_permissions(self, create, extracted, **kwargs):
        if create:
            from accounts.services import sync_administrator_rights

            sync_administrator_rights(self)


class SecurityAdminUserFactory(UserFactory):
    """The security administrator: lockouts, API tokens, the security policy (no admin site)."""

    role = Role.SECURITY_ADMIN


class AuditAdminUserFactory(UserFactory):
    """The audit administrator: reads and exports the audit trail, nothing else."""

    role = Role.AUDIT_ADMIN


class SuperuserFactory(UserFactory):
    """The account `createsuperuser` makes on the server: no role, every Django-admin right."""

    role = ""
    is_staff = True
    is_superuser = True
