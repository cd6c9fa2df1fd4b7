"""What the fund's forms of support share (第21条: a guarantee, an investment of the guidance fund): the
money goes first to the enterprises of the cultivation pools (重点投向培育库企业（项目）); outside them,
the agency records its reason."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models_base import relation
from pools.models import Nomination

ZERO = Decimal("0.00")


def pool_entry_field() -> models.ForeignKey:
    """The pool entry (培育库入库) the support goes to, if any."""
    return relation(Nomination, _("培育库入库"), optional=True)


class PoolSupport(models.Model):
    """Support for an enterprise: its pool entry, or the reason it is supported outside the pools."""

    nomination = pool_entry_field()
    outside_pool_reason = models.CharField(_("库外支持理由"), max_length=300, blank=True)

    class Meta:
        abstract = True
