"""Credit policy data from files: the record kinds and their source departments
(credit/data/credit-sources.yaml) and the default scoring model (credit/data/default-scoring.yaml).

Both are loaded by the data migration; `ensure_defaults()` loads whatever is missing on first use
(after a database flush, in seed_demo). Loading is an upsert by code and never changes a published
scoring model: a model in the database is only ever followed by a newer version.
"""

from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from .scoring import SEVERITIES, Rules, RulesError

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCES_FILE = DATA_DIR / "credit-sources.yaml"
DEFAULT_SCORING_FILE = DATA_DIR / "default-scoring.yaml"


class CreditFileError(ValueError):
    pass


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CreditFileError(
            _("无法读取文件 %(name)s：%(error)s") % {"name": path.name, "error": exc}
        ) from exc
    if not isinstance(data, dict):
        raise CreditFileError(_("文件 %(name)s 须为 YAML 映射。") % {"name": path.name})
    return data


@lru_cache(maxsize=1)
def read_sources() -> dict:
    data = _read_yaml(SOURCES_FILE)
    kinds = data.get("kinds") or []
    for i, kind in enumerate(kinds):
        where = f"kinds[{i}]"
        if not isinstance(kind, dict) or not kind.get("code") or not kind.get("name"):
            raise CreditFileError(_("%(where)s：须有 code 和 name。") % {"where": where})
        if kind.get("category") not in SEVERITIES:
            raise CreditFileError(_("%(where)s：category 须为 basic 或 adverse。") % {"where": where})
        if not kind.get("departments"):
            raise CreditFileError(_("%(where)s：须列出来源部门。") % {"where": where})
    if not data.get("owner"):
        raise CreditFileError(_("credit-sources.yaml 须给出 owner（评分模型和黑名单的主管部门）。"))
    return data


def owner_department_code() -> str:
    """The department that reads every record and owns the model and the blacklist (区金融办)."""
    return read_sources()["owner"]


def file_kind_categories() -> dict[str, str]:
    return {k["code"]: k["category"] for k in read_sources()["kinds"]}


def read_default_scoring() -> dict:
    return _read_yaml(DEFAULT_SCORING_FILE)


def validate_rules(data: dict, kinds: dict[str, str] | None = None) -> Rules:
    try:
        return Rules.from_dict(data, kinds=kinds if kinds is not None else file_kind_categories())
    except RulesError as exc:
        raise CreditFileError("; ".join(exc.messages)) from exc


def _programme_department_names() -> dict[str, str]:
    from programs.loader import DEFAULT_PROGRAMME_FILE

    data = yaml.safe_load(Path(DEFAULT_PROGRAMME_FILE).read_text(encoding="utf-8")) or {}
    return {d["code"]: d["name"] for d in data.get("departments") or []}


def load_record_kinds(*, record_kind_model, department_model) -> int:
    """Upsert the kinds and link their source departments by code (creating a missing department
    with the name the programme file gives it). Returns the number of kinds."""
    sources = read_sources()
    names = None
    for order, row in enumerate(sources["kinds"], start=1):
        kind, _created = record_kind_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "category": row["category"], "order": order}
        )
        departments = []
        for code in row["departments"]:
            department = department_model.objects.filter(code=code).first()
            if department is None:
                names = names if names is not None else _programme_department_names()
                if code not in names:
                    raise CreditFileError(
                        _("kinds.%(kind)s：未知部门代码“%(code)s”。") % {"kind": row["code"], "code": code}
                    )
                department = department_model.objects.create(code=code, name=names[code])
            departments.append(department)
        kind.departments.set(departments)
    return len(sources["kinds"])


def load_default_model(*, scoring_model_model) -> bool:
    """Create version 1 from the default file when no model exists. Returns whether it did."""
    if scoring_model_model.objects.exists():
        return False
    data = read_default_scoring()
    rules = validate_rules(data)
    scoring_model_model.objects.create(
        version=1,
        name=rules.name or "默认评分模型",
        rules=rules.to_dict(),
        notes=rules.notes,
        source=DEFAULT_SCORING_FILE.name,
    )
    return True


def ensure_defaults() -> None:
    """Load what is missing: the record kinds (if none) and the default model (if none)."""
    from programs.models import Department

    from .models import RecordKind, ScoringModel

    if not RecordKind.objects.exists():
        load_record_kinds(record_kind_model=RecordKind, department_model=Department)
    load_default_model(scoring_model_model=ScoringModel)
