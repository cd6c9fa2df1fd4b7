from decimal import Decimal

import pytest

from programs.loader import ProgrammeFileError, programme_load, read_file
from programs.models import Criterion, Pool, PoolQuota, Programme, YearTarget


def test_policy_file_loads_every_pool_of_the_digest(programme):
    codes = set(programme.pools.values_list("code", flat=True))
    assert codes == {
        "backbone",
        "growth",
        "small_micro",
        "chain_fill",
        "chain_strengthen",
        "chain_build",
        "cluster",
        "internet_plus",
        "smart_manufacturing",
        "customization",
        "green",
        "tech",
        "cooperation",
        "going_global",
        "brand",
    }
    assert programme.paths.count() == 10
    assert (programme.start_year, programme.end_year) == (2017, 2019)


@pytest.mark.parametrize(
    ("pool", "criterion", "operator", "threshold", "unit"),
    [
        ("backbone", "output_value", ">=", Decimal("500000"), "万元"),  # 产值50亿元以上
        ("backbone", "main_revenue_growth", ">=", Decimal("15"), "%"),
        ("growth", "project_investment", ">=", Decimal("2000"), "万元"),
        ("small_micro", "output_value", ">=", Decimal("10000"), "万元"),  # 产值亿元以上
        ("chain_fill", "total_investment", ">", Decimal("10000"), "万元"),  # 投资额过亿元
        ("tech", "rd_ratio", ">", Decimal("1.5"), "%"),  # 超1.5%
        ("customization", "custom_order_growth", ">=", Decimal("15"), "%"),
    ],
)
def test_boundary_words_follow_civil_code_article_1259(programme, pool, criterion, operator, threshold, unit):
    c = Criterion.objects.get(pool__programme=programme, pool__code=pool, code=criterion)
    assert (c.operator, c.threshold, c.unit) == (operator, threshold, unit)


def test_quota_minimum_range_and_none(programme):
    backbone = PoolQuota.objects.get(pool__programme=programme, pool__code="backbone", year=2018)
    tech = PoolQuota.objects.get(pool__programme=programme, pool__code="tech", year=2018)
    cluster = PoolQuota.objects.get(pool__programme=programme, pool__code="cluster", year=2018)
    assert (backbone.quota_min, backbone.quota_max) == (10, None)
    assert (tech.quota_min, tech.quota_max) == (15, 20)
    assert (cluster.quota_min, cluster.quota_max) == (None, None)
    assert PoolQuota.objects.get(
        pool__programme=programme, pool__code="internet_plus", year=2017
    ).is_new_additions


def test_targets_are_data_in_wan_yuan(programme):
    output = YearTarget.objects.get(
        indicator__programme=programme, indicator__code="above_scale_output", year=2019
    )
    assert output.target == Decimal("8000000")  # 800亿元


def test_pool_departments_from_the_text(programme):
    growth = Pool.objects.get(programme=programme, code="growth")
    assert [d.name for d in growth.lead_departments.all()] == ["区中小企业办"]
    assert "罗庄地税分局" in {d.name for d in growth.responsible_departments.all()}


def test_second_programme_loads_beside_the_first(programme):
    data = read_file("tests/programs/data/second-plan-2020-2022.yaml")
    second = programme_load(data=data)
    assert Programme.objects.count() == 2
    assert Programme.objects.current() == second  # the new file says is_current
    assert second.pools.get(code="backbone").quotas.get(year=2021).quota_min == 15
    assert programme.pools.get(code="backbone").quotas.get(year=2018).quota_min == 10


def test_loading_twice_is_refused_without_replace(programme):
    with pytest.raises(ProgrammeFileError, match="已载入"):
        programme_load(data=read_file("programs/data/luofa-2016-23.yaml"))


def test_bad_file_names_the_place_and_leaves_nothing(db):
    data = read_file("tests/programs/data/second-plan-2020-2022.yaml")
    data["paths"][0]["pools"][0]["criteria"][0]["metric"] = "profit_margin"
    with pytest.raises(ProgrammeFileError, match=r"paths\[0\]\.pools\[0\]\.criteria\[0\].*profit_margin"):
        programme_load(data=data)
    assert not Programme.objects.exists()
