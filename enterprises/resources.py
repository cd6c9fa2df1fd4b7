"""Excel (xlsx) import and export of the enterprise registry, through django-import-export.

Columns carry the Chinese headers officials use. Imports go through `services.enterprises_import`,
which wraps this resource in one transaction: any bad row and nothing is written.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export import fields, resources, widgets

from accounts.models import Role
from core import audit
from core.dates import parse_typed_date
from core.imports import import_errors as core_import_errors
from core.resources import PortalResourceMixin
from programs.models import Industry, LeadingIndustry, Town

from .models import Enterprise
from .uscc import normalize


class YesNoWidget(widgets.Widget):
    TRUE = {"是", "规上", "y", "yes", "true", "1", "√"}
    FALSE = {"否", "规下", "n", "no", "false", "0", ""}

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("应填写“是”或“否”，而不是“%(value)s”。") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")


class ChoiceLabelWidget(widgets.Widget):
    """Reads and writes a choice by its Chinese label (正常经营), also accepting the code."""

    def __init__(self, choices, default=None):
        self.by_label = {str(label): code for code, label in choices}
        self.by_code = {code: str(label) for code, label in choices}
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return self.default
        if text in self.by_label:
            return self.by_label[text]
        if text in self.by_code:
            return text
        raise ValueError(
            _("“%(value)s”不是可选值：%(options)s。") % {"value": text, "options": "、".join(self.by_label)}
        )

    def render(self, value, obj=None, **kwargs):
        return self.by_code.get(value, value or "")


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related object up by name and says clearly when it does not exist."""

    def __init__(self, model, field, label):
        super().__init__(model, field=field)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: text})
        except self.model.DoesNotExist as exc:
            raise ValueError(
                _("%(label)s“%(value)s”不存在。") % {"label": self.label, "value": text}
            ) from exc


class IndustryWidget(widgets.ForeignKeyWidget):
    """Accepts 30, C30 or "30 非金属矿物制品业" (GB/T 4754 大类)."""

    def __init__(self):
        super().__init__(Industry, field="code")

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        match = re.match(r"^[A-Z]?(\d{2})", text.upper())
        industry = Industry.objects.filter(code=match.group(1)).first() if match else None
        if industry is None:
            raise ValueError(_("行业代码“%(value)s”不是国民经济行业分类大类代码。") % {"value": text})
        return industry

    def render(self, value, obj=None, **kwargs):
        return f"{value.code} {value.name}" if value else ""


class TypedDateWidget(widgets.Widget):
    """成立日期 in any form officials type (core.dates); written back as YYYY-MM-DD."""

    def clean(self, value, row=None, **kwargs):
        return parse_typed_date(value)

    def render(self, value, obj=None, **kwargs):
        return f"{value:%Y-%m-%d}" if value else ""


EXAMPLE_PREFIX = "示例"  # the template's example row: its 企业名称 starts so, and it is skipped


class EnterpriseResource(PortalResourceMixin, resources.ModelResource):
    sheet_title = _lazy("企业名录")

    uscc = fields.Field(attribute="uscc", column_name="统一社会信用代码")
    name = fields.Field(attribute="name", column_name="企业名称")
    town = fields.Field(
        attribute="town", column_name="所属街镇", widget=NamedForeignKeyWidget(Town, "name", "街镇")
    )
    industry = fields.Field(attribute="industry", column_name="行业代码", widget=IndustryWidget())
    leading_industry = fields.Field(
        attribute="leading_industry",
        column_name="主导产业",
        widget=NamedForeignKeyWidget(LeadingIndustry, "name", "主导产业"),
    )
    is_above_scale = fields.Field(attribute="is_above_scale", column_name="规模以上", widget=YesNoWidget())
    status = fields.Field(
        attribute="status",
        column_name="经营状态",
        widget=ChoiceLabelWidget(Enterprise.Status.choices, default=Enterprise.Status.OPERATING),
    )
    legal_representative = fields.Field(attribute="legal_representative", column_name="法定代表人")
    established_on = fields.Field(
        attribute="established_on", column_name="成立日期", widget=TypedDateWidget()
    )
    address = fields.Field(attribute="address", column_name="地址")
    contact_name = fields.Field(attribute="contact_name", column_name="联系人")
    contact_phone = fields.Field(attribute="contact_phone", column_name="联系电话")
    contact_email = fields.Field(attribute="contact_email", column_name="电子邮箱")

    COLUMNS = list(Enterprise.EDITABLE_FIELDS)

    class Meta:
        model = Enterprise
        import_id_fields = ("uscc",)
        fields = Enterprise.EDITABLE_FIELDS
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # skip_unchanged needs the original to compare with: skip_diff = True would silently disable it.
        skip_diff = False
        skip_html_diff = True

    def __init__(self, actor=None, queryset=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor
        self._queryset = queryset
        self._first_row_of_uscc: dict[str, int] = {}

    def before_import(self, dataset, **kwargs):
        self._first_row_of_uscc = {}

    def get_queryset(self):
        if self._queryset is not None:
            return self._queryset
        qs = Enterprise.objects.select_related("town", "industry", "leading_industry")
        return qs.visible_to(self.actor) if self.actor is not None else qs

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """The template's example row (企业名称 beginning with 示例) is skipped, whatever else it holds."""
        if str(row.get(self.fields["name"].column_name) or "").strip().startswith(EXAMPLE_PREFIX):
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_import_row(self, row, **kwargs):
        header = self.fields["uscc"].column_name
        if header in row and row[header] is not None:
            row[header] = normalize(str(row[header]))
        town_header = self.fields["town"].column_name
        if (
            self.actor is not None
            and self.actor.role == Role.TOWN
            and not (row.get(town_header) or "").strip()
        ):
            row[town_header] = self.actor.town.name  # a town's own file may leave its town blank

    def import_instance(self, instance, row, **kwargs):
        errors = self.import_fields(instance, row, **kwargs)
        # A code twice in one file would silently overwrite the first row with the second.
        code, number = row.get(self.fields["uscc"].column_name), kwargs.get("row_number")
        first = self._first_row_of_uscc.setdefault(code, number) if code else number
        if first != number and "uscc" not in errors:
            errors["uscc"] = [_("与第 %(row)d 行的统一社会信用代码重复。") % {"row": first + 1}]
        actor = self.actor
        if (
            actor is not None
            and actor.role == Role.TOWN
            and "town" not in errors
            and instance.town_id != actor.town_id
        ):
            errors["town"] = [_("只能导入本街镇（%(town)s）的企业。") % {"town": actor.town.name}]
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            audit.record_saved(
                actor=self.actor, instance=instance, before=None, action=audit.AuditAction.IMPORT
            )


def import_errors(result) -> list[dict]:
    return core_import_errors(result, EnterpriseResource)
