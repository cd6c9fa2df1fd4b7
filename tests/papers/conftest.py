"""The nomination-cycle fixtures of tests/pools, reused by the papers and work-queue tests."""

from tests.pools.conftest import (  # noqa: F401  (fixtures)
    backbone,
    open_window,
    pool_of,
    private_media,
    responsible_user,
    second_enterprise,
)
