"""Two small ASGI middlewares: security headers on every response, and (local mode) a Host check.

The Host check stops DNS rebinding: a web page whose domain is made to resolve to 127.0.0.1
could otherwise read the local app's pages. When the app is bound to a loopback address, only
requests addressed to a loopback name or address are served; bound elsewhere (a LAN address,
``0.0.0.0``), the operator chose to expose it and any Host is served.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "testserver"})
SECURITY_HEADERS = {
    b"content-security-policy": (
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
    b"x-frame-options": b"DENY",
}


def host_name(header: str) -> str:
    """The name in a Host header, without port or IPv6 brackets, lower case."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def is_loopback(name: str) -> bool:
    return name in LOOPBACK_HOSTS or name.endswith(".localhost") or name.startswith("127.")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend((k, v) for k, v in SECURITY_HEADERS.items() if k not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LocalHostOnlyMiddleware:
    """Refuse requests whose Host is not a loopback name while bound to a loopback address."""

    def __init__(self, app: ASGIApp, *, bound_host: str) -> None:
        self.app = app
        self.active = is_loopback(host_name(bound_host))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.active and scope["type"] == "http":
            host = ""
            for name, value in scope.get("headers", []):
                if name == b"host":
                    host = value.decode("latin-1")
                    break
            if not is_loopback(host_name(host)):
                body = (
                    b"mockprep serves this address only as localhost or 127.0.0.1. "
                    b"Open http://127.0.0.1:<port>/ instead, or set MOCKPREP_HOST to serve "
                    b"other addresses."
                )
                await send(
                    {
                        "type": "http.response.start",
                        "status": 400,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
