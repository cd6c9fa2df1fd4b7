"""Enterprise credit (诚信体系, 罗发〔2016〕23号 第20条).

Source departments keep credit records of their own kinds (RecordKind, loaded from
credit/data/credit-sources.yaml); 区金融办 owns the scoring model (ScoringModel, versioned, append-only)
and the blacklist. Every rating is a new row (Rating, append-only, with its explanation);
CreditStatus is the one current row per enterprise that pools and pages sort and filter by.
Who sees what is decided in each QuerySet's visible_to(); what a user may do in permissions.py;
every write goes through services.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.models import TimeStampedModel
from core.storage import get_private_storage
from enterprises.models import Enterprise
from programs.models import Department

from .scoring import GRADES, SEVERITIES


class Category(models.TextChoices):
    BASIC = "basic", _("基础类")
    ADVERSE = "adverse", _("不良类")


class Severity(models.TextChoices):
    POSITIVE = "positive", _("良好")
    NEUTRAL = "neutral", _("一般")
    NEGATIVE = "negative", _("较差")
    MINOR = "minor", _("轻微")
    SERIOUS = "serious", _("较重")
    SEVERE = "severe", _("严重")


class Grade(models.TextChoices):
    AAA = "AAA", "AAA"
    AA = "AA", "AA"
    A = "A", "A"
    BBB = "BBB", "BBB"
    BB = "BB", "BB"
    B = "B", "B"
    CCC = "CCC", "CCC"
    CC = "CC", "CC"
    C = "C", "C"
    D = "D", "D"


assert tuple(Grade.values) == GRADES  # the choices are the scale, in the same order


def is_credit_owner(user) -> bool:
    """A user of 区金融办 (the owner department named in credit/data/credit-sources.yaml)."""
    from .loader import owner_department_code

    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.DEPARTMENT
        and user.department_id is not None
        and user.department.code == owner_department_code()
    )


def reads_all_records(user) -> bool:
    return user.is_authenticated and user.is_active and (user.role == Role.OFFICE or is_credit_owner(user))


# --- record kinds ----------------------------------------------------------------------------------


class RecordKindQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated else self.none()

    def writable_by(self, user):
        """The kinds a department user records: those its department is a source of."""
        if not (user.is_authenticated and user.is_active and user.role == Role.DEPARTMENT):
            return self.none()
        return self.filter(departments=user.department_id)


class RecordKind(models.Model):
    """A kind of credit information and the departments that keep it (data, not code)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    departments = models.ManyToManyField(Department, verbose_name=_("来源部门"), related_name="credit_kinds")
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = RecordKindQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用记录类别")
        verbose_name_plural = _("信用记录类别")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    @property
    def severities(self) -> list[tuple[str, str]]:
        return [(s, str(Severity(s).label)) for s in SEVERITIES[self.category]]


# --- the scoring model -----------------------------------------------------------------------------


class ScoringModelQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import can_view_scoring_model

        return self if can_view_scoring_model(user) else self.none()

    def active(self):
        return self.order_by("-version").first()


class ScoringModel(models.Model):
    """One published version of the scoring model. Never changed: a change is a new version."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    rules = models.JSONField(_("规则"))
    notes = models.TextField(_("说明"), blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("文件名，或“门户发布”"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScoringModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("评分模型")
        verbose_name_plural = _("评分模型")
        ordering = ["-version"]

    def __str__(self):
        return f"v{self.version} {self.name}"


# --- records ---------------------------------------------------------------------------------------


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    DISPUTED = "disputed", _("异议中")
    WITHDRAWN = "withdrawn", _("已撤销")


class CreditRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which credit records a user may see.

        Office and 区金融办: all. A department: the kinds it is a source of. An enterprise: its own.
        Towns see ratings, not the records behind them (see selectors.explanation_for)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if reads_all_records(user):
            return self
        if user.role == Role.DEPARTMENT:
            return self.filter(
                kind_id__in=RecordKind.objects.filter(departments=user.department_id).values("pk")
            )
        if user.role == Role.ENTERPRISE:
            return self.filter(enterprise_id=user.enterprise_id)
        return self.none()


class CreditRecord(TimeStampedModel):
    # Single-column FK indexes are left out where a composite index below starts with the column.
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="credit_records",
        db_index=False,
    )
    kind = models.ForeignKey(
        RecordKind,
        verbose_name=_("记录类别"),
        on_delete=models.PROTECT,
        related_name="records",
        db_index=False,
    )
    source_department = models.ForeignKey(
        Department,
        verbose_name=_("来源部门"),
        on_delete=models.PROTECT,
        related_name="credit_records",
        db_index=False,
    )
    severity = models.CharField(_("程度"), max_length=10, choices=Severity.choices)
    title = models.CharField(_("事由"), max_length=200)
    description = models.TextField(_("详细说明"), blank=True)
    occurred_on = models.DateField(_("发生日期"))
    document_ref = models.CharField(
        _("文书编号"), max_length=100, blank=True, help_text=_("判决书、处罚决定书等的文号")
    )
    effective_until = models.DateField(
        _("有效期至"),
        null=True,
        blank=True,
        help_text=_("信用修复：此日之后不再计入评级。不良类留空则按评分模型的修复期计算。"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤销原因"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    objects = CreditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "kind"], name="credit_record_enterprise_idx"),
            models.Index(fields=["kind", "-occurred_on"], name="credit_record_kind_date_idx"),
            models.Index(fields=["source_department", "-created_at"], name="credit_record_source_idx"),
            models.Index(fields=["status"], name="credit_record_status_idx"),
            models.Index(fields=["severity", "-occurred_on"], name="credit_record_severity_idx"),
            models.Index(fields=["effective_until"], name="credit_record_until_idx"),
        ]
        constraints = [
            # The same document cannot be recorded twice for one enterprise (a withdrawn one may be re-entered).
            models.UniqueConstraint(
                fields=["enterprise", "kind", "document_ref"],
                condition=~Q(document_ref="") & ~Q(status="withdrawn"),
                name="credit_record_document_once",
                violation_error_message=_("该企业已有同一文书编号的同类记录。"),
            ),
            models.CheckConstraint(
                name="credit_record_effect_after_event",
                condition=Q(effective_until__isnull=True) | Q(effective_until__gte=models.F("occurred_on")),
                violation_error_message=_("有效期不能早于发生日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.kind} · {self.title}"

    def clean(self):
        errors = {}
        if self.kind_id and self.severity and self.severity not in SEVERITIES[self.kind.category]:
            errors["severity"] = _("“%(kind)s”的程度须为：%(list)s。") % {
                "kind": self.kind.name,
                "list": "、".join(label for _c, label in self.kind.severities),
            }
        if self.occurred_on and self.occurred_on > timezone.localdate():
            errors["occurred_on"] = _("发生日期不能晚于今天。")
        if self.occurred_on and self.effective_until and self.effective_until < self.occurred_on:
            errors["effective_until"] = _("有效期不能早于发生日期。")
        self.title = (self.title or "").strip()
        self.document_ref = (self.document_ref or "").strip()
        if not self.title:
            errors["title"] = _("请填写事由。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_withdrawn(self) -> bool:
        return self.status == RecordStatus.WITHDRAWN

    def is_in_effect(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (
            not self.is_withdrawn
            and self.occurred_on <= on
            and (self.effective_until is None or on <= self.effective_until)
        )


# --- objections (信用异议) -----------------------------------------------------------------------


class AppealState(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("维持记录")
    WITHDRAWN = "withdrawn", _("撤销记录")


class AppealQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Objections: the office and 区金融办 all; a department those to the records it is the source
        of (it decides them); the enterprise its own. Any other role: none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if reads_all_records(user):
            return self
        if user.role == Role.DEPARTMENT:
            return self.filter(record__source_department_id=user.department_id)
        if user.role == Role.ENTERPRISE:
            return self.filter(enterprise_id=user.enterprise_id)
        return self.none()


def appeal_evidence_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"credit/appeals/{instance.record_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Appeal(models.Model):
    """An enterprise's objection to a record, decided by the record's source department."""

    record = models.ForeignKey(
        CreditRecord, verbose_name=_("信用记录"), on_delete=models.PROTECT, related_name="appeals"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="credit_appeals"
    )
    explanation = models.TextField(_("异议理由"))
    evidence = models.FileField(
        _("证明材料"), storage=get_private_storage, upload_to=appeal_evidence_path, max_length=200, blank=True
    )
    evidence_name = models.CharField(_("材料文件名"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=AppealState.choices, default=AppealState.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_note = models.TextField(_("处理意见"), blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用异议")
        verbose_name_plural = _("信用异议")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="credit_appeal_queue_idx"),
            models.Index(fields=["enterprise", "-submitted_at"], name="credit_appeal_enterprise_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(state="pending"),
                name="credit_appeal_one_pending_per_record",
                violation_error_message=_("该记录已有待处理的异议。"),
            ),
        ]

    def __str__(self):
        return f"{self.record} · {self.get_state_display()}"


# --- ratings ---------------------------------------------------------------------------------------


class RatingTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("定期评级")
    ON_DEMAND = "on_demand", _("手动评级")
    RECORD = "record", _("记录变化")
    APPEAL = "appeal", _("异议处理")
    MODEL = "model", _("模型更新")
    EXPIRY = "expiry", _("记录到期")
    SEED = "seed", _("初始化")


class _ScopedByEnterprise(models.QuerySet):
    enterprise_field = "enterprise"

    def visible_to(self, user):
        """Ratings: office and every department (pools sort by them), a town its own enterprises,
        an enterprise itself. What a rating's explanation reveals is decided in selectors."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in (Role.OFFICE, Role.DEPARTMENT):
            return self
        if user.role == Role.TOWN:
            return self.filter(**{f"{self.enterprise_field}__town_id": user.town_id})
        if user.role == Role.ENTERPRISE:
            return self.filter(**{f"{self.enterprise_field}_id": user.enterprise_id})
        return self.none()


class RatingQuerySet(_ScopedByEnterprise):
    def update(self, **kwargs):
        raise TypeError("Ratings are append-only: add a new rating instead of changing one.")

    def delete(self):
        raise TypeError("Ratings are append-only: history is never deleted.")


class Rating(models.Model):
    """One rating of one enterprise, with the reason for every point. Append-only (also enforced by a
    database trigger on PostgreSQL): a new result is a new row; an unchanged result adds none."""

    # Ratings are written in bulk: no single-column FK indexes beyond the history index below.
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="credit_ratings",
        db_index=False,
    )
    model = models.ForeignKey(
        ScoringModel, verbose_name=_("评分模型"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    grade = models.CharField(_("等级"), max_length=3, choices=Grade.choices)
    grade_rank = models.PositiveSmallIntegerField(_("等级序号"), help_text=_("1 = AAA … 10 = D"))
    blacklisted = models.BooleanField(_("评级达黑名单线"), default=False)
    previous_grade = models.CharField(_("上次等级"), max_length=3, blank=True)
    grade_changed = models.BooleanField(_("等级变化"), default=False)
    as_of = models.DateField(_("评级基准日"))
    computed_at = models.DateTimeField(_("评级时间"), default=timezone.now)
    trigger = models.CharField(_("触发"), max_length=10, choices=RatingTrigger.choices)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    explanation = models.JSONField(_("评分说明"))
    fingerprint = models.CharField(max_length=64)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("诚信评级")
        verbose_name_plural = _("诚信评级")
        ordering = ["-computed_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "-computed_at"], name="credit_rating_history_idx"),
            models.Index(fields=["grade_changed", "-computed_at"], name="credit_rating_changes_idx"),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.grade}（{self.score}）"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("Ratings are append-only: add a new rating instead of changing one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Ratings are append-only: history is never deleted.")


class CreditStatusQuerySet(_ScopedByEnterprise):
    def blacklisted(self):
        return self.filter(blacklisted=True)


class CreditStatus(models.Model):
    """The current credit state of one enterprise: its latest rating and whether it is blacklisted.
    Kept by the services; what pools sort by (grade_rank) and the gate reads (credit/gates.py)."""

    enterprise = models.OneToOneField(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="credit_status"
    )
    rating = models.ForeignKey(
        Rating,
        verbose_name=_("当前评级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=3, choices=Grade.choices, blank=True)
    grade_rank = models.PositiveSmallIntegerField(_("等级序号"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    rated_at = models.DateTimeField(_("评级时间"), null=True, blank=True)
    # Blacklist: by rating (grade at or below the model's cut-off) and/or by 区金融办's decision.
    rating_listed_since = models.DateTimeField(_("因评级列入时间"), null=True, blank=True)
    manual_entry = models.ForeignKey(
        "BlacklistEntry",
        verbose_name=_("人工列入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    blacklisted = models.BooleanField(_("黑名单"), default=False)
    blacklisted_since = models.DateTimeField(_("列入黑名单时间"), null=True, blank=True)

    objects = CreditStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业诚信状态")
        verbose_name_plural = _("企业诚信状态")
        indexes = [
            models.Index(fields=["grade_rank"], name="credit_status_rank_idx"),
            models.Index(fields=["blacklisted", "-blacklisted_since"], name="credit_status_blacklist_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="credit_status_blacklist_consistent",
                condition=(
                    Q(blacklisted=True, blacklisted_since__isnull=False)
                    | Q(blacklisted=False, blacklisted_since__isnull=True)
                ),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.grade or '—'}"


class BlacklistEntry(models.Model):
    """区金融办 puts an enterprise on the blacklist by hand (with a reason), and takes it off again."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="blacklist_entries"
    )
    reason = models.TextField(_("列入原因"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("列入人"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("列入时间"), default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("移出人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("移出时间"), null=True, blank=True)
    removed_reason = models.TextField(_("移出原因"), blank=True)

    objects = _ScopedByEnterprise.as_manager()

    class Meta:
        verbose_name = _("黑名单（人工列入）")
        verbose_name_plural = _("黑名单（人工列入）")
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(removed_at__isnull=True),
                name="credit_blacklist_one_open_entry",
                violation_error_message=_("该企业已被人工列入黑名单。"),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.reason[:30]}"
