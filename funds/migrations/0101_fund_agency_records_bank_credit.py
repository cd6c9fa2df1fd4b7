"""The fund agency becomes a source of 银行征信记录 (credit/data/credit-sources.yaml): a guaranteed loan
the fund compensated (代偿) leaves that record. Re-links the kinds' departments from the file (idempotent)."""

from django.db import migrations


def link(apps, schema_editor):
    from credit.loader import load_record_kinds

    RecordKind = apps.get_model("credit", "RecordKind")
    if RecordKind.objects.exists():  # a fresh database gets the kinds from credit's own migration
        load_record_kinds(record_kind_model=RecordKind, department_model=apps.get_model("programs", "Department"))


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0100_guarantees"),
        ("credit", "0002_defaults_and_append_only"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
