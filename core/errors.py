"""Django's error reports, without the names of files sent with a private form.

`@sensitive_post_parameters()` (every parameter) makes Django star the form's values in
an error report, but the report still lists uploaded files by name, and a file name can
say as much as the text (the report form: reports.views). Django has no setting for
that, so this reporter leaves the files out for such requests.
"""

from django.views import debug


class ExceptionReporter(debug.ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        hidden = debug.SafeExceptionReporterFilter.cleansed_substitute
        if getattr(self.request, "sensitive_post_parameters", None) == "__ALL__":
            data["request_FILES_items"] = [(name, hidden) for name in self.request.FILES]
        return data
