"""Load the record kinds (credit/data/credit-sources.yaml) and the default scoring model
(credit/data/default-scoring.yaml) as version 1, and make the rating history append-only in the
database itself on PostgreSQL (a trigger refuses UPDATE and DELETE; TRUNCATE, used by test flushes,
is not a row operation)."""

from django.db import migrations

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION credit_rating_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'credit_rating is append-only: ratings are never updated or deleted' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS credit_rating_append_only ON credit_rating;
CREATE TRIGGER credit_rating_append_only BEFORE UPDATE OR DELETE ON credit_rating
    FOR EACH ROW EXECUTE FUNCTION credit_rating_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS credit_rating_append_only ON credit_rating;
DROP FUNCTION IF EXISTS credit_rating_append_only();
"""


def load_defaults(apps, schema_editor):
    from credit.loader import load_default_model, load_record_kinds

    load_record_kinds(record_kind_model=apps.get_model("credit", "RecordKind"),
                      department_model=apps.get_model("programs", "Department"))
    load_default_model(scoring_model_model=apps.get_model("credit", "ScoringModel"))


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0001_initial"),
        ("programs", "0002_load_industries"),
    ]
    operations = [
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
        migrations.RunPython(append_only, drop_append_only),
    ]
