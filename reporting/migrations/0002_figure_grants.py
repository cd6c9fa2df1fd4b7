"""Which department imports which figure columns (policy as data: the office may change the rows).

区统计局 is the authoritative source of the statistical columns (items 7–9, 16); the tax bureaus of
纳税额 (item 8 names 罗庄区国税局 and 罗庄地税分局; either may import it, the latest import wins);
区经信局 collects the industry figures it leads on (高端产品收入, 个性化定制订单额, items 8 and 14);
区科技局 R&D spending (item 16).
"""

from django.db import migrations

GRANTS = {
    "statistics": ["output", "main_revenue", "fixed_asset_investment", "rd_spending", "employees"],
    "state_tax": ["tax"],
    "local_tax": ["tax"],
    "economy_info": ["high_end_revenue", "custom_order_value"],
    "science_tech": ["rd_spending"],
}


def load(apps, schema_editor):
    FigureGrant = apps.get_model("reporting", "FigureGrant")
    for department_code, metrics in GRANTS.items():
        for metric in metrics:
            FigureGrant.objects.get_or_create(department_code=department_code, metric=metric)


def unload(apps, schema_editor):
    FigureGrant = apps.get_model("reporting", "FigureGrant")
    for department_code, metrics in GRANTS.items():
        FigureGrant.objects.filter(department_code=department_code, metric__in=metrics).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
