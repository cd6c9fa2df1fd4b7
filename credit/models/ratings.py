"""Ratings (append-only, each with its explanation), the current status per enterprise, the blacklist."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core import audit_messages
from core.models_base import actor_field, decision_fields, moment_field, relation
from enterprises.fields import enterprise_field
from enterprises.models import Enterprise

from .common import Grade
from .scoring_models import ScoringModel

# --- ratings ---------------------------------------------------------------------------------------


class RatingTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("定期评级")
    ON_DEMAND = "on_demand", _("手动评级")
    RECORD = "record", _("记录变化")
    APPEAL = "appeal", _("异议处理")
    MODEL = "model", _("模型更新")
    EXPIRY = "expiry", _("记录到期")
    SEED = "seed", _("初始化")


audit_messages.register_labels("trigger", RatingTrigger.choices)  # the audit trail names it


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
            return self.filter(**{self.town_lookup(): user.town_id})
        if user.role == Role.ENTERPRISE:
            return self.of_enterprise(user.enterprise_id)
        return self.none()

    def town_lookup(self) -> str:
        return f"{self.enterprise_field}__town_id"

    def of_enterprise(self, enterprise_id):
        return self.filter(**{f"{self.enterprise_field}_id": enterprise_id})


class RatingQuerySet(_ScopedByEnterprise):
    def update(self, **kwargs):
        raise TypeError("Ratings are append-only: add a new rating instead of changing one.")

    def delete(self):
        raise TypeError("Ratings are append-only: history is never deleted.")


class Rating(models.Model):
    """One rating of one enterprise, with the reason for every point. Append-only (also enforced by a
    database trigger on PostgreSQL): a new result is a new row; an unchanged result adds none."""

    # Ratings are written in bulk: no single-column FK indexes beyond the history index below.
    enterprise = enterprise_field(_("企业"), related_name="credit_ratings", db_index=False)
    model = relation(ScoringModel, _("评分模型"), db_index=False)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    grade = models.CharField(_("等级"), max_length=3, choices=Grade.choices)
    grade_rank = models.PositiveSmallIntegerField(_("等级序号"), help_text=_("1 = AAA … 10 = D"))
    blacklisted = models.BooleanField(_("评级达黑名单线"), default=False)
    previous_grade = models.CharField(_("上次等级"), max_length=3, blank=True)
    grade_changed = models.BooleanField(_("等级变化"), default=False)
    as_of = models.DateField(_("评级基准日"))
    computed_at = models.DateTimeField(_("评级时间"), default=timezone.now)
    trigger = models.CharField(_("触发"), max_length=10, choices=RatingTrigger.choices)
    triggered_by = actor_field(_("操作人"), null=True, blank=True, db_index=False)
    explanation = models.JSONField(_("评分说明"))
    fingerprint = models.CharField(max_length=64)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("诚信评级")
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
    rating = relation(Rating, _("当前评级"), optional=True, db_index=False)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=3, choices=Grade.choices, blank=True)
    grade_rank = models.PositiveSmallIntegerField(_("等级序号"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    rated_at = moment_field(_("评级时间"))
    # Blacklist: by rating (grade at or below the model's cut-off) and/or by 区金融办's decision.
    rating_listed_since = moment_field(_("因评级列入时间"))
    manual_entry = relation("BlacklistEntry", _("人工列入"), on_delete=models.SET_NULL, optional=True)
    blacklisted = models.BooleanField(_("黑名单"), default=False)
    blacklisted_since = moment_field(_("列入黑名单时间"))

    objects = CreditStatusQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("企业诚信状态")
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

    enterprise = enterprise_field(_("企业"), related_name="blacklist_entries")
    reason = models.TextField(_("列入原因"))
    added_by = actor_field(_("列入人"))
    added_at = models.DateTimeField(_("列入时间"), default=timezone.now)
    removed_by, removed_at, removed_reason = decision_fields(_("移出人"), _("移出时间"), _("移出原因"))

    objects = _ScopedByEnterprise.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("黑名单（人工列入）")
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
