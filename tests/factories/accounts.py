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
    """The system administrator as deployed: Django-admin rights on accounts and lockouts only."""

    role = Role.ADMIN
    is_staff = True
    is_superuser = False

    @factory.post_generation
    def admin_permissions(self, create, extracted, **kwargs):
        if create:
            from accounts.services import grant_admin_permissions

            grant_admin_permissions(self)
