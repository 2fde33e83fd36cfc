"""The rules: signature files (data, in the top-level ``signatures/``) -> a ``SignatureSet``.

- ``schema``   strict YAML schema; errors name the file and field
- ``match``    Aho-Corasick words, trigger-gated regexes, domain patterns
- ``compile``  load the files, validated specs -> compiled matchers -> the ``SignatureSet``
- ``sigset``   the immutable ``SignatureSet`` (scan, domain hits, by role); ``run_examples``
- ``evaluate`` compiled matchers evaluated over the part scans of one scan
- ``records``  ``Signature``, ``Hit``, ``ExampleFailure``

The package only re-exports.
"""

from __future__ import annotations

from scanner.signatures.compile import default_signatures_dir, load_signatures
from scanner.signatures.records import ExampleFailure, Hit, Signature
from scanner.signatures.schema import PARTS, Role
from scanner.signatures.sigset import SignatureSet, run_examples

__all__ = [
    "PARTS",
    "ExampleFailure",
    "Hit",
    "Role",
    "Signature",
    "SignatureSet",
    "default_signatures_dir",
    "load_signatures",
    "run_examples",
]
