"""Private file storage: evidence, appeal files and uploaded imports live outside MEDIA/STATIC and are
served only by views that check access."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = PrivateStorage()


def get_private_storage():
    # A callable, so migrations name this function instead of freezing this machine's path.
    return private_storage
