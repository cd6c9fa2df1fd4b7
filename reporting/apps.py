from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("企业报送与统计数据")

    def ready(self):
        from pools.prefill import register_figure_source

        from .selectors import prefill_from_figures

        register_figure_source(prefill_from_figures)
