"""Registry writes through the services: who may write what, and which town it lands in."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core.models import AuditAction, AuditLog
from enterprises import services
from enterprises.models import Enterprise, Project
from enterprises.uscc import make_uscc
from tests.factories import EnterpriseFactory, IndustryFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _enterprise_data(**overrides) -> dict:
    data = {
        "uscc": make_uscc("371311", 700001),
        "name": "临沂丙新材料有限公司",
        "industry": IndustryFactory(code="30"),
        "is_above_scale": False,
        "status": Enterprise.Status.OPERATING,
    }
    return {**data, **overrides}


def _project_data(enterprise, **overrides) -> dict:
    data = {
        "name": "年产10万吨新型陶瓷项目",
        "enterprise": enterprise,
        "town": enterprise.town,
        "total_investment": Decimal("5000.00"),
    }
    return {**data, **overrides}


# --- enterprise_create --------------------------------------------------------------------------


def test_town_official_registers_in_own_town_whatever_is_passed(town_user, other_town):
    # given a town official who passes another town
    data = _enterprise_data(town=other_town)

    # when they register the enterprise
    enterprise = services.enterprise_create(actor=town_user, data=data)

    # then it belongs to their own town, and the write is audited
    enterprise.refresh_from_db()
    assert enterprise.town == town_user.town
    assert not Enterprise.objects.filter(town=other_town).exists()
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, object_id=str(enterprise.pk), actor=town_user
    ).exists()


def test_town_official_without_town_in_data_gets_own_town(town_user):
    enterprise = services.enterprise_create(actor=town_user, data=_enterprise_data())

    assert enterprise.town_id == town_user.town_id


def test_uscc_is_stored_normalised(town_user):
    code = make_uscc("371311", 700002)

    enterprise = services.enterprise_create(actor=town_user, data=_enterprise_data(uscc=f" {code.lower()} "))

    enterprise.refresh_from_db()
    assert enterprise.uscc == code


def test_office_must_choose_a_town(office_user):
    with pytest.raises(ValidationError) as info:
        services.enterprise_create(actor=office_user, data=_enterprise_data())

    assert "town" in info.value.message_dict
    assert not Enterprise.objects.exists()


def test_office_registers_in_the_town_it_chooses(office_user, other_town):
    enterprise = services.enterprise_create(actor=office_user, data=_enterprise_data(town=other_town))

    assert enterprise.town == other_town


@pytest.mark.parametrize("typed", ["same", "lower"])
def test_duplicate_uscc_is_refused_on_the_uscc_field(town_user, enterprise, typed):
    # given an enterprise already registered / when the same code is registered again (also in lower case)
    code = enterprise.uscc if typed == "same" else enterprise.uscc.lower()

    with pytest.raises(ValidationError) as info:
        services.enterprise_create(actor=town_user, data=_enterprise_data(uscc=code))

    # then the error is on the code and nothing was added
    assert "uscc" in info.value.message_dict
    assert Enterprise.objects.count() == 1


def test_invalid_uscc_is_refused_by_the_service(town_user):
    with pytest.raises(ValidationError) as info:
        services.enterprise_create(actor=town_user, data=_enterprise_data(uscc="91350100M000100Y44"))

    assert "uscc" in info.value.message_dict
    assert "第18位应为“3”" in info.value.message_dict["uscc"][0]
    assert not Enterprise.objects.exists()


def test_duplicate_uscc_on_the_form_page_shows_the_error_and_creates_nothing(
    client_for, town_user, enterprise
):
    # given a town official on the registration page / when they post an already registered code
    client = client_for(town_user)
    response = client.post(
        "/enterprises/new/",
        {
            "uscc": enterprise.uscc.lower(),
            "name": "另一家有限公司",
            "industry": IndustryFactory(code="30").pk,
            "status": Enterprise.Status.OPERATING,
        },
    )

    # then the form comes back with the error on the code, and nothing is created
    assert response.status_code == 200
    form = response.context["form"]
    assert "uscc" in form.errors
    assert form.errors["uscc"][0] in response.content.decode()
    assert Enterprise.objects.count() == 1
    assert not Enterprise.objects.filter(name="另一家有限公司").exists()


def test_form_page_registers_a_new_enterprise_in_own_town(client_for, town_user):
    client = client_for(town_user)
    code = make_uscc("371311", 700003)

    response = client.post(
        "/enterprises/new/",
        {
            "uscc": code,
            "name": "临沂丁机械有限公司",
            "industry": IndustryFactory(code="30").pk,
            "status": Enterprise.Status.OPERATING,
        },
    )

    enterprise = Enterprise.objects.get(uscc=code)
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{enterprise.pk}/"
    assert enterprise.town == town_user.town


@pytest.mark.parametrize("role", ["department", "enterprise", "admin"])
def test_other_roles_cannot_register_enterprises(users, role, other_town):
    with pytest.raises(PermissionDenied):
        services.enterprise_create(actor=users[role], data=_enterprise_data(town=other_town))

    assert not Enterprise.objects.filter(uscc=make_uscc("371311", 700001)).exists()


@pytest.mark.parametrize("role", ["department", "enterprise", "admin"])
def test_other_roles_cannot_update_enterprises(users, role, enterprise):
    with pytest.raises(PermissionDenied):
        services.enterprise_update(actor=users[role], enterprise=enterprise, data={"name": "改名有限公司"})

    enterprise.refresh_from_db()
    assert enterprise.name == "临沂甲陶瓷有限公司"


@pytest.mark.parametrize("role", ["department", "enterprise", "admin"])
def test_other_roles_cannot_register_projects(users, role, enterprise):
    with pytest.raises(PermissionDenied):
        services.project_create(actor=users[role], data=_project_data(enterprise))

    assert not Project.objects.exists()


# --- enterprise_update --------------------------------------------------------------------------


def test_town_cannot_update_another_towns_enterprise(town_user, other_enterprise):
    with pytest.raises(PermissionDenied) as info:
        services.enterprise_update(
            actor=town_user, enterprise=other_enterprise, data={"name": "改名有限公司"}
        )

    assert "本街镇" in str(info.value)
    other_enterprise.refresh_from_db()
    assert other_enterprise.name == "临沂乙机械有限公司"


def test_town_updates_own_enterprise_and_it_is_audited(town_user, enterprise):
    services.enterprise_update(actor=town_user, enterprise=enterprise, data={"contact_phone": "0539-8111111"})

    enterprise.refresh_from_db()
    assert enterprise.contact_phone == "0539-8111111"
    log = AuditLog.objects.get(action=AuditAction.UPDATE, object_id=str(enterprise.pk))
    assert log.before == {"contact_phone": "0539-8000000"}
    assert log.after == {"contact_phone": "0539-8111111"}


def test_office_can_move_an_enterprise_to_another_town(office_user, enterprise, other_town):
    services.enterprise_update(actor=office_user, enterprise=enterprise, data={"town": other_town})

    enterprise.refresh_from_db()
    assert enterprise.town == other_town


def test_town_cannot_move_its_enterprise_the_town_field_is_ignored(town_user, enterprise, other_town):
    # given a town official who passes another town with a legitimate change
    services.enterprise_update(
        actor=town_user, enterprise=enterprise, data={"town": other_town, "name": "临沂甲陶瓷股份有限公司"}
    )

    # then the change is saved but the enterprise stays in the official's town
    enterprise.refresh_from_db()
    assert enterprise.town == town_user.town
    assert enterprise.name == "临沂甲陶瓷股份有限公司"


def test_update_to_a_uscc_already_registered_is_refused(office_user, enterprise, other_enterprise):
    with pytest.raises(ValidationError) as info:
        services.enterprise_update(
            actor=office_user, enterprise=enterprise, data={"uscc": other_enterprise.uscc}
        )

    assert "uscc" in info.value.message_dict
    enterprise.refresh_from_db()
    assert enterprise.uscc != other_enterprise.uscc


# --- projects ------------------------------------------------------------------------------------


def test_town_registers_a_project_of_its_own_enterprise(town_user, enterprise, other_town):
    project = services.project_create(actor=town_user, data=_project_data(enterprise, town=other_town))

    project.refresh_from_db()
    assert project.enterprise == enterprise
    assert project.town == town_user.town


def test_project_create_refuses_an_enterprise_of_another_town(town_user, other_enterprise):
    with pytest.raises(ValidationError) as info:
        services.project_create(actor=town_user, data=_project_data(other_enterprise))

    assert info.value.message_dict == {"enterprise": ["只能为本街镇登记的企业申报项目。"]}
    assert not Project.objects.exists()


def test_project_update_refuses_switching_to_an_enterprise_of_another_town(
    town_user, enterprise, other_enterprise
):
    project = ProjectFactory(enterprise=enterprise)

    with pytest.raises(ValidationError) as info:
        services.project_update(actor=town_user, project=project, data={"enterprise": other_enterprise})

    assert "enterprise" in info.value.message_dict
    project.refresh_from_db()
    assert project.enterprise == enterprise


def test_town_cannot_update_another_towns_project(town_user, other_enterprise):
    project = ProjectFactory(enterprise=other_enterprise, name="乙项目")

    with pytest.raises(PermissionDenied):
        services.project_update(actor=town_user, project=project, data={"name": "改名项目"})

    project.refresh_from_db()
    assert project.name == "乙项目"


@pytest.mark.parametrize("investment", [Decimal("0"), Decimal("-1.00")])
def test_project_total_investment_must_be_positive(office_user, enterprise, investment):
    with pytest.raises(ValidationError) as info:
        services.project_create(
            actor=office_user, data=_project_data(enterprise, total_investment=investment)
        )

    assert info.value.message_dict == {"total_investment": ["总投资须大于0万元。"]}
    assert not Project.objects.exists()


def test_database_refuses_non_positive_investment_written_around_the_service(enterprise):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(
            name="绕过服务的项目", enterprise=enterprise, town=enterprise.town, total_investment=Decimal("0")
        )

    assert not Project.objects.exists()


def test_smallest_positive_investment_is_accepted(office_user, enterprise):
    project = services.project_create(
        actor=office_user, data=_project_data(enterprise, total_investment=Decimal("0.01"))
    )

    assert project.total_investment == Decimal("0.01")


def test_project_name_is_unique_per_enterprise(office_user, enterprise, other_enterprise):
    services.project_create(actor=office_user, data=_project_data(enterprise))

    with pytest.raises(ValidationError):
        services.project_create(actor=office_user, data=_project_data(enterprise))
    # the same name at another enterprise is fine
    services.project_create(actor=office_user, data=_project_data(other_enterprise))

    assert Project.objects.filter(name="年产10万吨新型陶瓷项目").count() == 2


def test_project_of_zero_investment_on_the_form_page_is_refused(client_for, town_user, enterprise):
    client = client_for(town_user)

    response = client.post(
        "/enterprises/projects/new/",
        {
            "name": "零投资项目",
            "enterprise": enterprise.pk,
            "total_investment": "0",
            "status": "planned",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"total_investment": ["总投资须大于0万元。"]}
    assert "总投资须大于0万元。" in response.content.decode()
    assert not Project.objects.exists()


def test_enterprise_factory_codes_do_not_collide():
    # a guard for the other tests: generated codes are valid and distinct
    codes = {EnterpriseFactory().uscc for _ in range(3)}
    assert len(codes) == 3
