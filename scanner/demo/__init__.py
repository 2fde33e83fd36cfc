"""The demo and the test world: not a pipeline stage.

- ``run``     ``scanner demo``: three fictitious sites served on loopback, scanned for real
- ``world/``  the generated world of fictitious .go.id sites with attacks, traps and ground truth
- ``sample``  a fixed ``ScanResult`` for report previews and screenshots
"""

from __future__ import annotations
