"""The district indicators' rows: target and actual (derived or entered) per month and town; alerts."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from programs.models import DistrictIndicator, Programme

from ..derivations import indicator_values, months_of, ratio, time_progress
from ..models import ActualEntry, ActualSource, Alert, IndicatorActual


def _entries_by_indicator(year: int) -> dict[int, list[ActualEntry]]:
    out: dict[int, list[ActualEntry]] = {}
    for entry in ActualEntry.objects.filter(year=year).order_by("month"):
        out.setdefault(entry.indicator_id, []).append(entry)
    return out


def _entry_as_of(entries: list[ActualEntry], month: int) -> ActualEntry | None:
    found = None
    for entry in entries:
        if entry.month <= month:
            found = entry
    return found


def _refresh_indicators(programme: Programme, year: int, towns: list, today: date, *, in_force: bool) -> int:
    months = months_of(year, today)
    indicators = list(
        DistrictIndicator.objects.filter(programme=programme).prefetch_related("targets").order_by("order")
    )
    entries = _entries_by_indicator(year)
    rows, alerts = [], []
    last = months[-1] if months else 0
    for indicator in indicators:
        target = next((t.target for t in indicator.targets.all() if t.year == year), None)
        values = indicator_values(indicator, programme, year, months, towns, today, in_force=in_force)
        rule_note = (indicator.derivation or {}).get("description", "")
        for month in months:
            progress = time_progress(year, month, today)
            for town in [None, *towns]:
                value = values.get((month, town))
                row = IndicatorActual(
                    year=year,
                    month=month,
                    indicator=indicator,
                    town_id=town,
                    target=target if town is None else None,
                    time_progress=progress,
                    source=ActualSource.UNKNOWN,
                )
                entry = _entry_as_of(entries.get(indicator.pk, []), month) if town is None else None
                if value is not None and value.actual is not None:
                    row.actual, row.numerator, row.denominator = (
                        value.actual,
                        value.numerator,
                        value.denominator,
                    )
                    row.source, row.source_note, row.period = ActualSource.DERIVED, rule_note, value.period
                elif entry is not None:
                    row.actual, row.source = entry.value, ActualSource.ENTERED
                    row.source_note = entry.source_note
                    row.period = _("%(year)s年1—%(month)s月") % {"year": year, "month": entry.month}
                row.completion = ratio(row.actual, row.target)
                row.behind = row.completion is not None and row.completion < progress
                rows.append(row)
                if row.behind and town is None and month == last:
                    alerts.append(_indicator_alert(indicator, row))
    IndicatorActual.objects.filter(year=year).delete()
    IndicatorActual.objects.bulk_create(rows, batch_size=2000)
    Alert.objects.filter(year=year, kind=Alert.Kind.INDICATOR_BEHIND).delete()
    Alert.objects.bulk_create(alerts)
    return len(rows) + len(alerts)


def _indicator_alert(indicator: DistrictIndicator, row: IndicatorActual) -> Alert:
    return Alert(
        year=row.year,
        kind=Alert.Kind.INDICATOR_BEHIND,
        indicator=indicator,
        message=_("%(name)s完成%(done)s%%，落后于时间进度%(progress)s%%。")
        % {"name": indicator.name, "done": row.completion, "progress": row.time_progress},
        url=f"{reverse('cockpit:index')}?year={row.year}&month={row.month}#indicator-{indicator.code}",
    )
