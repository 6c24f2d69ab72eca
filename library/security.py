"""Hardening for every response: CSRF, cookie settings, security headers, safe redirects.

- Every POST (and other state-changing request) needs a Flask-WTF CSRF token.
- Session and remember cookies are HttpOnly and SameSite=Lax, and Secure unless the
  app runs in debug or test mode (`LIBRARY_SECURE_COOKIES` overrides).
- Every response carries a Content-Security-Policy without inline script, and the
  headers that stop framing, MIME sniffing and leaking full URLs to other sites.
  A file download gets a policy that sandboxes it, so an uploaded file opened in
  the browser can never run as a page of this site.
- `safe_next` refuses redirects that leave the site (open redirects after login).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, Response, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
DOWNLOAD_POLICY = "default-src 'none'; img-src 'self'; sandbox"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000; includeSubDomains"


def safe_next(target: str | None) -> str | None:
    """The target if it is a path on this site, else None (never another host)."""
    if not target:
        return None
    target = target.strip()
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _configure_cookies(app: Flask) -> None:
    secure = app.config.get("SECURE_COOKIES")
    if secure is None:
        secure = not (app.debug or app.testing)
    app.config["SECURE_COOKIES"] = bool(secure)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(secure),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=bool(secure),
        REMEMBER_COOKIE_DURATION=timedelta(days=30),
    )


def _add_headers(response: Response, secure: bool) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    is_download = "Content-Disposition" in response.headers
    response.headers["Content-Security-Policy"] = (
        DOWNLOAD_POLICY if is_download else CONTENT_SECURITY_POLICY
    )
    if secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    _configure_cookies(app)
    # Forms use WTForms' own Dutch messages (library.forms), not a Babel setup.
    app.config["WTF_I18N_ENABLED"] = False
    csrf.init_app(app)
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        # Behind a reverse proxy the client's address and scheme come from its headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        return _add_headers(response, app.config["SECURE_COOKIES"])

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        message = (
            "Dit formulier is verlopen of niet compleet verstuurd. "
            "Laad de pagina opnieuw en probeer het nog eens."
        )
        return render_template("errors/error.html", status=400, message=message), 400
