"""Bulk nominations from a pool template: checked in the worker, all drafts or none."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require
from core.uploads import XLSX_KINDS, safe_filename, validate_upload
from programs.models import Pool

from .. import permissions

# --- bulk upload -----------------------------------------------------------------------------


def nomination_import_start(*, actor, pool: Pool, year: int, upload):
    """Store a town's bulk file and hand it to the worker; the status page polls the job. Only the name,
    size and signature are checked here: the worker's reader checks the rest (zip limits, rows, cells)
    and reports it on the job. In eager mode (no worker) the job runs once the response has gone."""
    from core.tasks import enqueue_on_commit

    from ..models import NominationImport
    from ..tasks import nomination_import_run

    require(permissions.can_create_nomination(actor))
    validate_upload(upload, kinds=XLSX_KINDS, max_bytes=settings.IMPORT_MAX_BYTES, check_content=False)
    upload.name = safe_filename(upload.name)
    with transaction.atomic():
        job = NominationImport.objects.create(actor=actor, town=actor.town, pool=pool, year=year, file=upload)
        audit.record(
            actor=actor,
            action=audit.AuditAction.IMPORT,
            instance=job,
            event="bulk.uploaded",
            params={"pool": pool.code, "year": year, "file": upload.name},
        )
        enqueue_on_commit(nomination_import_run, job.pk)
    return job


def nomination_import_run_job(*, job_id: int):
    """Idempotent: a job that already ran (or is running) is left alone."""
    from .. import bulk
    from ..models import NominationImport

    claimed = NominationImport.objects.filter(pk=job_id, status=NominationImport.Status.PENDING).update(
        status=NominationImport.Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return NominationImport.objects.get(pk=job_id)
    job = NominationImport.objects.select_related("actor", "actor__town", "pool", "pool__programme").get(
        pk=job_id
    )
    return bulk.run(job)


def nomination_imports_fail_stale(*, now=None, job_ids=None) -> int:
    """Fail the bulk jobs that made no progress for NOMINATION_IMPORT_STALE_MINUTES (their worker died,
    or none picked them up), with a sentence the status page shows. Safe to run at any time: a job's
    progress updates keep it fresh. Returns how many were failed."""
    from datetime import timedelta

    from ..models import NominationImport

    now = now or timezone.now()
    minutes = settings.NOMINATION_IMPORT_STALE_MINUTES
    stale = NominationImport.objects.filter(
        status__in=[NominationImport.Status.PENDING, NominationImport.Status.RUNNING],
        updated_at__lt=now - timedelta(minutes=minutes),
    )
    if job_ids is not None:
        stale = stale.filter(pk__in=job_ids)
    failed = 0
    for job in list(stale):
        if job.status == NominationImport.Status.PENDING:
            reason = _(
                "文件上传后 %(n)d 分钟内未开始校验（后台服务可能未运行），未导入任何数据。请重新上传。"
            )
        else:
            reason = _("校验在 %(n)d 分钟内没有进展，已中止（后台处理中断），未导入任何数据。请重新上传。")
        updated = NominationImport.objects.filter(
            pk=job.pk, status=job.status, updated_at=job.updated_at
        ).update(
            status=NominationImport.Status.FAILED,
            errors=[{"row": 0, "messages": [reason % {"n": minutes}]}],
            updated_at=now,
        )
        if updated:
            failed += 1
            audit.record(actor=None, action=audit.AuditAction.UPDATE, instance=job, event="bulk.stale")
    return failed
