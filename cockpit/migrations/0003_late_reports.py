"""Enterprises with late monthly reports, per year for the district, each town and each department's
pools (the cockpit counts the late list)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cockpit", "0002_summary_rows_by_month"), ("programs", "0005_districtindicator_derivation")]

    operations = [
        migrations.CreateModel(
            name="LateReports",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("enterprises", models.PositiveIntegerField(default=0, verbose_name="逾期企业数")),
                ("as_of", models.DateField(verbose_name="数据截至日期")),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="programs.department",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="programs.town",
                    ),
                ),
            ],
            options={
                "verbose_name": "逾期报送情况",
                "verbose_name_plural": "逾期报送情况",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "town", "department"), name="cockpit_late_once", nulls_distinct=False
                    )
                ],
            },
        ),
    ]
