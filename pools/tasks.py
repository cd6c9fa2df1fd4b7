from celery import shared_task


@shared_task(name="pools.nomination_import_run")
def nomination_import_run(job_id: int) -> str:
    from .services import nomination_import_run_job

    return nomination_import_run_job(job_id=job_id).status


@shared_task(name="pools.nomination_imports_fail_stale")
def nomination_imports_fail_stale() -> int:
    from .services import nomination_imports_fail_stale

    return nomination_imports_fail_stale()


@shared_task(name="pools.rebuild_department_reach")
def rebuild_department_reach() -> int:
    """Nightly repair of the kept table of departments' enterprises (pools/reach.py): idempotent."""
    from .reach import rebuild

    return rebuild()
