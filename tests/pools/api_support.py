"""What the API tests of the nomination cycle share: the base path, the fields of a nomination, and
JSON requests on a client (the `api` fixture of conftest.py gives one signed in with a token)."""

API = "/api/v1"

NOMINATION_FIELDS = {
    "id",
    "year",
    "pool",
    "state",
    "town",
    "enterprise",
    "project",
    "eligible",
    "fails_quantitative",
    "criteria",
    "metrics",
    "metric_sources",
    "path_plan",
    "explanation",
    "submitted_at",
    "decided_at",
    "removed_at",
    "removed_reason",
}


def api_post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def api_patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def result_ids(response):
    """The ids of one page of a paginated list."""
    return {row["id"] for row in response.json()["results"]}
