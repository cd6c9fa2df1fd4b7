from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "credit"
    verbose_name = _("企业诚信")

    def ready(self):
        from django.db.models.signals import post_save, pre_delete, pre_save

        from enterprises.models import Enterprise

        from . import summary

        # the overview's summary follows an enterprise created, moved or deleted (credit/summary.py)
        pre_save.connect(summary.before_enterprise_save, sender=Enterprise, dispatch_uid="credit-grade-count")
        post_save.connect(summary.after_enterprise_save, sender=Enterprise, dispatch_uid="credit-grade-count")
        pre_delete.connect(
            summary.before_enterprise_delete, sender=Enterprise, dispatch_uid="credit-grade-count"
        )
