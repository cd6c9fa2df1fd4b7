import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from core.api import IdLookupMixin
from core.permissions import require
from programs.models import Industry, LeadingIndustry, Park, Town

from . import permissions, services
from .models import Enterprise, Project


# The base of the output of a row that belongs to an enterprise (a credit record, a guarantee, an
# investment): the enterprise's 统一社会信用代码 and name beside its id; subclasses list them in
# Meta.fields. No docstring: the schema would show it as every subclass's description.
class EnterpriseRowOutput(serializers.ModelSerializer):
    enterprise_uscc = serializers.CharField(source="enterprise.uscc")
    enterprise_name = serializers.CharField(source="enterprise.name")


class EnterpriseSerializer(serializers.ModelSerializer):
    town = serializers.SlugRelatedField(slug_field="name", queryset=Town.objects.all(), required=False)
    industry = serializers.SlugRelatedField(slug_field="code", queryset=Industry.objects.all())
    leading_industry = serializers.SlugRelatedField(
        slug_field="code", queryset=LeadingIndustry.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Enterprise
        fields = ["id", *Enterprise.EDITABLE_FIELDS, *Enterprise.FLAG_FIELDS]
        # USCC uniqueness is checked by the model (a clear message), not by a DRF validator.
        extra_kwargs = {"uscc": {"validators": []}}


class ProjectSerializer(serializers.ModelSerializer):
    town = serializers.SlugRelatedField(slug_field="name", queryset=Town.objects.all(), required=False)
    leading_industry = serializers.SlugRelatedField(
        slug_field="code", queryset=LeadingIndustry.objects.all(), required=False, allow_null=True
    )
    park = serializers.SlugRelatedField(
        slug_field="code", queryset=Park.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Project
        fields = ["id", *Project.EDITABLE_FIELDS]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.visible_to(request.user)


class EnterpriseFilter(django_filters.FilterSet):
    town = django_filters.CharFilter(field_name="town__name")
    industry = django_filters.CharFilter(field_name="industry__code")
    leading_industry = django_filters.CharFilter(field_name="leading_industry__code")
    search = django_filters.CharFilter(method="filter_search")

    class Meta:
        model = Enterprise
        fields = ["town", "industry", "leading_industry", "is_above_scale", "status"]

    def filter_search(self, queryset, name, value):
        from .selectors import search_by_name_or_uscc

        return search_by_name_or_uscc(queryset, value)


class ProjectFilter(django_filters.FilterSet):
    town = django_filters.CharFilter(field_name="town__name")
    leading_industry = django_filters.CharFilter(field_name="leading_industry__code")

    class Meta:
        model = Project
        fields = ["town", "leading_industry", "enterprise", "status"]


class _RegistryViewSet(
    IdLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Who may write is answered before the body is read: an outsider learns nothing (e.g. whether a
    # USCC is registered) from a 400.
    create_permission = None
    edit_permission = None

    def create(self, request, *args, **kwargs):
        require(type(self).create_permission(request.user))
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        require(type(self).edit_permission(request.user, self.get_object()))
        return super().update(request, *args, **kwargs)

    def _data(self, serializer):
        return dict(serializer.validated_data)


@extend_schema_view(list=extend_schema(summary="Enterprises the caller may see"))
class EnterpriseViewSet(_RegistryViewSet):
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    create_permission = permissions.can_create_enterprise
    edit_permission = permissions.can_edit_enterprise

    def get_queryset(self):
        return (
            Enterprise.objects.visible_to(self.request.user)
            .select_related("town", "industry", "leading_industry")
            .order_by("id")
        )

    def perform_create(self, serializer):
        serializer.instance = services.enterprise_create(actor=self.request.user, data=self._data(serializer))

    def perform_update(self, serializer):
        require(permissions.can_edit_enterprise(self.request.user, serializer.instance))
        serializer.instance = services.enterprise_update(
            actor=self.request.user, enterprise=serializer.instance, data=self._data(serializer)
        )


@extend_schema_view(list=extend_schema(summary="Projects the caller may see"))
class ProjectViewSet(_RegistryViewSet):
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    create_permission = permissions.can_create_project
    edit_permission = permissions.can_edit_project

    def get_queryset(self):
        return (
            Project.objects.visible_to(self.request.user)
            .select_related("town", "leading_industry", "park")
            .order_by("id")
        )

    def perform_create(self, serializer):
        serializer.instance = services.project_create(actor=self.request.user, data=self._data(serializer))

    def perform_update(self, serializer):
        require(permissions.can_edit_project(self.request.user, serializer.instance))
        serializer.instance = services.project_update(
            actor=self.request.user, project=serializer.instance, data=self._data(serializer)
        )
