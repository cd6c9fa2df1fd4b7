"""A published annual summary is immutable in the database too, as a published 调度通报 is: on
PostgreSQL a trigger refuses UPDATE and DELETE of a row whose state was already 'published'."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION assessment_annual_published_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.state = 'published' THEN
        RAISE EXCEPTION USING MESSAGE = 'a published annual summary is immutable',
            ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS assessment_annual_published_guard ON assessment_annualsummary;
CREATE TRIGGER assessment_annual_published_guard
    BEFORE UPDATE OR DELETE ON assessment_annualsummary
    FOR EACH ROW EXECUTE FUNCTION assessment_annual_published_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS assessment_annual_published_guard ON assessment_annualsummary;
DROP FUNCTION IF EXISTS assessment_annual_published_guard();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0004_annual_summary")]

    operations = [migrations.RunPython(forwards, backwards)]
