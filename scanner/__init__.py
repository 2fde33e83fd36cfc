"""scanner: website integrity and defacement scanner for Indonesian government (.go.id) sites."""

from __future__ import annotations

__version__ = "0.1.0"
