"""The enterprises each department follows, kept as a table (部门在库企业).

A department sees an enterprise's reports, dues and figures while the enterprise (or one of its
projects) is an entry of a pool the department leads or is responsible for (第19条; reporting's
enterprise_scope). Deriving that on every request joins the entries, their projects and the pools'
departments: at a province's size (150,000 enterprises, 180,000 entries) the late list took ~2 s for
区经信局. This table holds the answer, one row per (department, enterprise), so the scope is one index
range. It is kept in the transaction of every write that can change it (signals below: an approved
entry saved or deleted, a pool's departments changed) and rebuilt by `rebuild()` after bulk loads and
nightly (`manage.py rebuild_department_reach`).
"""

from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class DepartmentEnterprise(models.Model):
    department = models.ForeignKey(
        "programs.Department", verbose_name=_("部门"), on_delete=models.CASCADE, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("部门在库企业")
        verbose_name_plural = _("部门在库企业")
        constraints = [
            models.UniqueConstraint(fields=["department", "enterprise"], name="department_enterprise_once")
        ]

    def __str__(self):
        return f"{self.department_id}:{self.enterprise_id}"


def _in_pool():
    from .models import Nomination

    # Unordered: the entries' default order would join the pools and enter every DISTINCT below.
    return (
        Nomination.objects.in_pool()
        .order_by()
        .annotate(subject=Coalesce("enterprise_id", "project__enterprise_id"))
    )


def _pairs(enterprise_ids=None) -> set[tuple[int, int]]:
    """(department, enterprise) for every entry in a pool, through the pools' lead and responsible
    departments; for the given enterprises only when named."""
    from programs.models import Pool

    entries = _in_pool()
    if enterprise_ids is not None:
        from enterprises.models import Project

        # Their projects' ids read first, so both conditions are on the entry's own columns (two
        # index scans, as the entries' visible_to does); an OR through the project join would read
        # every entry on each approval.
        projects = list(Project.objects.filter(enterprise_id__in=enterprise_ids).values_list("pk", flat=True))
        entries = entries.filter(Q(enterprise_id__in=enterprise_ids) | Q(project_id__in=projects))
    by_pool: dict[int, set[int]] = {}
    for pool_id, subject in entries.values_list("pool_id", "subject").distinct():
        if subject is not None:
            by_pool.setdefault(pool_id, set()).add(subject)
    if not by_pool:
        return set()
    pairs: set[tuple[int, int]] = set()
    for through in (Pool.lead_departments.through, Pool.responsible_departments.through):
        for pool_id, department_id in through.objects.filter(pool_id__in=by_pool).values_list(
            "pool_id", "department_id"
        ):
            pairs.update((department_id, e) for e in by_pool[pool_id])
    return pairs


def _write(pairs: set[tuple[int, int]]) -> None:
    DepartmentEnterprise.objects.bulk_create(
        [DepartmentEnterprise(department_id=d, enterprise_id=e) for d, e in sorted(pairs)], batch_size=2000
    )


def refresh(enterprise_ids: Iterable[int | None]) -> None:
    """Recount the rows of these enterprises from their entries (idempotent)."""
    ids = sorted({i for i in enterprise_ids if i is not None})
    if not ids:
        return
    with transaction.atomic():
        DepartmentEnterprise.objects.filter(enterprise_id__in=ids).delete()
        _write(_pairs(ids))


def rebuild() -> int:
    """Recount every row (after a bulk load, nightly): the table equals the rule afterwards."""
    with transaction.atomic():
        DepartmentEnterprise.objects.all().delete()
        pairs = _pairs()
        _write(pairs)
    return len(pairs)


def enterprises_of(department_id) -> models.QuerySet:
    """The enterprise ids a department follows, as a subquery."""
    return DepartmentEnterprise.objects.filter(department_id=department_id).values("enterprise_id")


# --- keeping it: every path that changes an entry or a pool's departments ---------------------------


def _subject(nomination) -> int | None:
    if nomination.enterprise_id:
        return nomination.enterprise_id
    from enterprises.models import Project

    return Project.objects.filter(pk=nomination.project_id).values_list("enterprise_id", flat=True).first()


def nomination_saved(sender, instance, **kwargs):
    # Only an approved entry can join or leave a pool (approval, removal, a move of its pool or
    # subject); drafts and decisions before approval cost nothing here.
    from .models import NominationState

    if instance.state == NominationState.APPROVED:
        refresh([_subject(instance)])


def nomination_deleted(sender, instance, **kwargs):
    from .models import NominationState

    if instance.state == NominationState.APPROVED:
        refresh([_subject(instance)])


# A pool's departments edited: only the (department, pool) pairs named change, by one statement each
# way whatever the pool's size (a whole recount of a province's largest pool took 10 s in the request).
_RELATIONS = ("lead_departments", "responsible_departments")


def _relation(through) -> str:
    from programs.models import Pool

    return next(name for name in _RELATIONS if getattr(Pool, name).through is through)


def _edited(instance, reverse, ids) -> tuple[list[int], list[int]]:
    """(departments, pools) of an edit, from whichever side of the relation it was made."""
    return ([instance.pk], sorted(ids)) if reverse else (sorted(ids), [instance.pk])


def _follow(relation: str, departments: list[int], pools: list[int]) -> None:
    """The departments now hold the pools through `relation`: insert their pairs with the pools'
    entries in one INSERT … SELECT, a pair already kept (another pool, the other relation) left as is."""
    from django.db import connections
    from django.db.models.constants import OnConflict

    pairs = (
        _in_pool()
        .filter(pool_id__in=pools, subject__isnull=False, **{f"pool__{relation}__in": departments})
        .values_list(f"pool__{relation}", "subject")
        .distinct()
    )
    alias = DepartmentEnterprise.objects.db
    ops = connections[alias].ops
    select, params = pairs.query.get_compiler(using=alias).as_sql()
    columns = ", ".join(map(ops.quote_name, ("department_id", "enterprise_id")))  # as selected
    sql = " ".join(
        [
            ops.insert_statement(on_conflict=OnConflict.IGNORE),  # INSERT OR IGNORE INTO on SQLite
            f"{ops.quote_name(DepartmentEnterprise._meta.db_table)} ({columns})",
            select,
            ops.on_conflict_suffix_sql([], OnConflict.IGNORE, None, None),  # PostgreSQL's
        ]
    )
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)


_SUBJECTS = ("enterprise_id", "project__enterprise_id")  # an entry's own enterprise, its project's


def _entered(subject: str, **where) -> Exists:
    """An entry in a pool whose subject (by `subject`) is the row's enterprise."""
    from .models import Nomination

    return Exists(Nomination.objects.in_pool().filter(**{subject: OuterRef("enterprise_id")}, **where))


def _forget(departments: list[int], pools: list[int]) -> None:
    """The departments no longer hold the pools: delete their rows for the pools' enterprises that no
    pool they still lead or are responsible for justifies, in one DELETE.

    Each test is an EXISTS on one indexed column (no COALESCE to join on): right after an edit the
    planner still counts the rows it inserted as none, and a join on the COALESCE of every entry of
    the pool then ran once per row (minutes at 175,000 entries)."""
    rows = DepartmentEnterprise.objects.filter(department_id__in=departments).filter(
        Q(_entered(_SUBJECTS[0], pool_id__in=pools)) | Q(_entered(_SUBJECTS[1], pool_id__in=pools))
    )
    for relation in _RELATIONS:
        for subject in _SUBJECTS:
            rows = rows.filter(~_entered(subject, **{f"pool__{relation}": OuterRef("department_id")}))
    rows.delete()  # no receivers, nothing refers to the rows: one DELETE


def pool_departments_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A pool's lead or responsible departments changed (the office's edit, a programme load), from
    either side: the pairs added are inserted, the pairs removed deleted where nothing else holds them."""
    if action == "post_add" and pk_set:
        _follow(_relation(sender), *_edited(instance, reverse, pk_set))
    elif action == "post_remove" and pk_set:
        _forget(*_edited(instance, reverse, pk_set))
    elif action == "pre_clear":  # after the clear, which departments (or pools) it took is not known
        mine, theirs = ("department_id", "pool_id") if reverse else ("pool_id", "department_id")
        held = sender.objects.filter(**{mine: instance.pk}).values_list(theirs, flat=True)
        vars(instance).setdefault("_reach_cleared", {})[sender] = set(held)
    elif action == "post_clear":
        cleared = vars(instance).get("_reach_cleared", {}).pop(sender, None)
        if cleared:
            _forget(*_edited(instance, reverse, cleared))


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from programs.models import Pool

    from .models import Nomination

    post_save.connect(nomination_saved, sender=Nomination, dispatch_uid="pools.reach.saved")
    post_delete.connect(nomination_deleted, sender=Nomination, dispatch_uid="pools.reach.deleted")
    for through in (Pool.lead_departments.through, Pool.responsible_departments.through):
        m2m_changed.connect(pool_departments_changed, sender=through, dispatch_uid=f"pools.reach.{through}")
