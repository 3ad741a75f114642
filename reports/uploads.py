"""Attachments kept in memory, never in a temporary file.

Django's own handlers write any upload over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) to a
temporary file, in clear, before the view runs; neither can be told "memory only, up
to this total". This one keeps every file in memory up to `max_total` bytes in all and
`max_files` files; a file past either limit is skipped as it arrives (the parser reads
its bytes and drops them) and the limit is noted for the form's error.
"""

from io import BytesIO

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class InMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request, *, max_total, max_files):
        super().__init__(request)
        self.max_total, self.max_files = max_total, max_files
        self.total = self.files = 0
        self.over_total = self.too_many = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        # (Django's parser closes `self.file` of every handler when a file is skipped.)
        self.file = BytesIO()
        self.files += 1
        if self.files > self.max_files:
            self.too_many = True
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        if self.total > self.max_total:
            self.over_total = True
            raise SkipFile
        self.file.write(raw_data)

    def file_complete(self, file_size):
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
