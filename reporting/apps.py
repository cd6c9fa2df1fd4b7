from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("企业报送与统计数据")

    def ready(self):
        from pools.prefill import register_figure_source

        from .selectors import prefill_from_figures

        register_figure_source(prefill_from_figures)

        from django.db.models.signals import post_save

        from enterprises.models import Enterprise

        post_save.connect(_enterprise_saved, sender=Enterprise, dispatch_uid="reporting.late_summary.town")


def _enterprise_saved(sender, instance, created, **kwargs):
    # The late summary keeps the enterprise's town (reporting.LateSummary.town): a move follows at once.
    if not created:
        from .services.late_summary import enterprise_moved

        enterprise_moved(instance.pk, instance.town_id)
