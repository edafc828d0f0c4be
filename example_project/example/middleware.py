"""Middleware of the production settings (``settings_production``)."""

from django.conf import settings

# Headers that say what a reverse proxy saw; only the proxies we run may send them.
PROXY_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")
# The admin runs Wagtail's inline scripts: its pages keep Wagtail's own headers.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class TrustedProxyMiddleware:
    """Drops the X-Forwarded-* headers of a request that did not come from a trusted proxy
    (``KUNDENFORUM_TRUSTED_PROXIES``): a reader could claim HTTPS, or another address, by
    sending them. Must come first, before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("REMOTE_ADDR") not in settings.KUNDENFORUM_TRUSTED_PROXIES:
            for header in PROXY_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Sends ``KUNDENFORUM_CONTENT_SECURITY_POLICY`` with every public page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(ADMIN_PREFIXES):
            response.headers.setdefault(
                "Content-Security-Policy", settings.KUNDENFORUM_CONTENT_SECURITY_POLICY
            )
        return response
