from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from programs import models


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = models.Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"测试部门{n}局")


class TownFactory(DjangoModelFactory):
    class Meta:
        model = models.Town
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"town{n}")
    name = factory.Sequence(lambda n: f"测试{n}街道")
    kind = models.Town.Kind.STREET


class BankFactory(DjangoModelFactory):
    class Meta:
        model = models.Bank
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"bank{n}")
    name = factory.Sequence(lambda n: f"测试银行{n}支行")


class IndustryFactory(DjangoModelFactory):
    """GB/T 4754 大类 rows exist from the data migration; get them by code."""

    class Meta:
        model = models.Industry
        django_get_or_create = ("code",)

    code = "30"
    name = "非金属矿物制品业"


class LeadingIndustryFactory(DjangoModelFactory):
    class Meta:
        model = models.LeadingIndustry
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"leading{n}")
    name = factory.Sequence(lambda n: f"主导产业{n}")


class ParkFactory(DjangoModelFactory):
    class Meta:
        model = models.Park

    code = factory.Sequence(lambda n: f"park{n}")
    name = factory.Sequence(lambda n: f"测试产业园{n}")
    kind = models.Park.Kind.INDUSTRIAL_PARK


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = models.Programme

    code = factory.Sequence(lambda n: f"plan-{n}")
    doc_number = factory.Sequence(lambda n: f"测发〔2020〕{n}号")
    title = "测试三年行动"
    start_year = 2020
    end_year = 2022


class DevelopmentPathFactory(DjangoModelFactory):
    class Meta:
        model = models.DevelopmentPath

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"path{n}")
    name = factory.Sequence(lambda n: f"路径{n}")


class PoolFactory(DjangoModelFactory):
    class Meta:
        model = models.Pool
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    path = factory.SubFactory(DevelopmentPathFactory, programme=factory.SelfAttribute("..programme"))
    code = factory.Sequence(lambda n: f"pool{n}")
    name = factory.Sequence(lambda n: f"培育库{n}")
    subject = models.SubjectKind.ENTERPRISE

    @factory.post_generation
    def lead_departments(self, create, extracted, **kwargs):
        if create:
            self.lead_departments.set(extracted or [DepartmentFactory()])


class PoolQuotaFactory(DjangoModelFactory):
    class Meta:
        model = models.PoolQuota

    pool = factory.SubFactory(PoolFactory)
    year = factory.SelfAttribute("pool.programme.start_year")
    quota_min = 10


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = models.Criterion

    pool = factory.SubFactory(PoolFactory)
    code = factory.Sequence(lambda n: f"criterion{n}")
    kind = models.Criterion.Kind.QUALITATIVE
    description = "拥有自主知识产权"

    class Params:
        quantitative = factory.Trait(
            kind=models.Criterion.Kind.QUANTITATIVE,
            metric=models.Metric.OUTPUT_VALUE,
            boundary_word="以上",
            operator=models.Operator.GTE,
            threshold=Decimal("500000"),
            unit="万元",
            description="产值50亿元以上",
        )


class DistrictIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = models.DistrictIndicator

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"indicator{n}")
    name = factory.Sequence(lambda n: f"指标{n}")
    unit = models.DistrictIndicator.Unit.WAN_YUAN


class YearTargetFactory(DjangoModelFactory):
    class Meta:
        model = models.YearTarget

    indicator = factory.SubFactory(DistrictIndicatorFactory)
    year = factory.SelfAttribute("indicator.programme.start_year")
    target = Decimal("1500000")
