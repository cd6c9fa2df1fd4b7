"""A published 调度通报 is immutable in the database too: on PostgreSQL a trigger refuses UPDATE and
DELETE of a row whose state was already 'published' (the services refuse first; this is the guard
against anything that bypasses them). Other databases rely on the services alone."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION assessment_dispatch_published_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.state = 'published' THEN
        RAISE EXCEPTION USING MESSAGE = 'a published dispatch report is immutable',
            ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS assessment_dispatch_published_guard ON assessment_dispatchreport;
CREATE TRIGGER assessment_dispatch_published_guard
    BEFORE UPDATE OR DELETE ON assessment_dispatchreport
    FOR EACH ROW EXECUTE FUNCTION assessment_dispatch_published_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS assessment_dispatch_published_guard ON assessment_dispatchreport;
DROP FUNCTION IF EXISTS assessment_dispatch_published_guard();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_dispatch")]

    operations = [migrations.RunPython(forwards, backwards)]
