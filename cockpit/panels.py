"""Panels other apps add to the cockpit: the sub-funds' money (funds) and the rankings, 通报 and
supervision actions (assessment).

Those apps sit below the cockpit in the layer contract and cannot import it, so the cockpit looks
for them: an app provides a module `<app>.cockpit_panels` with a list `PANELS` of objects having

- `code` (str), `title` (str), `order` (int);
- `refresh(*, year: int, today: date) -> None`: rewrites the app's own summary rows; called by
  cockpit.services.refresh_cockpit inside its transaction (idempotent);
- `context(*, user, year: int, month: int, as_of: date) -> dict | None`: what its panel shows at
  the end of `as_of` (the chosen month's last day, or today within the current month), read from
  those summary rows through their visible_to(user), a bounded number of queries; None when there
  is no data yet (the cockpit then shows the panel's empty state). The dict has `template` (the
  panel's template), `as_of` (the date its figures stand at: 数据截至), `stamp` (when they were
  last written or published, a datetime or None) and whatever the template reads;
- `alerts(*, user, year: int, month: int, as_of: date) -> list[dict]`: warnings with `message` and
  `url`;
- `refresh_on` (list of models): saving one of them queues a (debounced) cockpit refresh.

A missing module is a panel not built yet: the cockpit shows its empty state and works without it.
"""

import importlib
from functools import cache

from django.utils.translation import gettext_lazy as _

# (module, the panel's place on the page, its title while the app has no panel)
PANEL_MODULES = (
    ("cockpit.money", "money", _("资金")),
    ("assessment.cockpit_panels", "rankings", _("考核排名、通报与督查")),
)


@cache
def sources() -> tuple:
    """The registered panel sources, in order (imported once per process)."""
    found = []
    for module_name, _slot, _title in PANEL_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:  # a missing module inside a present one is a real error
                raise
            continue
        found.extend(getattr(module, "PANELS", []))
    return tuple(sorted(found, key=lambda p: getattr(p, "order", 0)))


def placeholders() -> list[dict]:
    """The slots whose app provides no panel: shown as empty panels with their titles."""
    present = set()
    for module_name, _slot, _title in PANEL_MODULES:
        try:
            importlib.import_module(module_name)
            present.add(module_name)
        except ModuleNotFoundError:
            pass
    return [
        {"slot": slot, "title": title}
        for module_name, slot, title in PANEL_MODULES
        if module_name not in present
    ]


def panels_for(user, *, year: int, month: int, as_of) -> tuple[list[dict], list[dict]]:
    """(panels with data, their alerts)."""
    panels, alerts = [], []
    for source in sources():
        context = source.context(user=user, year=year, month=month, as_of=as_of)
        panels.append({"code": source.code, "title": source.title, "context": context})
        alerts.extend(source.alerts(user=user, year=year, month=month, as_of=as_of))
    return panels, alerts
