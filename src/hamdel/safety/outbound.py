"""Where hamdel may send things: public internet addresses only, unless settings allow more.

A webhook (or any future channel) that names ``localhost``, ``127.0.0.1``, a private network
(``10.x``, ``192.168.x`` ...), a link-local address (cloud metadata at ``169.254.169.254``) or
any other non-public address is refused, so a contact's address cannot be used to probe the
machine or its network. The host is resolved and every address it resolves to is checked.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from hamdel.core.errors import InputError


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(
    url: str,
    *,
    allow_private: bool = False,
    resolve: bool = True,
    schemes: tuple[str, ...] = ("https",),
) -> str:
    """The host of ``url`` when hamdel may send to it; raises :class:`InputError` otherwise.

    ``allow_private`` (setting ``HAMDEL_OUTBOUND_ALLOW_PRIVATE``) lifts the address check, for a
    gateway on the person's own network. ``resolve=False`` checks literal addresses only (when
    a contact is added, the name may not resolve yet). ``schemes``: the URL schemes accepted
    (an Apprise URL of a self-hosted service names its host the same way)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in schemes or not host:
        raise InputError("the address must be an https:// URL with a host name")
    if allow_private:
        return host
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise InputError("the address points at this machine or a private network")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        if not _public(literal):
            raise InputError("the address points at this machine or a private network")
        return host
    if resolve:
        try:
            infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
        except OSError as exc:
            raise InputError("the address's host name does not resolve") from exc
        for info in infos:
            if not _public(ipaddress.ip_address(info[4][0])):
                raise InputError("the address points at this machine or a private network")
    return host


__all__ = ["check_url"]
