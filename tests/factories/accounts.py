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
    role = Role.ADMIN
    is_staff = True
    is_superuser = True
