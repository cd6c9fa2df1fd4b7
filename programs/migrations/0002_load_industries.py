"""Load the GB/T 4754-2017 大类 of programs/data/industries-gbt4754-2017.yaml (a national standard,
not policy: it does not change with a programme)."""

from pathlib import Path

import yaml
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "industries-gbt4754-2017.yaml"


def load(apps, schema_editor):
    Industry = apps.get_model("programs", "Industry")
    sections = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for section, rows in sections.items():
        for code, name in rows.items():
            Industry.objects.update_or_create(code=str(code), defaults={"name": name, "section": section})


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
