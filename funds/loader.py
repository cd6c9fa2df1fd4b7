"""Load a fund file (funds/data/*.yaml) into the database: the parent fund of a programme, its
sub-funds, their contributors and rule parameters (with the published source of each default).

All-or-nothing (one transaction; an error names the place in the file), audited, idempotent:
loading the same file again changes nothing. Upserts by code; a sub-fund's parameters are set from
the file when it is first loaded, later only keys the agency has not set yet are added (the agency's
edits win); the sources are always the file's. Paid-in capital is posted to the ledger (Dr cash,
Cr capital_paid_in) up to the file's `paid_in`, once: a later file with a higher paid_in posts the
difference.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.policy_files import read_policy_file
from programs.models import Department, Programme

from .models import Contributor, ContributorKind, Fund, SubFund, SubFundKind
from .rules import params_of, validate_params
from .services.funds import capital_pay_in
from .services.ledger import ensure_accounts

DEFAULT_FUNDS_FILE = Path(__file__).resolve().parent / "data" / "luofa-2016-23-funds.yaml"
CENT = Decimal("0.01")


class FundFileError(ValueError):
    pass


def _require(mapping, key: str, where: str):
    if not isinstance(mapping, dict) or key not in mapping or mapping[key] in (None, ""):
        raise FundFileError(_("%(where)s：缺少“%(key)s”。") % {"where": where, "key": key})
    return mapping[key]


def _money(value, where: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise FundFileError(_("%(where)s：“%(value)s”不是数字。") % {"where": where, "value": value}) from exc
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(CENT):
        raise FundFileError(_("%(where)s：金额须为非负数，最多两位小数。") % {"where": where})
    return amount


def read_file(path: str | Path) -> dict:
    unreadable, missing = _("无法读取基金文件：%(error)s"), _("基金文件须包含“fund”一节。")
    return read_policy_file(path, section="fund", error=FundFileError, unreadable=unreadable, missing=missing)


def _parse_sub_fund(row: dict, i: int) -> dict:
    where = f"sub_funds[{i}]"
    kind = _require(row, "kind", where)
    if kind not in SubFundKind.values:
        raise FundFileError(_("%(where)s：类别须为 guidance、bridge 或 guarantee。") % {"where": where})
    size = _money(_require(row, "size", where), f"{where}.size")
    if size <= 0:
        raise FundFileError(_("%(where)s：规模须大于零。") % {"where": where})
    values, sources = {}, {}
    for key, spec in (row.get("params") or {}).items():
        pwhere = f"{where}.params.{key}"
        values[key] = (
            _require(spec, "value", pwhere) if not isinstance(spec.get("value"), bool) else spec["value"]
        )
        sources[key] = str(_require(spec, "source", pwhere))
    try:
        stored = validate_params(kind, values)
    except ValidationError as exc:
        raise FundFileError(f"{where}.params: {'; '.join(exc.messages)}") from exc
    contributors = []
    for ci, crow in enumerate(_require(row, "contributors", where)):
        cwhere = f"{where}.contributors[{ci}]"
        ckind = _require(crow, "kind", cwhere)
        if ckind not in ContributorKind.values:
            raise FundFileError(_("%(where)s：类别须为 government 或 social。") % {"where": cwhere})
        committed = _money(_require(crow, "committed", cwhere), f"{cwhere}.committed")
        paid_in = _money(crow.get("paid_in", 0), f"{cwhere}.paid_in")
        if paid_in > committed:
            raise FundFileError(_("%(where)s：实缴不能超过认缴。") % {"where": cwhere})
        contributors.append(
            {
                "code": _require(crow, "code", cwhere),
                "name": _require(crow, "name", cwhere),
                "kind": ckind,
                "committed": committed,
                "paid_in": paid_in,
                "order": ci,
            }
        )
    total = sum((c["committed"] for c in contributors), Decimal(0))
    if total != size:
        raise FundFileError(
            _("%(where)s：出资人认缴合计 %(total)s 元，与规模 %(size)s 元不符。")
            % {"where": where, "total": total, "size": size}
        )
    for c in contributors:  # 按出资比例: the share of each contributor in the commitments
        c["ratio"] = (c["committed"] / total).quantize(Decimal("0.000001"))
    return {
        "code": _require(row, "code", where),
        "kind": kind,
        "name": _require(row, "name", where),
        "size": size,
        "params": stored,
        "param_sources": sources,
        "contributors": contributors,
        "order": i,
    }


@transaction.atomic
def funds_load(*, data: dict, actor=None, source_file: str = "", paid_on: date | None = None) -> Fund:
    """Create or update the fund of the file; the paid-in amounts it adds are posted on `paid_on`
    (default today: the demo dates them at the programme's start, the ledger being append-only)."""
    head = data["fund"]
    programme_code = _require(head, "programme", "fund")
    programme = Programme.objects.filter(code=programme_code).first()
    if programme is None:
        raise FundFileError(_("fund：方案“%(code)s”尚未载入。") % {"code": programme_code})
    manager = None
    if head.get("manager"):
        manager = Department.objects.filter(code=head["manager"]).first()
        if manager is None:
            raise FundFileError(_("fund：未知部门代码“%(code)s”。") % {"code": head["manager"]})
    parsed = [_parse_sub_fund(row, i) for i, row in enumerate(_require(data, "sub_funds", "sub_funds"))]
    codes = [p["code"] for p in parsed]
    if len(set(codes)) != len(codes):
        raise FundFileError(_("sub_funds：子基金代码重复。"))
    fund, created = Fund.objects.get_or_create(
        code=_require(head, "code", "fund"),
        defaults={
            "programme": programme,
            "name": _require(head, "name", "fund"),
            "manager": manager,
            "source_file": source_file,
        },
    )
    if not created and fund.programme_id != programme.pk:
        raise FundFileError(_("fund：母基金“%(code)s”属于另一方案。") % {"code": fund.code})
    changed = created
    for p in parsed:
        sub_fund = SubFund.objects.filter(fund=fund, code=p["code"]).first()
        if sub_fund is None:
            sub_fund = SubFund.objects.create(
                fund=fund,
                **{k: p[k] for k in ("code", "kind", "name", "size", "params", "param_sources", "order")},
            )
            changed = True
        else:
            if sub_fund.kind != p["kind"]:
                raise FundFileError(_("sub_funds：子基金“%(code)s”的类别不能更改。") % {"code": p["code"]})
            params = {**p["params"], **(sub_fund.params or {})}  # the agency's values win
            params = {k: v for k, v in params.items() if k in {x.key for x in params_of(sub_fund.kind)}}
            update = {
                "name": p["name"],
                "size": p["size"],
                "params": params,
                "param_sources": p["param_sources"],
            }
            if any(getattr(sub_fund, k) != v for k, v in update.items()):
                for k, v in update.items():
                    setattr(sub_fund, k, v)
                sub_fund.save()
                changed = True
        ensure_accounts(sub_fund)
        for c in p["contributors"]:
            contributor = Contributor.objects.filter(sub_fund=sub_fund, code=c["code"]).first()
            if contributor is None:
                contributor = Contributor.objects.create(
                    sub_fund=sub_fund, paid_in=Decimal(0), **{k: v for k, v in c.items() if k != "paid_in"}
                )
                changed = True
            else:
                if contributor.paid_in > c["committed"]:
                    raise FundFileError(
                        _("%(name)s已实缴 %(paid)s 元，认缴不能低于此数。")
                        % {"name": contributor.name, "paid": contributor.paid_in}
                    )
                update = {k: c[k] for k in ("name", "kind", "committed", "ratio", "order")}
                if any(getattr(contributor, k) != v for k, v in update.items()):
                    Contributor.objects.filter(pk=contributor.pk).update(**update)
                    changed = True
            missing = c["paid_in"] - contributor.paid_in
            if missing > 0:
                capital_pay_in(
                    actor=None,
                    contributor=contributor,
                    amount=missing,
                    memo=_("%(name)s实缴出资（据基金文件）") % {"name": c["name"]},
                    key=f"load:{contributor.pk}:{c['paid_in']}",
                    date=paid_on,
                )
                changed = True
    if changed:
        audit.record(
            actor=actor,
            action=audit.AuditAction.IMPORT,
            instance=fund,
            after={"sub_funds": codes, "source_file": source_file},
            event="funds.loaded",
            params={"file": source_file},
        )
    return fund


def funds_load_file(
    *, path: str | Path = DEFAULT_FUNDS_FILE, actor=None, paid_on: date | None = None
) -> Fund:
    return funds_load(data=read_file(path), actor=actor, source_file=Path(path).name, paid_on=paid_on)
