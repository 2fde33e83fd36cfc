"""The rules: signature files (data, in the top-level ``signatures/``) -> a ``SignatureSet``.

- ``schema``   strict YAML schema; errors name the file and field
- ``match``    Aho-Corasick words, trigger-gated regexes, domain patterns
- ``compile``  validated specs -> the immutable ``SignatureSet``; ``run_examples``

The package only re-exports.
"""

from __future__ import annotations

from scanner.signatures.compile import (
    PARTS,
    ExampleFailure,
    Hit,
    Role,
    Signature,
    SignatureSet,
    default_signatures_dir,
    load_signatures,
    run_examples,
)

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
