"""docs/access.md is the table of who sees what: every scoped model (a default manager with
`visible_to`, found through django.apps) has a row there, the administrators see nothing the table
says they do not, and every list page and API list returns only rows of `Model.objects.visible_to`.

The world: two towns, each with an enterprise (and its account); two departments, each leading a
pool; a department that leads none (区法院, a credit source); nominations in every state in both
pools, reports (submitted and draft), dues, figures, plans, credit records, objections and ratings."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.paginator import Page
from django.db.models import Model, QuerySet

from accounts.models import User
from credit.models import CreditStatus, RatingTrigger
from credit.rating import rate_all
from pools.models import NominationState
from reporting.models import Figure, FigureImport, FigureSource
from tests.docking.support import docking_rows
from tests.factories import (
    AppealFactory,
    BankFactory,
    BlacklistEntryFactory,
    CreditRecordFactory,
    DepartmentFactory,
    DepartmentUserFactory,
    DevelopmentPlanFactory,
    DistrictIndicatorFactory,
    EnterpriseFactory,
    FigureFactory,
    NominationFactory,
    PoolEntryFactory,
    PoolFactory,
    PoolQuotaFactory,
    ProgrammeFactory,
    ProjectFactory,
    ReportDueFactory,
    ReportFactory,
    SourceUserFactory,
    YearTargetFactory,
)
from tests.factories.assessment import assessment_rows
from tests.factories.funds import BridgeLoanFactory, funded_sub_fund
from tests.funds.support_guarantees import fund_business_rows

pytestmark = pytest.mark.django_db
ACCESS_DOC = Path(settings.BASE_DIR) / "docs" / "access.md"
COLUMNS = ("town", "department", "office", "enterprise", "bank", "administrators", "why")
ADMINISTRATOR_ROLES = ("admin", "security_admin", "audit_admin")


def scoped_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if hasattr(m._default_manager, "visible_to")]


def documented_rows() -> dict[str, dict[str, str]]:
    """{"app_label.Model": {column: text}} from the table rows of docs/access.md."""
    rows = {}
    for line in ACCESS_DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*`(\w+\.\w+)`\s*\|(.*)\|\s*$", line)
        if match:
            cells = [cell.strip() for cell in match.group(2).split("|")]
            rows[match.group(1)] = dict(zip(COLUMNS, cells, strict=False))
    return rows


def administrators() -> list[User]:
    """The three administrator roles and a superuser without a business role (not saved: the
    administrator roles may not exist in the role list yet; visible_to reads only the attributes)."""
    users = [User(username=role, role=role, is_active=True) for role in ADMINISTRATOR_ROLES]
    users.append(User(username="root", role="", is_superuser=True, is_staff=True, is_active=True))
    return users


# --- the world -------------------------------------------------------------------------------------


@pytest.fixture
def world(users, other_town_user, other_enterprise_user, enterprise, other_enterprise, department_user):
    programme = ProgrammeFactory(code="access-test", start_year=2017, end_year=2019, is_current=True)
    other_department_user = DepartmentUserFactory(
        username="dept_science", department=DepartmentFactory(code="science_tech", name="区科技局")
    )
    court_user = SourceUserFactory(username="dept_court", source="court")  # leads no pool
    pool_a = PoolFactory(programme=programme, code="smart", lead_departments=[department_user.department])
    pool_b = PoolFactory(
        programme=programme, code="tech", lead_departments=[other_department_user.department]
    )
    pool_b.responsible_departments.set([department_user.department])
    # pool A: the first enterprise is an entry, the other town's has a draft and a submission
    entry_a = PoolEntryFactory(pool=pool_a, year=2018, enterprise=enterprise)
    NominationFactory(pool=pool_a, year=2018, town=other_enterprise.town, enterprise=other_enterprise)
    NominationFactory(
        pool=pool_a,
        year=2018,
        town=other_enterprise.town,
        for_project=True,
        project=ProjectFactory(enterprise=other_enterprise, town=other_enterprise.town),
        submitted=True,
    )
    # pool B: the other enterprise is an entry, the first town's enterprise is submitted, a third a draft
    entry_b = PoolEntryFactory(pool=pool_b, year=2018, enterprise=other_enterprise)
    NominationFactory(pool=pool_b, year=2018, town=enterprise.town, enterprise=enterprise, submitted=True)
    NominationFactory(
        pool=pool_b, year=2018, town=enterprise.town, enterprise=EnterpriseFactory(town=enterprise.town)
    )
    NominationFactory(
        pool=pool_b,
        year=2018,
        town=enterprise.town,
        enterprise=EnterpriseFactory(town=enterprise.town),
        state=NominationState.RETURNED,
    )
    outsider = EnterpriseFactory(town=other_enterprise.town)  # in no pool at all
    BlacklistEntryFactory(enterprise=outsider)
    for nomination in (entry_a, entry_b):
        DevelopmentPlanFactory(nomination=nomination)
    for company in (enterprise, other_enterprise, outsider):
        ReportFactory(enterprise=company, year=2018, month=3, submitted=True)
        ReportFactory(enterprise=company, year=2018, month=4)
        ReportDueFactory(enterprise=company, year=2018, month=3)
        ReportDueFactory(enterprise=company, year=2018, month=5)
        FigureFactory(enterprise=company, source=FigureSource.SELF, value="900.00")
        FigureFactory(enterprise=company, source=FigureSource.OFFICIAL, value="1000.00")
        ProjectFactory(enterprise=company, town=company.town)
        record = CreditRecordFactory(enterprise=company, kind_code="court")
        CreditRecordFactory(enterprise=company, kind_code="tax")
        AppealFactory(record=record)
    FigureImport.objects.create(
        actor=department_user, department=department_user.department, file_name="a.xlsx", status="succeeded"
    )
    FigureImport.objects.create(
        actor=court_user, department=court_user.department, file_name="b.xlsx", status="succeeded"
    )
    rate_all(trigger=RatingTrigger.SEED)
    assessment_rows(
        office=users["office"],
        town=enterprise.town,
        department=department_user.department,
        enterprise=enterprise,
    )
    bank_user = docking_rows(users["office"], enterprise, other_enterprise)
    _dispatch_reports(users["office"])
    bridge = funded_sub_fund(fund__programme=pool_a.programme)  # a fund with a ledger entry
    for company in (enterprise, other_enterprise):
        BridgeLoanFactory(sub_fund=bridge, enterprise=company)
    fund_business_rows(pool_a.programme, enterprise, BankFactory())  # guarantees, claims, investments
    _cockpit_rows(programme, department_user)
    viewers = {
        **{role: user for role, user in users.items() if user is not None},
        "other_town": other_town_user,
        "other_enterprise": other_enterprise_user,
        "other_department": other_department_user,
        "court": court_user,
        "bank": bank_user,
    }
    return {"users": viewers, "pools": (pool_a, pool_b)}


def _dispatch_reports(office):
    """A published dispatch report of March 2018 and the April draft (settings, counter, events)."""
    from datetime import date

    from assessment.services.dispatch import dispatch_publish, generate_dispatch_report

    march = generate_dispatch_report(2018, 3, today=date(2018, 4, 10))
    dispatch_publish(actor=office, report=march, issued_on=date(2018, 4, 10))
    generate_dispatch_report(2018, 4, today=date(2018, 5, 10))


# --- the table covers every scoped model --------------------------------------------------------


def test_every_scoped_model_has_a_row_in_the_access_table():
    # given the models whose default manager has visible_to, and the table's rows
    registry = {m._meta.label for m in scoped_models()}
    rows = documented_rows()
    # then every scoped model has a row, every row names a scoped model, and every cell is filled
    assert registry - set(rows) == set(), "add these models to docs/access.md"
    assert set(rows) - registry == set(), "these rows of docs/access.md name no scoped model"
    for label, cells in rows.items():
        assert all(cells.get(column) for column in COLUMNS), f"{label}: every column needs an answer"


def test_administrators_see_no_business_data(world):
    # given every scoped model the table marks "none" for the administrators
    rows = documented_rows()
    none_for_admins = [m for m in scoped_models() if rows[m._meta.label]["administrators"] == "none"]
    assert {"enterprises.Enterprise", "pools.Nomination", "reporting.Figure", "credit.CreditRecord"} <= {
        m._meta.label for m in none_for_admins
    }
    office = world["users"]["office"]
    for model in none_for_admins:
        # when the office and each administrator (and a superuser) ask for the rows
        assert model._default_manager.visible_to(office).exists(), (
            f"{model._meta.label}: no rows in the world"
        )
        for admin in [*administrators(), world["users"]["admin"]]:
            # then the administrator sees none
            assert not model._default_manager.visible_to(admin).exists(), (model._meta.label, admin.role)


def _cockpit_rows(programme, department_user) -> None:
    """The cockpit's summary rows of the world: an indicator with an entered actual, a quota the
    pool is below (an alert), refreshed as of mid-2018."""
    from datetime import date, datetime

    from cockpit.models import ActualEntry
    from cockpit.services import refresh_cockpit

    indicator = DistrictIndicatorFactory(programme=programme, code="output", unit="万元")
    indicator.lead_departments.set([department_user.department])
    YearTargetFactory(indicator=indicator, year=2018, target="1000")
    office = User.objects.filter(role="office").first()
    ActualEntry.objects.create(
        indicator=indicator, year=2018, month=3, value="10", source_note="test", entered_by=office
    )
    PoolQuotaFactory(pool=programme.pools.get(code="smart"), year=2018, quota_min=10)
    # the credit rows count the enterprises registered by each month's end: the world's, since 2018
    from django.utils import timezone

    from enterprises.models import Enterprise

    Enterprise.objects.update(created_at=timezone.make_aware(datetime(2018, 1, 1)))
    refresh_cockpit(year=2018, today=date(2018, 6, 15))


# --- list pages and API lists return only visible rows ------------------------------------------

LIST_PAGES = [
    "/enterprises/",
    "/enterprises/projects/",
    "/pools/nominations/",
    "/pools/nominations/?year=2018",
    "/pools/review/",
    "/pools/review/?state=",
    "/pools/2018/smart/",
    "/pools/2018/tech/",
    "/reporting/",
    "/reporting/late/?year=2018",
    "/reporting/gaps/?year=2018&all_rows=on",
    "/reporting/imports/",
    "/credit/records/",
    "/credit/appeals/?state=",
    "/credit/ratings/",
    "/credit/blacklist/",
    "/assessment/dispatch/",
    "/funds/guarantees/",
    "/funds/guarantees/claims/",
    "/audit/",
    "/notifications/",
    "/home/town/",
    "/home/department/",
    "/home/office/",
    "/home/enterprise/",
    "/assessment/runs/",
    "/assessment/reviews/",
    "/assessment/supervision/",
    "/assessment/visits/",
    "/docking/meetings/",
    "/docking/applications/",
    "/docking/specialists/",
    "/docking/visits/",
    "/docking/workbench/",
    "/docking/mine/",
    "/home/bank/",
    "/funds/",
    "/funds/bridge/",
    "/cockpit/?year=2018",
]

# API list → (model, the result field holding its id, the model field that id is)
API_LISTS = {
    "/api/v1/enterprises/": ("enterprises.Enterprise", "id", "pk"),
    "/api/v1/projects/": ("enterprises.Project", "id", "pk"),
    "/api/v1/nominations/": ("pools.Nomination", "id", "pk"),
    "/api/v1/reports/": ("reporting.Report", "id", "pk"),
    # the indicators of an enterprise are its figures: every figure row of it must be visible
    "/api/v1/indicators/?year=2018": ("reporting.Figure", "enterprise", "figures of"),
    "/api/v1/credit/records/": ("credit.CreditRecord", "id", "pk"),
    "/api/v1/credit/appeals/?state=": ("credit.Appeal", "id", "pk"),
    "/api/v1/credit/ratings/": ("credit.Rating", "id", "pk"),
    "/api/v1/credit/status/": ("credit.CreditStatus", "enterprise", "enterprise_id"),
    "/api/v1/assessment/results/": ("assessment.Result", "id", "pk"),
    "/api/v1/assessment/reviews/": ("assessment.ReviewRating", "id", "pk"),
    "/api/v1/docking/applications/": ("docking.LoanApplication", "id", "pk"),
    "/api/v1/docking/meetings/": ("docking.Meeting", "id", "pk"),
    "/api/v1/assessment/reports/": ("assessment.DispatchReport", "id", "pk"),
    "/api/v1/funds/bridge-loans/": ("funds.BridgeLoan", "id", "pk"),
    "/api/v1/funds/guarantees/": ("funds.Guarantee", "id", "pk"),
    "/api/v1/funds/investments/": ("funds.GuidanceInvestment", "id", "pk"),
}


def _objects(value, depth=0):
    """Model instances a page shows: in the context's pages, querysets, lists and dicts."""
    if isinstance(value, Model):
        yield value
    elif depth > 2:
        return
    elif isinstance(value, Page):
        yield from _objects(list(value.object_list), depth + 1)
    elif isinstance(value, QuerySet):
        yield from _objects(list(value[:200]), depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _objects(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _objects(item, depth + 1)


class Visible:
    """Model.objects.visible_to(user) per model, evaluated once."""

    def __init__(self, user):
        self.user, self.cache = user, {}

    def ids(self, model, field="pk") -> set:
        key = (model, field)
        if key not in self.cache:
            self.cache[key] = set(model._default_manager.visible_to(self.user).values_list(field, flat=True))
        return self.cache[key]


def test_list_pages_return_only_rows_visible_to_the_viewer(world, client_for):
    checked = 0
    for role, user in world["users"].items():
        visible, client = Visible(user), client_for(user)
        for url in LIST_PAGES:
            response = client.get(url)
            if response.status_code != 200 or response.context is None:
                continue
            context = {}
            for layer in response.context:
                context.update(layer.flatten())
            for obj in _objects({k: v for k, v in context.items() if k not in {"user", "perms", "request"}}):
                model = type(obj)
                if not hasattr(model._default_manager, "visible_to"):
                    continue
                assert obj.pk in visible.ids(model), f"{url} shows {model._meta.label} {obj.pk} to {role}"
                checked += 1
    assert checked > 100  # the pages did show rows


def test_api_lists_return_only_rows_visible_to_the_caller(world, client_for):
    checked = 0
    for role, user in world["users"].items():
        visible, client = Visible(user), client_for(user)
        for url, (label, key, field) in API_LISTS.items():
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = response.json()
            results = body["results"] if isinstance(body, dict) else body
            model = apps.get_model(label)
            for item in results:
                if field == "figures of":
                    shown = set(Figure.objects.filter(enterprise_id=item[key]).values_list("pk", flat=True))
                    assert shown <= visible.ids(Figure), f"{url} shows figures of {item[key]} to {role}"
                else:
                    assert item[key] in visible.ids(model, field), (
                        f"{url} returns {label} {item[key]} to {role}"
                    )
                checked += 1
    assert checked > 50


def test_a_department_lists_only_what_its_pools_concern(world, client_for):
    # given the lead department of pool A (responsible for pool B) and the court (no pool)
    department, court = world["users"]["department"], world["users"]["court"]
    # then the department's nominations are those submitted to its two pools, never a draft
    nominations = client_for(department).get("/api/v1/nominations/").json()["results"]
    assert nominations and all(n["state"] != NominationState.DRAFT for n in nominations)
    # and the court reads no enterprise's reports or figures (it is in no pool)
    assert client_for(court).get("/api/v1/reports/").json()["results"] == []
    assert client_for(court).get("/api/v1/indicators/?year=2018").json()["results"] == []
    assert not Figure.objects.visible_to(court).filter(source=FigureSource.SELF).exists()
    assert CreditStatus.objects.visible_to(court).exists()  # ratings are for every department
