"""``scanner check``: saved HTML files or single URLs analysed and judged without a crawl.

URLs are fetched with every profile so cloaking is compared as in a scan; an input that cannot
be read or fetched is a verdict ``error`` with the reason, and the others go on.

The scan's page caps apply here too (``pipeline.page.analysis_limits``): a page cut at one keeps
the ``limits`` it hit, and one that showed nothing in the part read is a verdict ``error`` ("not
analysed in full"), never ``clean``: a payload placed past a cap is not a clean page.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import aiohttp

from scanner.config import Settings
from scanner.crawl import Fetcher, make_session
from scanner.crawl.addresses import with_site_ports
from scanner.detect import PageContext, compare_profiles, detect_page
from scanner.extract import analyse
from scanner.judge import page_verdict
from scanner.models import Limit, LimitKind, PageVerdict, Verdict
from scanner.output import check_to_json, write_json
from scanner.pipeline import observe_profiles, profiles_for
from scanner.pipeline.page import analysis_limits
from scanner.signatures import SignatureSet, load_signatures
from scanner.urls import host_of

_MAX_FILE_BYTES = 20 * 1024 * 1024


async def check_inputs_async(
    inputs: Sequence[str],
    settings: Settings,
    sigs: SignatureSet | None = None,
    session: aiohttp.ClientSession | None = None,
) -> list[PageVerdict]:
    """Analyse each saved HTML file or URL on its own (no crawl) and judge it.

    URLs are fetched with every profile so cloaking is compared as in a scan. An input that
    cannot be read or fetched gets verdict ``error`` with the reason; the others go on.
    """
    sigs = sigs or load_signatures(settings.detect.signatures_dir)
    verdicts: list[PageVerdict] = []
    own = session is None and any(_is_url(i) for i in inputs)
    if own:
        session = make_session(with_site_ports(settings, filter(_is_url, inputs)).crawl)
    try:
        for item in inputs:
            if _is_url(item):
                assert session is not None
                verdicts.append(await _check_url(item, settings, sigs, session))
            else:
                verdicts.append(_check_file(item, sigs))
    finally:
        if own and session is not None:
            await session.close()
    return verdicts


def check_inputs(inputs: Sequence[str], settings: Settings) -> list[PageVerdict]:
    """Synchronous ``check_inputs_async``."""
    return asyncio.run(check_inputs_async(inputs, settings))


def write_check_json(inputs: Sequence[str], verdicts: Sequence[PageVerdict], path: str) -> Path:
    """Write the ``scanner check --json`` document."""
    return write_json(check_to_json(inputs, verdicts), path)


def _is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def _check_file(path: str, sigs: SignatureSet) -> PageVerdict:
    file = Path(path)
    try:
        with file.open("rb") as handle:
            raw = handle.read(_MAX_FILE_BYTES + 1)
    except OSError as exc:
        return PageVerdict(url=path, verdict=Verdict.ERROR, error=f"{path}: {exc.strerror or exc}")
    cut: tuple[Limit, ...] = ()
    url = file.resolve().as_uri()
    if len(raw) > _MAX_FILE_BYTES:
        raw = raw[:_MAX_FILE_BYTES]
        detail = f"file larger than {_MAX_FILE_BYTES:,} bytes; only the first were read"
        cut = (Limit(LimitKind.HTML_CHARS, detail, url),)
    text = _decode(raw)
    view = analyse(text, url, site_host="")
    ctx = PageContext(url=url, site_host="", profile="browser")
    verdict = page_verdict(url, detect_page(view, ctx, sigs))
    return with_limits(verdict, (*cut, *analysis_limits(text, view, url)))


def with_limits(verdict: PageVerdict, limits: Sequence[Limit]) -> PageVerdict:
    """``verdict`` with the caps its page hit: kept beside a flagged verdict; a page that showed
    nothing in the part read was not checked in full, so it is an ``error`` saying so."""
    if not limits:
        return verdict
    if verdict.verdict is not Verdict.CLEAN:
        return replace(verdict, limits=tuple(limits))
    said = "; ".join(f"{x.kind.value}: {x.detail}" for x in limits)
    error = f"not analysed in full ({said})"
    return replace(verdict, verdict=Verdict.ERROR, error=error, limits=tuple(limits))


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:2_000_000]).best()
        return str(best) if best is not None else raw.decode("utf-8", errors="replace")


async def _check_url(
    url: str, settings: Settings, sigs: SignatureSet, session: aiohttp.ClientSession
) -> PageVerdict:
    host = host_of(url)
    fetcher = Fetcher(session, settings.crawl)
    observations = await observe_profiles(fetcher, profiles_for(settings), url, host)
    browser = observations["browser"]
    error = browser.fetch.error
    if error is not None and browser.fetch.status is None:
        return PageVerdict(url=url, verdict=Verdict.ERROR, error=f"{error.kind}: {error.message}")
    final = browser.fetch.final_url or browser.fetch.url
    ctx = PageContext(url=final, site_host=host, fetch=browser.fetch, is_homepage=_is_root(url))
    view = browser.view or analyse("", final, site_host=host)
    findings = list(detect_page(view, ctx, sigs))
    findings.extend(compare_profiles(url, observations, sigs, host))
    if error is not None and browser.view is None and not findings:
        # An answer whose page could not be read (too large, undecodable ...) and nothing
        # found by the other profiles either: not checked, never "clean".
        return PageVerdict(url=url, verdict=Verdict.ERROR, error=f"{error.kind}: {error.message}")
    text = browser.fetch.text
    limits = analysis_limits(text, view, final) if browser.view is not None and text else ()
    return with_limits(page_verdict(url, findings), limits)


def _is_root(url: str) -> bool:
    from urllib.parse import urlsplit

    return urlsplit(url).path in ("", "/")
