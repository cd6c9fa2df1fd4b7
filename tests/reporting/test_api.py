"""The reporting API: the workflow end to end, indicators with their working, the import endpoint, the schema."""

from decimal import Decimal

import pytest
import yaml

from reporting.models import Figure
from tests.factories import FigureFactory, report_figures
from tests.reporting.support import HEAD, xlsx

pytestmark = pytest.mark.django_db


def test_report_workflow_through_the_api(enterprise_user, town_user, entry, client_for):
    client = client_for(enterprise_user)
    created = client.post("/api/v1/reports/", {"year": 2018, "month": 12}, content_type="application/json")
    assert created.status_code == 201, created.json()
    report = created.json()
    assert report["state"] == "draft" and report["entries"][0]["nomination"] == entry.pk
    again = client.post("/api/v1/reports/", {"year": 2018, "month": 12}, content_type="application/json")
    assert again.status_code == 409 and "已存在" in again.json()["detail"]
    bad = client.patch(
        f"/api/v1/reports/{report['id']}/",
        {"figures": {"output": {"value": "-1"}}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "不能为负数" in str(bad.json())
    ok = client.patch(
        f"/api/v1/reports/{report['id']}/",
        {
            "figures": report_figures(value="100", ytd="1200"),
            "entries": {str(entry.pk): {"progress": "全年目标完成"}},
        },
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["figures"]["output"] == {"value": "100.00", "ytd": "1200.00"}
    assert (
        client.post(f"/api/v1/reports/{report['id']}/submit/", {}, content_type="application/json").json()[
            "state"
        ]
        == "submitted"
    )
    town = client_for(town_user)
    refused = town.post(f"/api/v1/reports/{report['id']}/return/", {}, content_type="application/json")
    assert refused.status_code == 400 and "comment" in refused.json()
    confirmed = town.post(f"/api/v1/reports/{report['id']}/confirm/", {}, content_type="application/json")
    assert confirmed.json()["state"] == "confirmed"
    # December's year-to-date is the year's self-reported figure on the indicators endpoint
    sheet = (
        client_for(enterprise_user)
        .get(f"/api/v1/indicators/{enterprise_user.enterprise_id}/?year=2018")
        .json()
    )
    output = next(g for g in sheet["annual"] if g["metric"] == "output")
    assert output["current"]["value"] == "1200.00" and output["current"]["source"] == "self"
    assert output["current"]["note"] == "按12月本年累计" and output["rate"] is None
    assert sheet["criteria"]["output_value"]["value"] == "1200.00"
    correction = client_for(enterprise_user).post(
        f"/api/v1/reports/{report['id']}/correct/", {"reason": "补报"}, content_type="application/json"
    )
    assert correction.status_code == 201 and correction.json()["version"] == 2


def test_indicators_list_has_growth_and_is_scoped(town_user, enterprise, other_enterprise, client_for):
    FigureFactory(enterprise=enterprise, year=2017, metric="tax", value=Decimal("40"))
    FigureFactory(enterprise=enterprise, year=2018, metric="tax", value=Decimal("50"))
    FigureFactory(enterprise=other_enterprise, year=2018, metric="tax", value=Decimal("1"))
    data = client_for(town_user).get("/api/v1/indicators/?year=2018").json()
    assert [r["enterprise"] for r in data["results"]] == [enterprise.pk]
    assert data["results"][0]["figures"]["tax"] == {
        "value": "50.00",
        "previous": "40.00",
        "rate": "25.00",
        "source": "official",
    }
    assert client_for(town_user).get("/api/v1/indicators/?year=x").status_code == 400
    assert client_for(town_user).get("/api/v1/indicators/?month=13").status_code == 400


def test_import_endpoint(statistics_user, town_user, enterprise, client_for):
    upload = xlsx([[enterprise.uscc, "", 2018, "", "100", "", "", "", ""]])
    response = client_for(statistics_user).post("/api/v1/figure-imports/", {"file": upload})
    assert response.status_code == 201 and response.json()["figures"] == 1
    bad = client_for(statistics_user).post(
        "/api/v1/figure-imports/", {"file": xlsx([["x", "", 2018, "", "1", "", "", "", ""]])}
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["row"] == 2
    assert client_for(town_user).post("/api/v1/figure-imports/", {"file": xlsx([], HEAD)}).status_code == 403
    assert Figure.objects.count() == 1


def test_endpoints_are_in_the_openapi_schema(office_user, client_for):
    schema = yaml.safe_load(client_for(office_user).get("/api/v1/schema/").content)
    paths = schema["paths"]
    for path in [
        "/api/v1/reports/",
        "/api/v1/reports/{id}/",
        "/api/v1/reports/{id}/submit/",
        "/api/v1/reports/{id}/confirm/",
        "/api/v1/reports/{id}/return/",
        "/api/v1/reports/{id}/correct/",
        "/api/v1/indicators/",
        "/api/v1/indicators/{id}/",
        "/api/v1/figure-imports/",
    ]:
        assert path in paths, path
    assert "409" in paths["/api/v1/reports/{id}/confirm/"]["post"]["responses"]
