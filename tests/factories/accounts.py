import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User

from .enterprises import EnterpriseFactory
from .programs import BankFactory, DepartmentFactory, TownFactory

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


class BankUserFactory(UserFactory):
    role = Role.BANK
    bank = factory.SubFactory(BankFactory)


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


class TOTPDeviceFactory(DjangoModelFactory):
    """An enrolled authenticator (confirmed); `confirmed=False` for one being set up."""

    class Meta:
        model = "otp_totp.TOTPDevice"

    user = factory.SubFactory(OfficeUserFactory)
    name = "身份验证器"
    confirmed = True


def totp_code(device) -> str:
    """The code the person's phone shows now; after a code was used in this time step (django-otp refuses
    a code twice), the next step's, which the device still accepts (tolerance of one step)."""
    import time

    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device) -> str:
    """A code that is not the one shown now (nor the next one)."""
    right = int(totp_code(device))
    return f"{(right + 500_000) % 1_000_000:06d}"
