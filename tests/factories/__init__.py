from .accounts import (
    AdminUserFactory,
    AuditAdminUserFactory,
    BankUserFactory,
    DepartmentUserFactory,
    EnterpriseUserFactory,
    OfficeUserFactory,
    SecurityAdminUserFactory,
    SuperuserFactory,
    TownUserFactory,
    UserFactory,
)
from .enterprises import EnterpriseFactory, ProjectFactory
from .programs import (
    BankFactory,
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
    "AdminUserFactory",
    "AuditAdminUserFactory",
    "BankFactory",
    "BankUserFactory",
    "SecurityAdminUserFactory",
    "SuperuserFactory",
    "CriterionFactory",
    "DepartmentFactory",
    "DepartmentUserFactory",
    "DevelopmentPathFactory",
    "DistrictIndicatorFactory",
    "EnterpriseFactory",
    "EnterpriseUserFactory",
    "IndustryFactory",
    "LeadingIndustryFactory",
    "OfficeUserFactory",
    "ParkFactory",
    "PoolFactory",
    "PoolQuotaFactory",
    "ProgrammeFactory",
    "ProjectFactory",
    "TownFactory",
    "TownUserFactory",
    "UserFactory",
    "YearTargetFactory",
]

from .pools import (  # noqa: E402
    PDF_BYTES,
    CriterionCheckFactory,
    EvidenceFactory,
    NominationFactory,
    NominationImportFactory,
    NominationWindowFactory,
)

__all__ += [
    "PDF_BYTES",
    "CriterionCheckFactory",
    "EvidenceFactory",
    "NominationFactory",
    "NominationImportFactory",
    "NominationWindowFactory",
]
from .reporting import (  # noqa: E402
    DevelopmentPlanFactory,
    FigureFactory,
    FigureGrantFactory,
    MilestoneFactory,
    PoolEntryFactory,
    ReportDueFactory,
    ReportFactory,
    report_figures,
)

__all__ += [
    "DevelopmentPlanFactory",
    "FigureFactory",
    "FigureGrantFactory",
    "MilestoneFactory",
    "PoolEntryFactory",
    "ReportDueFactory",
    "ReportFactory",
    "report_figures",
]
from .credit import (  # noqa: E402
    AppealFactory,
    BlacklistEntryFactory,
    CreditRecordFactory,
    SourceUserFactory,
)

__all__ += ["AppealFactory", "BlacklistEntryFactory", "CreditRecordFactory", "SourceUserFactory"]
