"""The PySide6 desktop UI.

PySide6 6.12.0 on Python 3.11 hands an empty QVariant back to Python as ``None`` without
taking a reference (``QComboBox.currentData()`` of an item whose data is ``None``,
``QModelIndex.data()`` of a role a model has nothing for, ...): each call takes one
reference from ``None`` and after some ten thousand of them the process aborts with
"Fatal Python error: none_dealloc" (an hour of the window at 1M contacts met it; see
tests/ui/test_executor.py). Python 3.12 makes None, True and False immortal (PEP 683);
here they are given the same headroom, a reference count no leak can use up."""

from __future__ import annotations

import ctypes
import sys

if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
    for _singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
