from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from enterprises.models import Enterprise, Project
from enterprises.uscc import make_uscc

from .programs import IndustryFactory, TownFactory


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.Sequence(lambda n: make_uscc("371311", 500000 + n))
    name = factory.Sequence(lambda n: f"临沂测试{n}新材料有限公司")
    town = factory.SubFactory(TownFactory)
    industry = factory.SubFactory(IndustryFactory)
    is_above_scale = True
    contact_name = "李四"
    contact_phone = "0539-8000000"


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"测试技改项目{n}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    town = factory.SelfAttribute("enterprise.town")
    total_investment = Decimal("12000.00")
