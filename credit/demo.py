"""Demo credit data: records for every enterprise (bulk, deterministic per credit code), one objection
and one manual blacklisting through the services, and a first rating run.

Idempotent: enterprises that already have records get none; the rating run appends nothing when no
result changed; the showcase objection and blacklisting are made only once. About 6.7 records per
enterprise (≈ 100,000 at scale 10).
"""

import io
import random
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from core.dates import end_of_day
from enterprises.models import Enterprise
from programs.models import Department

from .loader import ensure_defaults
from .models import BlacklistEntry, CreditRecord, Rating, RatingTrigger, RecordKind
from .rating import active_model, rate_all, rules_of

ADVERSE_COUNTS = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 6]
ADVERSE_KINDS = [
    ("tax", 30),
    ("bank_credit", 25),
    ("court", 15),
    ("public_security", 10),
    ("procuratorate", 5),
    ("environment_accident", 8),
    ("safety_accident", 7),
]
ADVERSE_SEVERITY = [("minor", 70), ("serious", 25), ("severe", 5)]
BASIC_SEVERITY = {
    "basic_info": [("positive", 30), ("neutral", 60), ("negative", 10)],
    "operating_status": [("positive", 40), ("neutral", 45), ("negative", 15)],
    "prospects": [("positive", 30), ("neutral", 55), ("negative", 15)],
}
TITLES = {
    "basic_info": {
        "positive": "登记信息完整，年报按时公示",
        "neutral": "登记信息基本完整",
        "negative": "未按时公示企业年报",
    },
    "operating_status": {
        "positive": "主营业务收入稳定增长",
        "neutral": "生产经营基本正常",
        "negative": "阶段性停产，经营困难",
    },
    "prospects": {
        "positive": "产品属主导产业，市场前景良好",
        "neutral": "市场前景一般",
        "negative": "产品属淘汰类，前景不佳",
    },
    "tax": {"minor": "逾期申报纳税", "serious": "欠缴税款被追缴", "severe": "偷税被依法处理"},
    "bank_credit": {
        "minor": "贷款本息逾期30天内",
        "serious": "贷款本息逾期90天以上",
        "severe": "贷款形成不良并被起诉",
    },
    "court": {"minor": "合同纠纷败诉未及时履行", "serious": "被列为被执行人", "severe": "被列为失信被执行人"},
    "public_security": {
        "minor": "消防违法受到警告",
        "serious": "治安违法受到罚款",
        "severe": "涉嫌经济犯罪被立案侦查",
    },
    "procuratorate": {"minor": "检察建议整改", "serious": "单位行贿被立案", "severe": "单位犯罪被提起公诉"},
    "environment_accident": {
        "minor": "超标排放受到处罚",
        "serious": "环境污染事故被追责",
        "severe": "重大环境污染事故被追究刑事责任",
    },
    "safety_accident": {
        "minor": "安全隐患整改不到位",
        "serious": "较大生产安全事故被追责",
        "severe": "重大生产安全事故被追究刑事责任",
    },
}
DOC_PREFIX = {
    "tax": "罗税罚",
    "bank_credit": "临银信",
    "court": "（{y}）鲁1311执",
    "public_security": "罗公行罚",
    "procuratorate": "罗检建",
    "environment_accident": "罗环罚",
    "safety_accident": "罗安监罚",
    "basic_info": "罗工商",
    "operating_status": "罗经信运",
    "prospects": "罗经信",
}


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def source_departments() -> list[Department]:
    """Departments that keep some kind of credit record, plus the owner (区金融办)."""
    from .loader import owner_department_code

    ensure_defaults()
    ids = set(RecordKind.objects.values_list("departments", flat=True))
    return list(Department.objects.filter(pk__in=ids).order_by("order", "code")) + list(
        Department.objects.filter(code=owner_department_code()).exclude(pk__in=ids)
    )


def _doc(kind: str, occurred: date, serial: int) -> str:
    prefix = DOC_PREFIX[kind].format(y=occurred.year)
    return f"{prefix}〔{occurred.year}〕{serial}号" if "（" not in prefix else f"{prefix}{serial}号"


def _records_for(
    enterprise_id: int, uscc: str, established: date | None, kinds, rules, today: date
) -> list[tuple]:
    """(enterprise, kind, department, severity, title, occurred_on, document_ref, effective_until) rows."""
    rng = random.Random(uscc)  # the same code always gets the same records
    rows = []
    serial = rng.randint(1000, 8999)

    def add(code, severity, occurred, title_extra=""):
        nonlocal serial
        kind_id, department_id = kinds[code]
        serial += 1
        rows.append(
            (
                enterprise_id,
                kind_id,
                department_id,
                severity,
                TITLES[code][severity] + title_extra,
                occurred,
                _doc(code, occurred, serial),
                rules.effective_until(code, occurred),
            )
        )

    start = max(established or date(2010, 1, 1), today - timedelta(days=8 * 365))
    add("basic_info", _pick(rng, BASIC_SEVERITY["basic_info"]), start + timedelta(days=rng.randint(0, 300)))
    for back in (3, 2, 1):  # a yearly operating-status record; the latest one counts
        year_end = date(today.year - back, 12, 31)
        add(
            "operating_status",
            _pick(rng, BASIC_SEVERITY["operating_status"]),
            year_end,
            f"（{year_end.year}年度）",
        )
    add("prospects", _pick(rng, BASIC_SEVERITY["prospects"]), today - timedelta(days=rng.randint(30, 700)))
    for _i in range(rng.choice(ADVERSE_COUNTS)):
        code = _pick(rng, ADVERSE_KINDS)
        add(code, _pick(rng, ADVERSE_SEVERITY), today - timedelta(days=rng.randint(20, 6 * 365)))
    return rows


def _copy_text(value) -> str:
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


COPY_COLUMNS = (
    "enterprise_id",
    "kind_id",
    "source_department_id",
    "severity",
    "title",
    "occurred_on",
    "document_ref",
    "effective_until",
)


def _insert(rows: list[tuple]) -> None:
    """Bulk insert: COPY on PostgreSQL (100,000 rows in a few seconds), bulk_create elsewhere."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy_expert"):
            now = timezone.now().isoformat()
            buffer = io.StringIO()
            for row in rows:
                values = [now, now, *("\\N" if v is None else _copy_text(v) for v in row), "", "active", ""]
                buffer.write("\t".join(values) + "\n")
            buffer.seek(0)
            columns = ", ".join(
                ("created_at", "updated_at", *COPY_COLUMNS, "description", "status", "withdrawn_reason")
            )
            cursor.cursor.copy_expert(f"COPY {CreditRecord._meta.db_table} ({columns}) FROM STDIN", buffer)
            return
    CreditRecord.objects.bulk_create(
        [CreditRecord(**dict(zip(COPY_COLUMNS, row, strict=True))) for row in rows], batch_size=2000
    )


def _kinds() -> dict[str, tuple[int, int]]:
    """kind code → (kind id, id of its first source department)."""
    kinds = {}
    for kind in RecordKind.objects.prefetch_related("departments"):
        departments = sorted(kind.departments.all(), key=lambda d: (d.order, d.code))
        kinds[kind.code] = (kind.pk, departments[0].pk)
    return kinds


def _showcase(today: date) -> None:
    """enterprise_1 has a record it objects to; one enterprise is blacklisted by 区金融办 by hand;
    one is blacklisted by its rating (a severe safety accident)."""
    from . import services
    from .loader import owner_department_code

    ent_user = (
        User.objects.filter(username="enterprise_1", role=Role.ENTERPRISE)
        .select_related("enterprise")
        .first()
    )
    tax_user = User.objects.filter(role=Role.DEPARTMENT, department__credit_kinds__code="tax").first()
    court_user = User.objects.filter(role=Role.DEPARTMENT, department__credit_kinds__code="court").first()
    if (
        ent_user
        and tax_user
        and not CreditRecord.objects.filter(enterprise=ent_user.enterprise, kind__code="tax").exists()
    ):
        tax = RecordKind.objects.get(code="tax")
        record = services.record_create(
            actor=tax_user,
            enterprise=ent_user.enterprise,
            kind=tax,
            severity="serious",
            title="欠缴城镇土地使用税被追缴",
            occurred_on=today - timedelta(days=200),
            document_ref="罗地税罚〔演示〕1号",
        )
        services.appeal_create(
            actor=ent_user,
            record=record,
            explanation="所欠税款及滞纳金已于次月全额缴清，附完税证明，申请撤销该记录。",
        )
        if court_user:
            services.record_create(
                actor=court_user,
                enterprise=ent_user.enterprise,
                kind=RecordKind.objects.get(code="court"),
                severity="minor",
                title="买卖合同纠纷判决后未按期履行",
                occurred_on=today - timedelta(days=500),
                document_ref="（演示）鲁1311民初1号",
            )
    owner = User.objects.filter(role=Role.DEPARTMENT, department__code=owner_department_code()).first()
    if owner and not BlacklistEntry.objects.exists():
        target = (
            Enterprise.objects.filter(uscc__startswith="91371311")
            .exclude(users__isnull=False)
            .order_by("uscc")[3:4]
            .first()
        )
        if target is not None:
            services.blacklist_add(
                actor=owner,
                enterprise=target,
                reason="恶意逃废银行债务，经银企对接协调仍拒不履行（区金融办〔演示〕1号）。",
            )
    safety_user = User.objects.filter(
        role=Role.DEPARTMENT, department__credit_kinds__code="safety_accident"
    ).first()
    if safety_user and not CreditRecord.objects.filter(document_ref="罗安监罚〔演示〕1号").exists():
        target = (
            Enterprise.objects.filter(uscc__startswith="91371311")
            .exclude(users__isnull=False)
            .order_by("uscc")
            .first()
        )
        if target is not None:
            services.record_create(
                actor=safety_user,
                enterprise=target,
                kind=RecordKind.objects.get(code="safety_accident"),
                severity="severe",
                title="重大生产安全事故，主要负责人被追究刑事责任",
                occurred_on=today - timedelta(days=90),
                document_ref="罗安监罚〔演示〕1号",
            )


def seed_credit_data(*, until: date | None = None, history: list[date] | None = None) -> int:
    """Records for enterprises that have none (bulk), dated in the years up to `until` (default
    today: the demo passes its programme's last day, so the programme years have their records),
    the showcase, the rating runs at the end of each day of `history` (stamped then: the cockpit's
    grades and blacklist of a past month), then today's rating run."""
    ensure_defaults()
    today = min(until or timezone.localdate(), timezone.localdate())
    rules = rules_of(active_model())
    kinds = _kinds()
    have = CreditRecord.objects.values("enterprise_id")
    todo = (
        Enterprise.objects.exclude(pk__in=have)
        .exclude(users__isnull=False)
        .order_by("uscc")
        .values_list("pk", "uscc", "established_on")
    )
    batch, created = [], 0
    for pk, uscc, established in todo.iterator(chunk_size=5000):
        batch.extend(_records_for(pk, uscc, established, kinds, rules, today))
        if len(batch) >= 50000:
            _insert(batch)
            created, batch = created + len(batch), []
    _insert(batch)
    created += len(batch)
    for day in sorted(history or []):
        stamp = end_of_day(day) - timedelta(hours=1)  # within the day, before the month's end
        if day < timezone.localdate() and not Rating.objects.filter(computed_at=stamp).exists():
            rate_all(trigger=RatingTrigger.SEED, as_of=day, at=stamp)
    rate_all(trigger=RatingTrigger.SEED)
    _showcase(timezone.localdate())
    return created
