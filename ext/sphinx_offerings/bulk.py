"""Work on thousands of values at once: the cyclic garbage collector waits meanwhile."""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a block makes many objects.

    Each collection walks every object alive, and building a catalogue or a table of
    thousands of offerings makes hundreds of thousands: in a large build the collections
    those allocations set off took as long as the work. Reference counting still frees
    what the block drops; a cycle waits for the next collection after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze() -> None:
    """Leave every object alive now out of the collector's walks, until `unfreeze`.

    A page with a table of thousands of offerings, as the builders other than HTML
    write it, is millions of objects, alive until the page is written; every
    collection that writing sets off would walk them all again (``gc.freeze``).
    """
    gc.freeze()


def unfreeze() -> None:
    """Let the collector walk, and collect, the objects `freeze` left out."""
    gc.unfreeze()


def skip_last_collection() -> None:
    """Leave what is alive when the process ends to the operating system.

    At exit the interpreter walks every object once more, only to free memory that the
    system takes back anyway; after a build with thousands of rows that walk took
    seconds. Once such a build is done, the objects alive at exit are frozen instead.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
