"""Valid form data for the registry pages, built from existing rows, so tests change one field at a time."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from enterprises.models import Enterprise, Project
from enterprises.resources import EnterpriseResource


def enterprise_form(enterprise: Enterprise, **changes) -> dict:
    data = {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "town": enterprise.town_id,
        "industry": enterprise.industry_id,
        "leading_industry": enterprise.leading_industry_id or "",
        "is_above_scale": "on" if enterprise.is_above_scale else "",
        "status": enterprise.status,
        "legal_representative": enterprise.legal_representative,
        "established_on": enterprise.established_on.isoformat() if enterprise.established_on else "",
        "address": enterprise.address,
        "contact_name": enterprise.contact_name,
        "contact_phone": enterprise.contact_phone,
        "contact_email": enterprise.contact_email,
    }
    return {**data, **changes}


def project_form(project: Project, **changes) -> dict:
    data = {
        "name": project.name,
        "enterprise": project.enterprise_id,
        "town": project.town_id,
        "total_investment": str(project.total_investment),
        "leading_industry": project.leading_industry_id or "",
        "park": project.park_id or "",
        "status": project.status,
        "start_year": project.start_year or "",
        "description": project.description,
    }
    return {**data, **changes}


def registry_xlsx(rows: list[list], name: str = "名录.xlsx") -> SimpleUploadedFile:
    """An import file with the template's headers and the given data rows."""
    wb = Workbook()
    ws = wb.active
    ws.append([EnterpriseResource.fields[field].column_name for field in EnterpriseResource.COLUMNS])
    for r in rows:
        ws.append(r)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
