"""The credit and pool summary rows by month (the cockpit follows its year and month selector): the
rows are rewritten by the next refresh, so the old ones are dropped here."""

from django.db import migrations, models


def drop_rows(apps, schema_editor):
    apps.get_model("cockpit", "CreditGrade").objects.all().delete()
    apps.get_model("cockpit", "PoolStatus").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cockpit", "0001_initial")]

    operations = [
        migrations.RunPython(drop_rows, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="creditgrade", name="cockpit_grade_once"),
        migrations.RemoveConstraint(model_name="poolstatus", name="cockpit_pool_once"),
        migrations.AddField(
            model_name="creditgrade",
            name="month",
            field=models.DateField(default="2000-01-01", verbose_name="月份"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="poolstatus",
            name="month",
            field=models.PositiveSmallIntegerField(default=12, verbose_name="截至月份"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="poolstatus",
            name="expected",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="按进度应达"),
        ),
        migrations.AddField(
            model_name="poolstatus",
            name="by_windows",
            field=models.BooleanField(default=False, verbose_name="按申报窗口计算"),
        ),
        migrations.AlterModelOptions(
            name="poolstatus",
            options={
                "ordering": ["year", "month", "pool__order", "town__order"],
                "verbose_name": "培育库完成情况",
                "verbose_name_plural": "培育库完成情况",
            },
        ),
        migrations.AddConstraint(
            model_name="creditgrade",
            constraint=models.UniqueConstraint(
                fields=("month", "town", "grade"), name="cockpit_grade_month_once", nulls_distinct=False
            ),
        ),
        migrations.AddConstraint(
            model_name="poolstatus",
            constraint=models.UniqueConstraint(
                fields=("year", "month", "pool", "town"), name="cockpit_pool_month_once", nulls_distinct=False
            ),
        ),
    ]
