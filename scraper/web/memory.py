"""What the server loaded at start-up is kept out of the garbage collector's way.

A table page makes thousands of short-lived objects; every so often Python
then walks every object the process holds, Datasette's and the plugin's
modules included, looking for reference cycles: about 50 ms on the archive's
server, paid by whichever request happened to trigger it. What exists once
Datasette has started is never garbage, so it is moved out of the
collector's reach (`gc.freeze`), once per process; the collector still
frees what the requests leave behind.
"""

from __future__ import annotations

import gc

_settled = False


def settle() -> bool:
    """Collect once, then freeze what is left; True the first time in a process."""
    global _settled
    if _settled:
        return False
    gc.collect()
    gc.freeze()
    _settled = True
    return True
