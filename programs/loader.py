"""Load a programme file (see programs/data/*.yaml) into the database.

The file is the policy as data: organisations, the programme, its targets, paths, pools, quotas and
criteria. Loading is all-or-nothing; an error names the place in the file and what is wrong.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.policy_files import read_policy_file

from .models import (
    BOUNDARY_WORDS,
    Bank,
    Criterion,
    Department,
    DerivationKind,
    DevelopmentPath,
    DistrictIndicator,
    LeadingIndustry,
    Metric,
    Park,
    Pool,
    PoolQuota,
    Programme,
    ProgressRule,
    SubjectKind,
    Town,
    YearTarget,
    metric_unit,
)


class ProgrammeFileError(ValueError):
    pass


@dataclass
class _Ctx:
    departments: dict = field(default_factory=dict)

    def department(self, code: str, where: str) -> Department:
        if not self.departments:
            self.departments = {d.code: d for d in Department.objects.all()}
        if code not in self.departments:
            raise ProgrammeFileError(
                _("%(where)s：未知部门代码“%(code)s”。") % {"where": where, "code": code}
            )
        return self.departments[code]


def _require(mapping: dict, key: str, where: str):
    if not isinstance(mapping, dict) or key not in mapping or mapping[key] in (None, ""):
        raise ProgrammeFileError(_("%(where)s：缺少“%(key)s”。") % {"where": where, "key": key})
    return mapping[key]


def _named(row: dict, where: str) -> dict:
    """The code and name every entry of the file is known by, both required."""
    return {"code": _require(row, "code", where), "name": _require(row, "name", where)}


def _decimal(value, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ProgrammeFileError(
            _("%(where)s：“%(value)s”不是数字。") % {"where": where, "value": value}
        ) from exc


def read_file(path: str | Path) -> dict:
    unreadable, missing = _("无法读取方案文件：%(error)s"), _("方案文件须包含“programme”一节。")
    return read_policy_file(
        path, section="programme", error=ProgrammeFileError, unreadable=unreadable, missing=missing
    )


def _upsert_all(model, rows: list[dict]) -> None:
    """Insert or update by code in one statement (organisations are shared by all programmes)."""
    if rows:
        fields = [k for k in rows[0] if k != "code"]
        model.objects.bulk_create(
            [model(**r) for r in rows], update_conflicts=True, unique_fields=["code"], update_fields=fields
        )


def _load_named(data: dict, section: str, model, extra=None) -> None:
    """The rows of `section` (each with a code and a name, kept in the file's order, plus what `extra`
    reads of the row) upserted into `model`."""
    rows = []
    for i, row in enumerate(data.get(section) or []):
        where = f"{section}[{i}]"
        rows.append({**_named(row, where), **(extra(row, where) if extra else {}), "order": i})
    _upsert_all(model, rows)


def _load_organisations(data: dict) -> None:
    _load_named(data, "departments", Department, lambda row, where: {"kind": row.get("kind", "government")})
    _load_named(
        data,
        "towns",
        Town,
        lambda row, where: {
            "kind": _require(row, "kind", where),
            "division_code": str(row.get("division_code", "")),
        },
    )
    _load_named(data, "banks", Bank)
    _load_named(data, "leading_industries", LeadingIndustry)
    by_code = {li.code: li for li in LeadingIndustry.objects.all()}
    parks = []
    for i, row in enumerate(data.get("parks") or []):
        where = f"parks[{i}]"
        industry = None
        if row.get("leading_industry"):
            industry = by_code.get(row["leading_industry"])
            if industry is None:
                raise ProgrammeFileError(
                    _("%(where)s：未知主导产业“%(code)s”。")
                    % {"where": where, "code": row["leading_industry"]}
                )
        parks.append(
            {
                **_named(row, where),
                "kind": _require(row, "kind", where),
                "level": row.get("level", ""),
                "leading_industry": industry,
            }
        )
    _upsert_all(Park, parks)


def _criterion(pool: Pool, row: dict, order: int, where: str) -> Criterion:
    kind = _require(row, "kind", where)
    if kind not in Criterion.Kind.values:
        raise ProgrammeFileError(_("%(where)s：类型须为 quantitative 或 qualitative。") % {"where": where})
    criterion = Criterion(
        pool=pool,
        code=_require(row, "code", where),
        kind=kind,
        order=order,
        description=_require(row, "description", where),
        group=row.get("group", ""),
    )
    if kind == Criterion.Kind.QUANTITATIVE:
        metric = _require(row, "metric", where)
        if metric not in Metric.values:
            raise ProgrammeFileError(
                _("%(where)s：未知指标代码“%(code)s”。") % {"where": where, "code": metric}
            )
        word = row.get("word", "")
        if word and word not in BOUNDARY_WORDS:
            raise ProgrammeFileError(
                _("%(where)s：无法识别的界限用语“%(word)s”。") % {"where": where, "word": word}
            )
        operator = row.get("operator") or (BOUNDARY_WORDS[word] if word else "")
        if not operator:
            raise ProgrammeFileError(
                _("%(where)s：定量标准须给出界限用语（word）或比较方式（operator）。") % {"where": where}
            )
        criterion.metric = metric
        criterion.boundary_word = word
        criterion.operator = operator
        criterion.threshold = _decimal(_require(row, "threshold", where), where)
        criterion.unit = row.get("unit") or metric_unit(metric)
    try:
        # Field rules only: the pool is the one just created, and uniqueness is checked per file below.
        criterion.full_clean(exclude=["pool"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ProgrammeFileError(f"{where}: {'; '.join(exc.messages)}") from exc
    return criterion


def _load_paths(programme: Programme, data: dict, ctx: _Ctx) -> None:
    pool_order = 0
    quotas, criteria = [], []
    for pi, path_row in enumerate(_require(data, "paths", "paths")):
        where = f"paths[{pi}]"
        path = DevelopmentPath.objects.create(
            programme=programme,
            **_named(path_row, where),
            title=path_row.get("title", ""),
            order=pi + 1,
        )
        for qi, row in enumerate(path_row.get("pools") or []):
            pwhere = f"{where}.pools[{qi}]"
            subject = _require(row, "subject", pwhere)
            if subject not in SubjectKind.values:
                raise ProgrammeFileError(
                    _("%(where)s：入库对象须为 enterprise 或 project。") % {"where": pwhere}
                )
            pool_order += 1
            pool = Pool.objects.create(
                programme=programme,
                path=path,
                **_named(row, pwhere),
                subject=subject,
                item_no=row.get("item_no"),
                goal=row.get("goal", ""),
                quota_note=row.get("quota_note", ""),
                order=pool_order,
            )
            lead = _require(row, "lead", pwhere)
            pool.lead_departments.set([ctx.department(c, pwhere) for c in lead])
            pool.responsible_departments.set(
                [ctx.department(c, pwhere) for c in row.get("responsible") or []]
            )
            quota = row.get("quota") or {}
            per_year = quota.get("years") or {}
            for year in programme.years:
                q = {**quota, **(per_year.get(year) or {})}
                pq = PoolQuota(
                    pool=pool,
                    year=year,
                    quota_min=q.get("min"),
                    quota_max=q.get("max"),
                    is_new_additions=bool(q.get("new")),
                )
                try:
                    pq.full_clean(exclude=["pool"], validate_unique=False, validate_constraints=False)
                except ValidationError as exc:
                    raise ProgrammeFileError(f"{pwhere}.quota: {'; '.join(exc.messages)}") from exc
                quotas.append(pq)
            codes = set()
            for ci, crow in enumerate(row.get("criteria") or []):
                criterion = _criterion(pool, crow, ci + 1, f"{pwhere}.criteria[{ci}]")
                if criterion.code in codes:
                    raise ProgrammeFileError(
                        _("%(where)s：标准代码“%(code)s”重复。")
                        % {"where": f"{pwhere}.criteria[{ci}]", "code": criterion.code}
                    )
                codes.add(criterion.code)
                criteria.append(criterion)
    PoolQuota.objects.bulk_create(quotas)
    Criterion.objects.bulk_create(criteria)


def _derivation(row: dict, where: str) -> dict:
    """An indicator's `derivation:` block, checked for its kind and progress rule (the cockpit reads
    the other keys). None or absent: entered by the office."""
    rule = row.get("derivation")
    if rule is None:
        return {}
    if not isinstance(rule, dict) or rule.get("kind") not in DerivationKind.values:
        raise ProgrammeFileError(
            _("%(where)s.derivation：kind 须为 %(kinds)s 之一。")
            % {"where": where, "kinds": "、".join(DerivationKind.values)}
        )
    progress = rule.get("progress", ProgressRule.CUMULATIVE)
    if progress not in ProgressRule.values:
        raise ProgrammeFileError(
            _("%(where)s.derivation：progress 须为 cumulative 或 level。") % {"where": where}
        )
    return {**rule, "progress": progress}


def _load_indicators(programme: Programme, data: dict, ctx: _Ctx) -> None:
    for i, row in enumerate(data.get("indicators") or []):
        where = f"indicators[{i}]"
        unit = _require(row, "unit", where)
        if unit not in DistrictIndicator.Unit.values:
            raise ProgrammeFileError(_("%(where)s：单位须为 万元、%% 或 个。") % {"where": where})
        indicator = DistrictIndicator.objects.create(
            programme=programme,
            **_named(row, where),
            unit=unit,
            item_no=row.get("item_no"),
            note=row.get("note", ""),
            order=i + 1,
            derivation=_derivation(row, where),
        )
        indicator.lead_departments.set([ctx.department(c, where) for c in row.get("lead") or []])
        for year, value in (row.get("targets") or {}).items():
            if not programme.start_year <= int(year) <= programme.end_year:
                raise ProgrammeFileError(
                    _("%(where)s：%(year)s 年不在方案期限内。") % {"where": where, "year": year}
                )
            YearTarget.objects.create(indicator=indicator, year=int(year), target=_decimal(value, where))


@transaction.atomic
def programme_load(*, data: dict, actor=None, replace: bool = False, source_file: str = "") -> Programme:
    """Create (or, with replace, recreate) the programme described by `data`."""
    head = data["programme"]
    code = _require(head, "code", "programme")
    existing = Programme.objects.filter(code=code).first()
    if existing and not replace:
        raise ProgrammeFileError(_("方案“%(code)s”已载入；如需覆盖请使用 --replace。") % {"code": code})
    _load_organisations(data)
    if existing:
        # Pools may later be referenced by nominations (PROTECT): replacing is only for unused plans.
        audit.record(
            actor=actor,
            action=audit.AuditAction.DELETE,
            instance=existing,
            before=audit.snapshot(existing),
            event="programme.replaced",
        )
        existing.delete()
    start, end = int(_require(head, "start_year", "programme")), int(_require(head, "end_year", "programme"))
    if end < start:
        raise ProgrammeFileError(_("programme：截止年度不能早于起始年度。"))
    is_current = bool(head.get("is_current"))
    if is_current:
        Programme.objects.filter(is_current=True).update(is_current=False)
    programme = Programme.objects.create(
        code=code,
        doc_number=_require(head, "doc_number", "programme"),
        title=_require(head, "title", "programme"),
        issuer=head.get("issuer", ""),
        issued_on=head.get("issued_on"),
        start_year=start,
        end_year=end,
        valid_until=head.get("valid_until"),
        is_current=is_current,
        source_file=source_file,
    )
    industries = []
    by_code = {li.code: li for li in LeadingIndustry.objects.all()}
    for c in head.get("leading_industries") or []:
        industry = by_code.get(c)
        if industry is None:
            raise ProgrammeFileError(_("programme：未知主导产业“%(code)s”。") % {"code": c})
        industries.append(industry)
    programme.leading_industries.set(industries)
    ctx = _Ctx()
    _load_indicators(programme, data, ctx)
    _load_paths(programme, data, ctx)
    audit.record_saved(
        actor=actor,
        action=audit.AuditAction.IMPORT,
        instance=programme,
        before=None,
        event="programme.loaded",
        params={"file": source_file},
    )
    return programme


def programme_load_file(*, path: str | Path, actor=None, replace: bool = False) -> Programme:
    return programme_load(data=read_file(path), actor=actor, replace=replace, source_file=Path(path).name)


DEFAULT_PROGRAMME_FILE = Path(__file__).resolve().parent / "data" / "luofa-2016-23.yaml"
