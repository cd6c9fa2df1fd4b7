"""The leadership cockpit (领导驾驶舱): summary tables refreshed by Celery, read by one page per scope."""
