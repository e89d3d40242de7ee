"""An HTTP client that reaches only public addresses, for `passerelles links`.

An address in the content, or a redirect it answers with, may name the machine that runs
the check (127.0.0.1, `localhost`), a private network (10.x, 192.168.x, a cloud's
metadata service at 169.254.169.254) or a reserved range. The checker must never request
those: in a CI job, that would let a merge request make the runner query its own
internal services, and the report would print what they answered.

The refusal happens where the connection is made, in the network backend under httpx:
the host name is resolved there, every address it resolves to is checked, and the
connection goes to one of those checked addresses, never to a second resolution (no
window for a name that resolves to a public address when checked and to 127.0.0.1 when
connected, « DNS rebinding »). TLS still names the host (SNI) and checks its certificate,
since httpcore takes those from the URL, not from the connected address. Every hop of a
redirect opens its connection through the same backend, so no hop escapes the check.

Proxy variables (`HTTPS_PROXY`…) are ignored (the client is made with `trust_env=False`):
through a proxy, the name would be resolved by the proxy, out of reach of the check.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

import httpcore
import httpx

Allowance = frozenset[tuple[str, int]]  # (address, port) pairs let through despite the rule

_Ip = ipaddress.IPv4Address | ipaddress.IPv6Address


class InternalAddress(Exception):
    """A host that resolves to an address that is not on the public Internet."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} → {address}")
        self.host = host
        self.address = address
        self.url: str | None = None  # the hop that named it, once known


def _embedded(ip: _Ip) -> list[_Ip]:
    """`ip` and the IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo)."""
    found: list[_Ip] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        found += [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
        if ip.teredo is not None:
            found += list(ip.teredo)
    return found


def is_public(address: str) -> bool:
    """Whether `address` (an IP address, IPv6 scope allowed) is a public unicast one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return all(
        a.is_global
        and not (a.is_multicast or a.is_reserved or a.is_loopback or a.is_link_local)
        and not (a.is_private or a.is_unspecified)
        for a in _embedded(ip)
    )


async def resolve(host: str, port: int) -> list[str]:
    """The addresses of `host`, in the system's order of preference, without repeats."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"{host}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class PublicBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only to checked public addresses (see the module's text)."""

    def __init__(self, allow: Allowance = frozenset()) -> None:
        self.allow = allow
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve(host, port)
        for address in addresses:
            if not is_public(address) and (address, port) not in self.allow:
                raise InternalAddress(host, address)
        failure: httpcore.ConnectError | None = None
        for address in addresses:  # the addresses checked above, and no others
            try:
                return await self.inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"{host}: aucune adresse")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("local sockets are never reached")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class PublicTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, whose connection pool opens connections through `PublicBackend`."""

    def __init__(self, limits: httpx.Limits, allow: Allowance = frozenset()) -> None:
        super().__init__(limits=limits)
        # httpx takes no network backend: its pool is made again with ours, same options
        # (certificates as httpx finds them: certifi, or SSL_CERT_FILE / SSL_CERT_DIR)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PublicBackend(allow),
        )
