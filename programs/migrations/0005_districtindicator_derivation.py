from pathlib import Path

import yaml
from django.db import migrations, models

PROGRAMME_FILE = Path(__file__).resolve().parent.parent / "data" / "luofa-2016-23.yaml"


def fill_derivations(apps, schema_editor):
    """A programme already loaded gets the derivation rules its file now gives (by indicator code)."""
    Programme = apps.get_model("programs", "Programme")
    DistrictIndicator = apps.get_model("programs", "DistrictIndicator")
    with open(PROGRAMME_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    programme = Programme.objects.filter(code=data["programme"]["code"]).first()
    if programme is None:
        return
    for row in data.get("indicators") or []:
        rule = row.get("derivation")
        if rule:
            DistrictIndicator.objects.filter(programme=programme, code=row["code"]).update(
                derivation={**rule, "progress": rule.get("progress", "cumulative")}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_banks"),
    ]

    operations = [
        migrations.AddField(
            model_name="districtindicator",
            name="derivation",
            field=models.JSONField(blank=True, default=dict, verbose_name="完成值取数规则"),
        ),
        migrations.RunPython(fill_derivations, migrations.RunPython.noop),
    ]
