"""Work around jupyter/nbclient#312 while the book executes its notebooks.

When a notebook uses ipywidgets.Output (as interact and the workshop do), nbclient sends comm
messages on the shell socket while it awaits the cell's execute_reply on that same socket, and
the asyncio poll can miss the wake-up: the build then stalls for the whole cell timeout (forever
with timeout -1). Polling in 100 ms slices bounds a missed wake-up to 0.1 s.

Loaded as a Sphinx extension (active in the process that runs nbclient) and by tests/conftest.py.
jupyter-client, pyzmq and nbclient are pinned in requirements-book.txt because of this patch.
"""

import time
from queue import Empty

from jupyter_client.channels import AsyncZMQSocketChannel

_SLICE_S = 0.1


async def _get_msg(self, timeout=None):
    assert self.socket is not None
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        remaining = _SLICE_S if deadline is None else max(0.0, min(_SLICE_S, deadline - time.monotonic()))
        if await self.socket.poll(int(remaining * 1000)):
            return await self._recv()
        if deadline is not None and time.monotonic() >= deadline:
            raise Empty


def apply():
    AsyncZMQSocketChannel.get_msg = _get_msg


def setup(app):
    apply()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
