"""Policy files (programs/data/*.yaml, funds/data/*.yaml): read one, and the checks every loader makes
of a row. Each loader raises its own error class with its own sentences; these are the steps they share."""

from pathlib import Path

import yaml


def read_policy_file(
    path: str | Path, *, section: str, error: type[Exception], unreadable: str, missing: str
) -> dict:
    """The YAML mapping in `path`, which must have the top-level `section`. A file that cannot be read
    or parsed raises `error(unreadable % {"error": …})`; one without the section `error(missing)`."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise error(unreadable % {"error": exc}) from exc
    if not isinstance(data, dict) or section not in data:
        raise error(missing)
    return data
