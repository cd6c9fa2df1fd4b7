"""Excel (xlsx) import of a department's credit records, through django-import-export.

Rows name the enterprise by its 统一社会信用代码. Imports go through `services.records_import`, which
wraps this resource in one transaction: any bad row and nothing is written.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export import fields, resources, widgets

from core import audit
from core.imports import import_errors as core_import_errors
from core.resources import PortalResourceMixin
from enterprises.models import Enterprise
from enterprises.resources import ChoiceLabelWidget
from enterprises.uscc import normalize

from .models import CreditRecord, RecordKind, Severity
from .rating import active_model, rules_of
from .services import RECORD_AUDITED


class EnterpriseByUsccWidget(widgets.Widget):
    def __init__(self):
        super().__init__()
        self.by_uscc: dict[str, Enterprise] = {}

    def clean(self, value, row=None, **kwargs):
        code = normalize(str(value or ""))
        if not code:
            raise ValueError(_("请填写统一社会信用代码。"))
        enterprise = self.by_uscc.get(code)
        if enterprise is None:
            raise ValueError(_("统一社会信用代码“%(code)s”未在企业名录中登记。") % {"code": code})
        return enterprise

    def render(self, value, obj=None, **kwargs):
        return value.uscc if value else ""


class KindWidget(widgets.Widget):
    """A record kind by name (法院违法记录) or code (court), among those the department may record."""

    def __init__(self):
        super().__init__()
        self.allowed: dict[str, RecordKind] = {}
        self.known: set[str] = set()

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("请填写记录类别。"))
        if text in self.allowed:
            return self.allowed[text]
        if text in self.known:
            raise ValueError(_("本部门不是“%(kind)s”的信息来源部门，不能导入该类记录。") % {"kind": text})
        names = sorted({k.name for k in self.allowed.values()})
        raise ValueError(
            _("“%(value)s”不是本部门可录入的记录类别：%(options)s。")
            % {"value": text, "options": "、".join(names)}
        )

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


# The file's columns, in order (the template, the import and the export).
RECORD_COLUMNS = (
    "enterprise",
    "enterprise_name",
    "kind",
    "severity",
    "title",
    "occurred_on",
    "document_ref",
    "effective_until",
    "description",
)


class CreditRecordResource(PortalResourceMixin, resources.ModelResource):
    sheet_title = _lazy("信用记录")

    enterprise = fields.Field(
        attribute="enterprise", column_name="统一社会信用代码", widget=EnterpriseByUsccWidget()
    )
    enterprise_name = fields.Field(column_name="企业名称（核对用）", readonly=True)
    kind = fields.Field(attribute="kind", column_name="记录类别", widget=KindWidget())
    severity = fields.Field(
        attribute="severity", column_name="程度", widget=ChoiceLabelWidget(Severity.choices, default="")
    )
    title = fields.Field(attribute="title", column_name="事由")
    occurred_on = fields.Field(
        attribute="occurred_on", column_name="发生日期", widget=widgets.DateWidget("%Y-%m-%d")
    )
    document_ref = fields.Field(attribute="document_ref", column_name="文书编号")
    effective_until = fields.Field(
        attribute="effective_until", column_name="有效期至", widget=widgets.DateWidget("%Y-%m-%d")
    )
    description = fields.Field(attribute="description", column_name="详细说明")

    COLUMNS = list(RECORD_COLUMNS)
    REQUIRED_COLUMNS = ["enterprise", "kind", "severity", "title", "occurred_on"]

    class Meta:
        model = CreditRecord
        fields = RECORD_COLUMNS
        force_init_instance = True  # every row is a new record: records are never overwritten by a file
        clean_model_instances = True
        skip_diff = True
        skip_html_diff = True

    def __init__(self, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor
        self.imported_enterprises: list[int] = []
        self._rules = None

    def before_import(self, dataset, **kwargs):
        header = self.fields["enterprise"].column_name
        codes = {
            normalize(str(v or "")) for v in (dataset[header] if header in (dataset.headers or []) else [])
        }
        self.fields["enterprise"].widget.by_uscc = {
            e.uscc: e for e in Enterprise.objects.filter(uscc__in=codes - {""}).only("pk", "uscc", "name")
        }
        kind_widget = self.fields["kind"].widget
        kind_widget.allowed = {}
        for kind in RecordKind.objects.writable_by(self.actor):
            kind_widget.allowed[kind.name] = kind_widget.allowed[kind.code] = kind
        kind_widget.known = {v for pair in RecordKind.objects.values_list("name", "code") for v in pair}
        self._rules = rules_of(active_model())
        self.imported_enterprises = []

    def import_instance(self, instance, row, **kwargs):
        errors = self.import_fields(instance, row, **kwargs)
        instance.source_department_id = self.actor.department_id
        instance.created_by = self.actor
        instance.document_ref = str(instance.document_ref or "").strip()
        instance.description = str(instance.description or "")
        name = str(row.get(self.fields["enterprise_name"].column_name) or "").strip()
        if (
            name
            and instance.enterprise_id
            and "enterprise" not in errors
            and name != instance.enterprise.name
        ):
            errors["enterprise"] = [
                _("企业名称“%(name)s”与信用代码登记的“%(registered)s”不符。")
                % {"name": name, "registered": instance.enterprise.name}
            ]
        if (
            instance.effective_until is None
            and instance.occurred_on
            and instance.kind_id
            and "kind" not in errors
        ):
            instance.effective_until = self._rules.effective_until(instance.kind.code, instance.occurred_on)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            self.imported_enterprises.append(instance.enterprise_id)
            audit.record_saved(
                actor=self.actor,
                instance=instance,
                before=None,
                fields=RECORD_AUDITED,
                action=audit.AuditAction.IMPORT,
            )


def import_errors(result) -> list[dict]:
    return core_import_errors(result, CreditRecordResource)
