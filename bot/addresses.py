"""Who a web request comes from: its peer address or, behind a trusted reverse proxy, the address it forwards."""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

# An IPv6 client counts as its /64: a subscriber line gets a whole /64, so its single addresses cost nothing.
IPV6_PREFIX = 64
FORWARDED_HEADER = "X-Forwarded-For"


def _parse(text: str | None) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address((text or "").strip())
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def address_key(address: IPv4Address | IPv6Address) -> str:
    """The address as the limits count it: an IPv4 address, or an IPv6 address's /64."""
    if isinstance(address, IPv6Address):
        return str(ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


class ClientAddresses:
    """Finds a request's client, believing X-Forwarded-For only when it comes from a configured proxy."""

    def __init__(self, trusted_proxies: Iterable[str] = ()) -> None:
        self.trusted = tuple(ip_network(proxy, strict=False) for proxy in trusted_proxies)

    def _trusted(self, address: IPv4Address | IPv6Address) -> bool:
        return any(address in network for network in self.trusted)

    def client(self, peer: str | None, forwarded: Iterable[str] = ()) -> str | None:
        """The client's address key (see `address_key`), or None when the peer is no IP address.

        From a trusted proxy, X-Forwarded-For is read from the right: each hop a trusted proxy added names the one
        before it; the first hop that is no trusted proxy is the client. A malformed hop stops the walk there."""
        address = _parse(peer)
        if address is None:
            return None
        hops = [hop for value in forwarded for hop in value.split(",")]
        while hops and self._trusted(address):
            hop = _parse(hops.pop())
            if hop is None:
                break
            address = hop
        return address_key(address)
