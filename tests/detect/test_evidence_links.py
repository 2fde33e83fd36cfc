"""detect.evidence: how one link is judged (gambling_link, promotional_anchor)."""

from __future__ import annotations

from scanner.detect.evidence import GamblingLink, gambling_link, promotional_anchor
from scanner.models import Link
from scanner.signatures import SignatureSet

from .pages_support import sigs_fixture, view_of  # noqa: F401 (fixture)

PAGE = "https://disdik.sukamajukab.go.id/berita/1"


def link_to(url: str, text: str) -> Link:
    """The one link of a page, as the extract stage records it."""
    (link,) = view_of(f'<html><body><a href="{url}">{text}</a></body></html>', PAGE).links
    return link


def test_promotional_anchor_counts_wherever_it_leads(sigs: SignatureSet) -> None:
    # An appended link list points at doorways on other hijacked .go.id hosts.
    hijacked = link_to("https://bkpsdm.kabcontoh.go.id/uploads/x/", "slot gacor maxwin")
    assert gambling_link(sigs, hijacked) is None  # public domains never count there
    found = promotional_anchor(sigs, hijacked)
    assert isinstance(found, GamblingLink)
    assert found.reason == "promotional anchor" and found.domain == "kabcontoh.go.id"
    assert found.term and found.signature_ids == tuple(sorted(found.signature_ids))


def test_an_anchor_that_discusses_is_no_promotion(sigs: SignatureSet) -> None:
    news = link_to("https://bkpsdm.kabcontoh.go.id/berita/9", "Polisi blokir situs slot gacor")
    airport = link_to("https://bandarudara.kabcontoh.go.id/", "Bandar Udara Radin Inten")
    assert promotional_anchor(sigs, news) is None
    assert promotional_anchor(sigs, airport) is None


def test_promotional_url_keeps_the_slug_terms(sigs: SignatureSet) -> None:
    found = gambling_link(sigs, link_to("https://example-news.com/slot-gacor-maxwin/", "baca"))
    assert found is not None and found.reason == "promotional URL"
    assert found.url == "https://example-news.com/slot-gacor-maxwin/" and found.text == "baca"
    assert found.signature_ids
