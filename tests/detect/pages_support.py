"""Fixtures and helpers of the content/hidden/defacement tests (imported by those modules).

Kept out of conftest.py so the detector tests of other modules keep their own fixtures.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scanner.detect import content, defacement, hidden
from scanner.detect.base import PageContext
from scanner.extract import analyse
from scanner.models import Finding, PageView
from scanner.signatures import SignatureSet, load_signatures
from scanner.urls import host_of

Runner = Callable[..., list[Finding]]


@pytest.fixture(scope="session", name="sigs")
def sigs_fixture() -> SignatureSet:
    """The packaged signatures (loaded once: they are immutable)."""
    return load_signatures()


def context(
    url: str, *, is_homepage: bool = False, linked: bool = True, in_sitemap: bool = False
) -> PageContext:
    """A browser-profile context for ``url``."""
    return PageContext(
        url=url,
        site_host=host_of(url),
        is_homepage=is_homepage,
        linked=linked,
        in_sitemap=in_sitemap,
    )


def view_of(html: str, url: str) -> PageView:
    """The real extract stage."""
    return analyse(html, url)


@pytest.fixture(name="run")
def run_fixture(sigs: SignatureSet) -> Runner:
    """Run this package's detectors (content, hidden, defacement) on HTML at a URL."""

    def _run(
        html: str, url: str = "https://dinkes.sukamajukab.go.id/berita/1", **kw: bool
    ) -> list[Finding]:
        view = view_of(html, url)
        ctx = context(url, **kw)
        return [f for mod in (content, hidden, defacement) for f in mod.detect(view, ctx, sigs)]

    return _run
