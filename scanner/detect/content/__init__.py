"""Gambling promotion in what visitors and search engines read: head, text, links, comments.

The question is always PROMOTION versus DISCUSSION. Government news sites write about judi online
every week ("Satgas memblokir 2.000 situs slot gacor"), so a keyword is never enough. A finding
needs promotional vocabulary (``promo``/``brand`` roles) supported by call-to-action words
(``cta``) or links to gambling sites, and little enforcement/awareness vocabulary
(``discussion``) in the same place. Placement decides the technique:

* head fields (title, meta description/keywords, og:/twitter:, JSON-LD) -> ``META_INJECTION``;
* the main text of the page -> ``VISIBLE_CONTENT`` (``DOORWAY_PAGE`` when only the sitemap
  lists the page);
* visible promotional links to gambling sites -> ``VISIBLE_CONTENT``;
* user comments -> ``SPAM_COMMENT``.

Modules: ``detector`` (the entry point), ``head`` (head fields), ``body`` (main text and its
links), ``links`` (which visible links promote), ``comments``, ``after_end`` (what follows
``</html>``), ``text`` (the page's own text). The package only re-exports.
"""

from __future__ import annotations

from scanner.detect.content.detector import detect

__all__ = ["detect"]
