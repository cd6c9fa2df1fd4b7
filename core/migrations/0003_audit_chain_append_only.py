"""The audit trail becomes a sealed chain (prev_hash, row_hash) and append-only in the database.

Existing rows are sealed in id order first (core.audit.seal, the one definition of the seal); then
a unique constraint keeps the chain linear and triggers refuse UPDATE, DELETE and TRUNCATE.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

POSTGRES_SQL = """
CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('portal.audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'core_auditlog is append-only: audit rows are never changed or deleted'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog;
CREATE TRIGGER core_auditlog_append_only BEFORE UPDATE OR DELETE ON core_auditlog
    FOR EACH ROW EXECUTE FUNCTION core_auditlog_append_only();
DROP TRIGGER IF EXISTS core_auditlog_no_truncate ON core_auditlog;
CREATE TRIGGER core_auditlog_no_truncate BEFORE TRUNCATE ON core_auditlog
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditlog_append_only();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS core_auditlog_no_truncate ON core_auditlog;
DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog;
DROP FUNCTION IF EXISTS core_auditlog_append_only();
"""
SQLITE_SQL = [
    "DROP TRIGGER IF EXISTS core_auditlog_no_update",
    "CREATE TRIGGER core_auditlog_no_update BEFORE UPDATE ON core_auditlog BEGIN "
    "SELECT RAISE(ABORT, 'core_auditlog is append-only: audit rows are never changed or deleted'); END",
    "DROP TRIGGER IF EXISTS core_auditlog_no_delete",
    "CREATE TRIGGER core_auditlog_no_delete BEFORE DELETE ON core_auditlog BEGIN "
    "SELECT RAISE(ABORT, 'core_auditlog is append-only: audit rows are never changed or deleted'); END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS core_auditlog_no_update", "DROP TRIGGER IF EXISTS core_auditlog_no_delete"]


def seal_existing_rows(apps, schema_editor):
    from core.audit import GENESIS, content_of, seal

    AuditLog = apps.get_model("core", "AuditLog")
    prev = GENESIS
    for row in AuditLog.objects.using(schema_editor.connection.alias).order_by("id").iterator(chunk_size=2000):
        row.prev_hash = prev
        row.row_hash = seal(content_of(row))
        AuditLog.objects.using(schema_editor.connection.alias).filter(pk=row.pk).update(
            prev_hash=row.prev_hash, row_hash=row.row_hash
        )
        prev = row.row_hash


def append_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_SQL)
    elif vendor == "sqlite":
        for statement in SQLITE_SQL:
            schema_editor.execute(statement)


def drop_append_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_notification"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditlog",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "新增"),
                    ("update", "修改"),
                    ("delete", "删除"),
                    ("import", "导入"),
                    ("export", "导出"),
                    ("login", "登录"),
                    ("login_failed", "登录失败"),
                    ("logout", "退出"),
                    ("transition", "状态变更"),
                    ("denied", "拒绝访问"),
                    ("download", "下载"),
                    ("read", "批量读取"),
                    ("password_reset", "重置密码"),
                    ("unlock", "解除锁定"),
                ],
                max_length=32,
                verbose_name="操作",
            ),
        ),
        migrations.AlterField(
            model_name="auditlog",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="时间"
            ),
        ),
        migrations.AlterField(
            model_name="auditlog",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AlterField(
            model_name="auditlog",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="contenttypes.contenttype",
                verbose_name="对象类型",
            ),
        ),
        migrations.AddField(
            model_name="auditlog",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="上一条校验值"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditlog",
            name="row_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="校验值"),
            preserve_default=False,
        ),
        migrations.RunPython(seal_existing_rows, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="auditlog",
            constraint=models.UniqueConstraint(fields=("prev_hash",), name="audit_chain_linear"),
        ),
        migrations.RunPython(append_only, drop_append_only),
    ]
