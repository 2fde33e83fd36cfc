"""Detection measured on a folder of labelled saved pages (read in place, never copied).

``python -m bench.realworld FOLDER`` expects ``FOLDER/pages/*.html`` and ``FOLDER/labels.json``
(``{"name.html": {"label": "gambling|defacement|legitimate", ...}}``) and prints, per label,
how many pages the scanner flagged with the right category, plus precision and recall.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from scanner.api import check_inputs
from scanner.config import load_settings
from scanner.models import Verdict

_CLEAN_LABELS = {"legitimate", "clean", "benign"}


def main(argv: list[str] | None = None) -> int:
    """Run ``scanner check`` over the folder and compare with its labels."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "../shared/realworld")
    labels_file = folder / "labels.json"
    if not labels_file.exists():
        print(f"{labels_file}: not found", file=sys.stderr)
        return 2
    labels = {name: entry["label"] for name, entry in json.loads(labels_file.read_text()).items()}
    files = sorted(p for p in (folder / "pages").glob("*.html") if p.name in labels)
    started = time.perf_counter()
    verdicts = check_inputs([str(p) for p in files], load_settings(env={}))
    seconds = time.perf_counter() - started
    tp = fp = fn = tn = wrong_category = 0
    for path, verdict in zip(files, verdicts, strict=True):
        label = labels[path.name]
        flagged = verdict.verdict not in (Verdict.CLEAN, Verdict.ERROR)
        categories = sorted({f.category.value for f in verdict.findings})
        bad = label not in _CLEAN_LABELS
        mark = "ok  "
        if bad and flagged:
            tp += 1
            if label not in categories:
                wrong_category += 1
                mark = "cat?"
        elif bad:
            fn += 1
            mark = "MISS"
        elif flagged:
            fp += 1
            mark = "FP  "
        else:
            tn += 1
        techniques = sorted({f.technique.value for f in verdict.findings})
        print(f"{mark} {path.name:<12} {label:<11} {verdict.verdict.value:<10} {techniques}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"\n{len(files)} pages: tp={tp} fp={fp} fn={fn} tn={tn} "
        f"precision={precision:.3f} recall={recall:.3f} "
        f"(flagged with another category: {wrong_category}) in {seconds:.2f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
