"""IP address functions: parseCidr, cidrSubnet, cidrHost."""

from __future__ import annotations

import ipaddress
from typing import Any

from .base import EvaluationError, FunctionContext, Table, expect, expect_int

TABLE = Table()


def _network(name: str, value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(expect(name, value, "string"), strict=False)
    except ValueError as error:
        raise EvaluationError(f"{name}(): {error}") from None


@TABLE.add("parseCidr", min_args=1, max_args=1)
def parse_cidr(args: list[Any], context: FunctionContext) -> Any:
    network = _network("parseCidr", args[0])
    result: dict[str, Any] = {"network": str(network.network_address), "netmask": str(network.netmask)}
    if network.version == 4:
        result["broadcast"] = str(network.broadcast_address)
    hosts = network.num_addresses
    first = network.network_address + (1 if network.version == 4 and hosts > 2 else 0)
    last = network.broadcast_address - (1 if network.version == 4 and hosts > 2 else 0)
    result.update({"firstUsable": str(first), "lastUsable": str(last), "cidr": network.prefixlen})
    return result


@TABLE.add("cidrSubnet", min_args=3, max_args=3)
def cidr_subnet(args: list[Any], context: FunctionContext) -> Any:
    network = _network("cidrSubnet", args[0])
    prefix, index = expect_int("cidrSubnet", args[1]), expect_int("cidrSubnet", args[2])
    if prefix < network.prefixlen or prefix > network.max_prefixlen:
        raise EvaluationError(f"cidrSubnet(): prefix {prefix} does not fit in {network}")
    count = 1 << (prefix - network.prefixlen)
    if not 0 <= index < count:
        raise EvaluationError(f"cidrSubnet(): index {index} is out of range")
    size = 1 << (network.max_prefixlen - prefix)
    return f"{network.network_address + index * size}/{prefix}"


@TABLE.add("cidrHost", min_args=2, max_args=2)
def cidr_host(args: list[Any], context: FunctionContext) -> Any:
    network = _network("cidrHost", args[0])
    index = expect_int("cidrHost", args[1])
    offset = index + (1 if network.version == 4 else 0)
    if index < 0 or offset >= network.num_addresses - (1 if network.version == 4 else 0):
        raise EvaluationError(f"cidrHost(): host {index} is outside {network}")
    return str(network.network_address + offset)
