from audit.context import request_context


class AuditContextMiddleware:
    """Make the current request (its client address and user) known to audit_record()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            return self.get_response(request)
