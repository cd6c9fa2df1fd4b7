from .accounts import (
    AdminUserFactory,
    DepartmentUserFactory,
    EnterpriseUserFactory,
    OfficeUserFactory,
    TownUserFactory,
    UserFactory,
)
from .enterprises import EnterpriseFactory, ProjectFactory
from .programs import (
    CriterionFactory,
    DepartmentFactory,
    DevelopmentPathFactory,
    DistrictIndicatorFactory,
    IndustryFactory,
    LeadingIndustryFactory,
    ParkFactory,
    PoolFactory,
    PoolQuotaFactory,
    ProgrammeFactory,
    TownFactory,
    YearTargetFactory,
)

__all__ = [
    "AdminUserFactory", "CriterionFactory", "DepartmentFactory", "DepartmentUserFactory", "DevelopmentPathFactory",
    "DistrictIndicatorFactory", "EnterpriseFactory", "EnterpriseUserFactory", "IndustryFactory",
    "LeadingIndustryFactory", "OfficeUserFactory", "ParkFactory", "PoolFactory", "PoolQuotaFactory",
    "ProgrammeFactory", "ProjectFactory", "TownFactory", "TownUserFactory", "UserFactory", "YearTargetFactory",
]
