"""Static files storage of production: WhiteNoise's compressed, hashed manifest storage, minus source maps."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    return tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in (p if isinstance(p, str) else p[0])))
        for extension, rules in patterns
    )


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The vendored builds (static/vendor, unmodified from npm) end with `sourceMappingURL=*.map` comments
    but the .map files are not shipped; Django's hashing follows those comments and collectstatic would
    fail with MissingFileError. The comments are left as they are (only browser developer tools read them);
    url() and @import references are still rewritten to hashed names."""

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
