"""Run the real ``scanner`` CLI with a fake DNS and a loopback-only guard on every connection.

    HOSTILE_DNS=dns.json HOSTILE_GUARD_LOG=refused.log python -m scanner.demo.hostile.sandbox \
        scan --sites ... --json ...

The hostile world needs names that resolve to 169.254.169.254 and 10.x. ``crawl.host_overrides``
cannot play them (an overridden host is the operator's choice and skips the address policy), and
real DNS must never be asked. So this entry point replaces the system resolver with one that
answers the names of ``HOSTILE_DNS`` (``{"name": "address"}``) and fails every other name as
an unknown domain, and refuses every connection to an address that is not loopback, appending
it to ``HOSTILE_GUARD_LOG``. Then it calls ``scanner.cli.main`` unchanged: if the address policy
ever let 169.254.169.254 through, the guard would stop the connection and the log would say so.

Both are installed when this module is imported with those variables set: the scan's worker
processes are spawned, and a spawned child imports its parent's main module (this one, as
``__mp_main__``) before anything else, so they run inside the same sandbox.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult


class FakeDNS(AbstractResolver):
    """Answers the mapped names with their address; every other name does not exist."""

    def __init__(self, answers: dict[str, str]) -> None:
        self._answers = {k.lower().rstrip("."): v for k, v in answers.items()}

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """The mapped address of ``host`` (or of its bare name), else a DNS failure."""
        name = host.lower().rstrip(".")
        address = self._answers.get(name) or self._answers.get(name.removeprefix("www."))
        if address is None:
            raise OSError(socket.EAI_NONAME, f"{host}: Name or service not known (fake DNS)")
        return [
            ResolveResult(
                hostname=host, host=address, port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0, flags=socket.AI_NUMERICHOST,
            )
        ]  # fmt: skip

    async def close(self) -> None:
        """Nothing to release."""
        return None


def _loopback(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        address = address[0]
    if not isinstance(address, str):
        return True  # a Unix socket path or the like: never the network
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return address == "localhost"


def install_guard(log: Path) -> None:
    """Refuse (and log) every TCP connection to an address that is not loopback."""

    def refuse(address: Any) -> OSError:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{address!r}\n")
        return ConnectionRefusedError(f"hostile sandbox: {address!r} is not loopback")

    real_sock_connect = asyncio.selector_events.BaseSelectorEventLoop.sock_connect

    async def sock_connect(self: Any, sock: socket.socket, address: Any) -> None:
        if not _loopback(address):
            raise refuse(address)
        await real_sock_connect(self, sock, address)

    asyncio.selector_events.BaseSelectorEventLoop.sock_connect = sock_connect  # type: ignore[method-assign]

    real_create = asyncio.base_events.BaseEventLoop.create_connection

    async def create_connection(self: Any, *args: Any, **kwargs: Any) -> Any:
        host = kwargs.get("host", args[1] if len(args) > 1 else None)
        if host is not None and not _loopback(host):
            raise refuse(host)
        return await real_create(self, *args, **kwargs)

    asyncio.base_events.BaseEventLoop.create_connection = create_connection  # type: ignore[method-assign]


DNS_ENV = "HOSTILE_DNS"
GUARD_ENV = "HOSTILE_GUARD_LOG"


def install_from_env() -> bool:
    """Install the fake DNS and the guard named by the environment; False when not asked."""
    dns, guard = os.environ.get(DNS_ENV), os.environ.get(GUARD_ENV)
    if not dns or not guard:
        return False
    answers = json.loads(Path(dns).read_text(encoding="utf-8"))
    install_guard(Path(guard))
    import scanner.crawl.session as session

    session.system_resolver = lambda: FakeDNS(answers)  # type: ignore[assignment]
    return True


def main(argv: list[str]) -> int:
    """Run ``scanner ARGS`` inside the sandbox (both environment variables must be set)."""
    if not install_from_env():
        print(f"usage: {DNS_ENV}=dns.json {GUARD_ENV}=refused.log "
              "python -m scanner.demo.hostile.sandbox ARGS...", file=sys.stderr)
        return 2
    from scanner.cli import main as scanner_main

    sys.argv = ["scanner", *argv]
    scanner_main()  # exits with the scan's code (SystemExit)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
elif __name__ == "__mp_main__":  # a spawned worker process of the sandboxed scan
    install_from_env()
