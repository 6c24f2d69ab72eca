"""The harvester's HTTP client: the source's own origin only, public addresses only, bounded.

Every request a harvest makes (Identify, list pages, lesson packages, and each redirect)
passes `SourceTransport`, which refuses any other scheme, host or port than the base URL
the administrator gave, asks for uncompressed answers and cuts off an answer larger than
its limit. Its connections go through `PublicAddresses`, which resolves the host, refuses
loopback, private, link-local and other non-public addresses, and connects to the very
address it checked (so a name cannot resolve to another address between check and use).
Loopback is allowed only with `LIBRARY_HARVEST_ALLOW_LOOPBACK`, for tests and development.

The harvest's time budget ends here too: a request after the deadline raises
`HarvestStopped`, and no request waits longer than the time that is left.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpcore2
import httpx2

TIMEOUT_SECONDS = 60
MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MB = 1024 * 1024


class Refused(httpx2.TransportError):
    """A request or answer the harvester does not accept; the message says why, in Dutch."""


class HarvestStopped(Exception):
    """A limit of the whole harvest was reached; the message says which, in Dutch."""


@dataclass(frozen=True)
class HarvestLimits:
    """How far one harvest may go (`LIBRARY_HARVEST_*`)."""

    pages: int
    records: int
    seconds: float
    response_bytes: int
    allow_loopback: bool

    @classmethod
    def from_config(cls, config: Any) -> HarvestLimits:
        return cls(
            pages=int(config["HARVEST_MAX_PAGES"]),
            records=int(config["HARVEST_MAX_RECORDS"]),
            seconds=float(config["HARVEST_MAX_SECONDS"]),
            response_bytes=int(float(config["HARVEST_MAX_RESPONSE_MB"]) * MB),
            allow_loopback=bool(config["HARVEST_ALLOW_LOOPBACK"]),
        )


def checked_address(host: str, port: int, *, allow_loopback: bool) -> str:
    """The address to connect to for host: every address it resolves to must be public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"{host} is niet te vinden ({error})") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in found]
    for address in addresses:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        public = address.is_global and not address.is_multicast
        if not (public or (allow_loopback and address.is_loopback)):
            raise Refused(f"{host} wijst naar {address}, geen openbaar adres; niet opgehaald")
    return str(addresses[0])


class PublicAddresses(httpcore2.SyncBackend):
    """Connections only to checked public addresses (TLS still verifies the host name)."""

    def __init__(self, *, allow_loopback: bool) -> None:
        self.allow_loopback = allow_loopback

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore2.NetworkStream:
        address = checked_address(host, port, allow_loopback=self.allow_loopback)
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


class _PinnedTransport(httpx2.HTTPTransport):
    """httpx's own transport (its error mapping included) over a pool using PublicAddresses."""

    def __init__(self, *, allow_loopback: bool) -> None:
        # No proxies from the environment: a proxy would connect where we never checked.
        super().__init__(trust_env=False)
        # HTTPTransport takes no network backend, so its pool is replaced by one that has ours.
        self._pool = httpcore2.ConnectionPool(
            ssl_context=httpx2.create_ssl_context(trust_env=False),
            network_backend=PublicAddresses(allow_loopback=allow_loopback),
        )


def _origin(url: httpx2.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default


class _Bounded(httpx2.SyncByteStream):
    """An answer's body that stops with `Refused` once it grows beyond its limit, and with
    `HarvestStopped` when it is still arriving as the harvest's time runs out."""

    def __init__(
        self, stream: httpx2.SyncByteStream, limit: int, url: httpx2.URL, harvest: SourceTransport
    ) -> None:
        self._stream, self._limit, self._url, self._harvest = stream, limit, url, harvest

    def __iter__(self) -> Iterator[bytes]:
        size = 0
        with self._harvest.stops_timeouts():
            for chunk in self._stream:
                size += len(chunk)
                if size > self._limit:
                    raise Refused(f"{self._url}: antwoord groter dan {self._limit / MB:.3g} MB")
                yield chunk

    def close(self) -> None:
        self._stream.close()


class SourceTransport(httpx2.BaseTransport):
    """Requests to the source's own origin only, within the harvest's time, answers bounded:
    a list page by `limits.response_bytes`, anything else (a lesson ZIP) by MAX_PACKAGE_BYTES."""

    def __init__(self, base_url: str, limits: HarvestLimits) -> None:
        self._endpoint = httpx2.URL(base_url)
        self._origin = _origin(self._endpoint)
        self._limits = limits
        self._deadline = time.monotonic() + limits.seconds
        self._inner = _PinnedTransport(allow_loopback=limits.allow_loopback)

    def time_left(self) -> float:
        """Seconds left of the harvest's budget; HarvestStopped when none are."""
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise HarvestStopped(
                f"de oogst is gestopt: de tijd is op (LIBRARY_HARVEST_MAX_SECONDS = "
                f"{self._limits.seconds:g})"
            )
        return left

    @contextmanager
    def stops_timeouts(self) -> Iterator[None]:
        """A request that timed out because the harvest's time ran out stops the harvest."""
        try:
            yield
        except httpx2.TimeoutException:
            self.time_left()
            raise

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.url.scheme not in ("http", "https") or _origin(request.url) != self._origin:
            raise Refused(f"{request.url}: niet op de bron zelf ({self._endpoint}); niet opgehaald")
        wait = min(TIMEOUT_SECONDS, self.time_left())
        request.extensions["timeout"] = dict.fromkeys(("connect", "read", "write", "pool"), wait)
        # An answer is bounded as it arrives; a compressed one would unpack beyond that.
        request.headers["Accept-Encoding"] = "identity"
        with self.stops_timeouts():
            response = self._inner.handle_request(request)
        if response.headers.get("Content-Encoding", "identity").lower() != "identity":
            response.close()
            raise Refused(
                f"{request.url}: antwoord is gecomprimeerd, hoewel daar niet om is gevraagd"
            )
        limit = (
            self._limits.response_bytes
            if request.url.path == self._endpoint.path
            else MAX_PACKAGE_BYTES
        )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            response.close()
            raise Refused(f"{request.url}: antwoord groter dan {limit / MB:.3g} MB")
        return httpx2.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_Bounded(response.stream, limit, request.url, self),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._inner.close()


def source_client(transport: SourceTransport) -> httpx2.Client:
    """The client a harvest uses for everything it fetches from its source."""
    return httpx2.Client(
        transport=transport,
        timeout=TIMEOUT_SECONDS,
        follow_redirects=True,
        headers={"Accept": "text/xml; charset=utf-8, application/xml; charset=utf-8"},
    )
