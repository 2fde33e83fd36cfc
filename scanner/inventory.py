"""The site inventory: ``sites.csv`` -> validated ``Site`` records.

Header ``url,name,owner,contact`` plus optional ``tags`` (``;``-separated), ``max_pages``,
``notes`` and ``ignore`` (``;``-separated CSS selectors or ``re:`` regexes for known dynamic
regions). Problems that make a row unusable are errors naming the file and line; problems a team
can live with (duplicates, a non-.go.id host, a missing contact) are warnings, and the row is kept.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from scanner.contacts import valid_address
from scanner.errors import InventoryError
from scanner.models import Site
from scanner.urls import host_of, site_root

REQUIRED_COLUMNS = ("url", "name", "owner", "contact")
OPTIONAL_COLUMNS = ("tags", "max_pages", "notes", "ignore")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")
_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


@dataclass(frozen=True, slots=True)
class InventoryIssue:
    """A problem found in the inventory, with where it is."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Inventory:
    """The usable sites and the warnings gathered while reading them."""

    sites: tuple[Site, ...]
    warnings: tuple[InventoryIssue, ...] = ()
    source: str = ""


def parse_site_arg(value: str) -> Site:
    """A ``--site`` argument (a host or URL) as a Site; raises InventoryError when unusable."""
    url = _check_url(value.strip())
    if url is None:
        raise InventoryError(f"--site {value!r}: not a valid host or http(s) URL")
    return Site(url=url, name=host_of(url))


def _check_url(raw: str) -> str | None:
    if not raw or any(c.isspace() for c in raw):
        return None
    candidate = raw if "://" in raw else "https://" + raw
    if not candidate.lower().startswith(("http://", "https://")):
        return None
    root = site_root(candidate)
    host = host_of(root)
    full_host = (root.split("://", 1)[1].split("/", 1)[0]).split(":")[0].strip("[]")
    if not host or not (_HOST.match(full_host) or _IP.match(full_host) or full_host == "localhost"):
        return None
    return root


def load_sites(path: str | Path) -> Inventory:
    """Read and validate an inventory file; raises InventoryError naming file and line."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InventoryError(f"{file}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise InventoryError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InventoryError(f"{file}: cannot read ({exc.strerror})") from exc
    return parse_sites(text, str(file))


MAX_FIELD_BYTES = 128 * 1024
"""A longer field is an error naming the line (Python's csv module would crash on it)."""
DELIMITERS = (",", ";")
"""``,`` as the header documents it; ``;`` is what a spreadsheet in an Indonesian locale writes
(its decimal separator is the comma)."""


def _first_line(text: str) -> tuple[int, str]:
    """The header line (1-based number and text): the first line neither blank nor a comment."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            return number, line
    return 0, ""


def sniff_delimiter(header: str) -> str:
    """``,`` or ``;``: the one that splits the header into the required columns.

    A header that neither delimiter splits into ``url,name,owner,contact`` keeps ``,`` (the
    missing-columns error then names what is wrong).
    """
    best, best_found = ",", -1
    for delimiter in DELIMITERS:
        names = {c.strip().strip('"').lower() for c in header.split(delimiter)}
        found = sum(c in names for c in REQUIRED_COLUMNS)
        if found > best_found:
            best, best_found = delimiter, found
    return best


def _rows(text: str, source: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line, row) pairs read strictly: a malformed quote is an error naming its line.

    A field spanning lines is legal CSV but never a legitimate inventory value: it is what an
    unclosed quote does, silently swallowing the rows after it. Rows are read one at a time so
    the error names the line where the bad row starts.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = str(exc)
            if "field larger than field limit" in problem:
                problem = f"a field is longer than {MAX_FIELD_BYTES // 1024} KiB"
            elif "unexpected end of data" in problem:
                problem = "unclosed quote (the field runs to the end of the file)"
            raise InventoryError(
                f"{source}:{start}: malformed CSV: {problem} (an unclosed or stray quote?)"
            ) from None
        if reader.line_num > start and any("\n" in c or "\r" in c for c in row):
            raise InventoryError(
                f"{source}:{start}: malformed CSV: a quoted field runs over lines"
                f" {start}-{reader.line_num} (unclosed quote?); rows there would be lost"
            )
        if any(len(c) > MAX_FIELD_BYTES for c in row):
            raise InventoryError(
                f"{source}:{start}: a field is longer than {MAX_FIELD_BYTES // 1024} KiB"
            )
        yield start, row
        start = reader.line_num + 1


def parse_sites(text: str, source: str = "sites.csv") -> Inventory:
    """Validate CSV text (see the module docstring for the columns).

    ``,``- and ``;``-separated files are both read (the header decides); malformed CSV (an
    unclosed quote, a field over 128 KiB) is an error naming the line, never a lost row.
    """
    header_line, header_text = _first_line(text)
    if not header_line:
        raise InventoryError(f"{source}: empty file (expected header {','.join(REQUIRED_COLUMNS)})")
    delimiter = sniff_delimiter(header_text)
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD_BYTES + 1)  # the check in _rows names the line
    try:
        rows = list(_rows(text, source, delimiter))
    finally:
        csv.field_size_limit(limit)
    header: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    for line, row in rows:
        if header is None:
            if row and any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#"):
                header, header_line = [c.strip().lower() for c in row], line
            continue
        body.append((line, row))
    if header is None:
        raise InventoryError(f"{source}: empty file (expected header {','.join(REQUIRED_COLUMNS)})")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InventoryError(
            f"{source}:{header_line}: header lacks column(s) {', '.join(missing)}"
            f" (expected {','.join(REQUIRED_COLUMNS)}[,{','.join(OPTIONAL_COLUMNS)}],"
            " separated by ',' or ';')"
        )
    unknown = [c for c in header if c and c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    warnings: list[InventoryIssue] = []
    if unknown:
        warnings.append(
            InventoryIssue(source, header_line, f"unknown column(s) ignored: {', '.join(unknown)}")
        )
    errors: list[InventoryIssue] = []
    by_host: dict[str, tuple[int, Site]] = {}
    for line, row in body:
        if not row or not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) > len(header):
            errors.append(
                InventoryIssue(source, line, f"{len(row)} fields, header has {len(header)}")
            )
            continue
        record = {k: (row[i].strip() if i < len(row) else "") for i, k in enumerate(header)}
        site = _row_to_site(record, source, line, errors, warnings)
        if site is None:
            continue
        if site.host in by_host:
            first_line, first = by_host[site.host]
            warnings.append(
                InventoryIssue(
                    source, line, f"duplicate of line {first_line} ({site.host}); merged"
                )
            )
            by_host[site.host] = (first_line, _merge(first, site))
        else:
            by_host[site.host] = (line, site)
    if errors:
        listing = "\n".join(f"  {e}" for e in errors)
        raise InventoryError(f"{source}: {len(errors)} invalid row(s):\n{listing}")
    return Inventory(
        sites=tuple(s for _, s in by_host.values()), warnings=tuple(warnings), source=source
    )


def dedupe_sites(sites: Iterable[Site]) -> tuple[Site, ...]:
    """Each site once, in first-seen order: the same host given twice is scanned once.

    ``--site x --site x``, a site both listed and given, or the library called with repeats:
    rows of one host (``www.`` and the bare host are one) are merged as inventory duplicates
    are (the first row's values win; tags and ignore rules are united).
    """
    by_host: dict[str, Site] = {}
    for site in sites:
        first = by_host.get(site.host)
        by_host[site.host] = site if first is None else _merge(first, site)
    return tuple(by_host.values())


def _row_to_site(
    record: dict[str, str],
    source: str,
    line: int,
    errors: list[InventoryIssue],
    warnings: list[InventoryIssue],
) -> Site | None:
    raw_url = record.get("url", "")
    if not raw_url:
        errors.append(InventoryIssue(source, line, "missing url"))
        return None
    url = _check_url(raw_url)
    if url is None:
        errors.append(InventoryIssue(source, line, f"invalid url {raw_url!r}"))
        return None
    contact = record.get("contact", "")
    contacts = [c.strip() for c in re.split(r"[;,]", contact) if c.strip()]
    bad = [c for c in contacts if not valid_address(c)]
    if bad:
        errors.append(InventoryIssue(source, line, f"bad contact email {bad[0]!r}"))
        return None
    if not contacts:
        warnings.append(InventoryIssue(source, line, f"{host_of(url)}: no contact email"))
    if not host_of(url).endswith(".go.id"):
        warnings.append(InventoryIssue(source, line, f"{host_of(url)} is not a .go.id host"))
    max_pages: int | None = None
    if record.get("max_pages"):
        try:
            max_pages = int(record["max_pages"])
            if max_pages < 1:
                raise ValueError
        except ValueError:
            errors.append(
                InventoryIssue(
                    source,
                    line,
                    f"max_pages must be a positive integer, got {record['max_pages']!r}",
                )
            )
            return None
    return Site(
        url=url,
        name=record.get("name", "") or host_of(url),
        owner=record.get("owner", ""),
        contact=", ".join(contacts),
        tags=_split(record.get("tags", "")),
        max_pages=max_pages,
        notes=record.get("notes", ""),
        ignore=_split(record.get("ignore", "")),
    )


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def _merge(first: Site, other: Site) -> Site:
    """Keep the first row's values; fill its gaps from the duplicate; union tags and rules."""
    return replace(
        first,
        name=first.name or other.name,
        owner=first.owner or other.owner,
        contact=first.contact or other.contact,
        tags=_union(first.tags, other.tags),
        max_pages=first.max_pages or other.max_pages,
        notes=first.notes or other.notes,
        ignore=_union(first.ignore, other.ignore),
    )


def _union(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*a, *b]))
