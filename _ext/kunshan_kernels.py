"""Kernels that execute the book's notebooks: no lost shell replies, IPC, a prompt stop.

Three process-local adjustments to the client side of notebook execution (nbclient on top of
jupyter_client and pyzmq). :func:`install` applies them; the ``kunshan_build`` Sphinx extension
calls it for ``jupyter-book build`` and ``tests/conftest.py`` for the tests that run nbclient.

**A send on the shell channel must not hide a reply.** jupyter_client's ``Session.send`` writes
to an asyncio socket through a blocking shadow of it, so pyzmq's asyncio layer never learns that a
send happened. A send makes libzmq process the socket's pending commands, which can consume the
(edge-triggered) ``ZMQ_FD`` signal announcing a message that has just arrived. nbclient's stand-in
for the ipywidgets ``Output`` widget sends a ``comm_msg`` on the shell channel while the same
client waits there for the cell's ``execute_reply``. When the reply has already arrived, the wait
is never woken and lasts until its timeout (``execute.timeout``, 120 s); pyzmq's last poll then
finds the reply, so the build goes on without an error, two minutes late (upstream:
jupyter/nbclient#312). After every send on an asyncio channel we read ``ZMQ_EVENTS`` through the
asyncio socket, which makes pyzmq re-check the socket and wake a pending wait.

**IPC transport.** Kernels started by nbclient listen on Unix-domain sockets in the temporary
directory instead of TCP ports on 127.0.0.1 (so ipykernel does not warn that TCP traffic is
unencrypted, and no port is exposed). The socket files are removed when the kernel shuts down.
Elsewhere than POSIX the default TCP transport is kept.

**A prompt stop.** Once a notebook's last cell has replied and its outputs are in, nbclient stops
the kernel. Its default, a graceful shutdown, asks the kernel to exit and polls until it has; an
idle ipykernel took 0.5-0.9 s to do so (and about 0.7 s of CPU) on the 2-core build machine, once
per notebook. The book's clients stop kernels immediately instead (nbclient's
``shutdown_kernel = "immediate"``: interrupt, then kill), which took 0.1 s; nothing the notebooks
do needs the kernel to exit cleanly, and the IPC socket files are still removed.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from typing import Any

import zmq
from jupyter_client import AsyncKernelManager
from jupyter_client.channels import AsyncZMQSocketChannel, ZMQSocketChannel
from nbclient import NotebookClient
from traitlets import default

_ORIGINAL_CREATE_KERNEL_MANAGER = NotebookClient.create_kernel_manager


def send_then_recheck(channel: AsyncZMQSocketChannel, msg: dict[str, Any]) -> None:
    """Send ``msg`` on an asyncio channel, then let pyzmq re-check the socket for replies."""
    ZMQSocketChannel.send(channel, msg)
    socket = channel.socket
    if socket is not None and not socket.closed:
        socket.get(zmq.EVENTS)  # pyzmq's asyncio socket schedules any pending receive


class IPCKernelManager(AsyncKernelManager):
    """Async kernel manager whose kernels listen on Unix-domain sockets in the temp directory."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc" if os.name == "posix" else "tcp"

    def _ip_default(self) -> str:
        if self.transport != "ipc":
            return super()._ip_default()
        # absolute, so the kernel (run in the notebook's folder) and the client agree on it;
        # the sockets are this prefix plus "-<n>"
        return os.path.join(tempfile.gettempdir(), f"kunshan-kernel-{uuid.uuid4().hex[:16]}")


def _create_kernel_manager(self: NotebookClient) -> AsyncKernelManager:
    if self.kernel_manager_class is AsyncKernelManager:
        self.kernel_manager_class = IPCKernelManager
    self.shutdown_kernel = "immediate"
    return _ORIGINAL_CREATE_KERNEL_MANAGER(self)


def install() -> None:
    """Apply the three adjustments in this process (idempotent)."""
    import kunshan_upstream  # the versions whose internals tests/test_upstream.py checked

    kunshan_upstream.require("kunshan_kernels", "jupyter-client", "pyzmq", "nbclient")
    AsyncZMQSocketChannel.send = send_then_recheck
    NotebookClient.create_kernel_manager = _create_kernel_manager
