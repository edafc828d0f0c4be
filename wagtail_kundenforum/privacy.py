"""Personal data of readers: which IP address a request comes from, and how much of it is kept."""

import ipaddress

from .conf import get_setting


def client_ip(request):
    """The reader's IP address.

    REMOTE_ADDR, unless it is one of ``KUNDENFORUM_TRUSTED_PROXIES``: then the last address
    in X-Forwarded-For that is not a trusted proxy. The header is never trusted otherwise,
    since anyone can send it.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(get_setting("KUNDENFORUM_TRUSTED_PROXIES"))
    if remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for address in reversed([part.strip() for part in forwarded.split(",")]):
        if address and address not in trusted:
            return address
    return remote


# What is kept of an address; IPv6's is also the rate limit's: one household holds a /64.
STORED_PREFIX = {4: 24, 6: 64}


def truncate_ip(address):
    """The network part only: IPv4 /24, IPv6 /64; None for anything that is no address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    prefix = STORED_PREFIX[ip.version]
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def rate_limit_network(address):
    """The network a reader's posts are counted under: an IPv4 address itself, an IPv6
    address's /64 (as ``truncate_ip`` stores it: one household or phone holds a whole /64).
    An IPv4 address that a dual-stack socket reports as ``::ffff:a.b.c.d`` counts as that
    IPv4 address, not with every other IPv4 reader under ``::``. Anything that is no address
    is counted as it came."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    ip = getattr(ip, "ipv4_mapped", None) or ip
    if ip.version == 4:
        return str(ip)
    return str(ipaddress.ip_network((ip, STORED_PREFIX[6]), strict=False))


def ip_to_store(request):
    """What ``KUNDENFORUM_STORE_IP`` allows to keep of the reader's address."""
    if get_setting("KUNDENFORUM_STORE_IP") == "none":
        return None
    return truncate_ip(client_ip(request))
