"""Kernels that run the notebooks: IPC transport, and a widget's shell send never delays a cell.

See _ext/kunshan_kernels.py for the mechanism: a send on the shell channel while the client waits
there for an execute_reply that has already arrived used to leave the wait asleep until its
timeout (120 s in the build).
"""

from __future__ import annotations

import asyncio
import glob
import os
import time

import kunshan_kernels
import pytest
from jupyter_client.channels import ZMQSocketChannel

pytestmark = pytest.mark.slow

TIMEOUT = 3.0  # seconds the shell wait may last at most


async def _ready_kernel():
    """Start a kernel with the book's manager; return it and a client whose shell is drained."""
    km = kunshan_kernels.IPCKernelManager(kernel_name="python3")
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    await asyncio.sleep(0.5)
    while await kc.shell_channel.msg_ready():  # replies to wait_for_ready's extra requests
        await kc.shell_channel.get_msg()
    return km, kc


async def _wait_after_a_send(send) -> tuple[str, float]:
    """Wait for an execute_reply on the shell channel; send a comm_msg once it has arrived.

    The event loop is kept busy (a blocking sleep) while the reply arrives, as it is when
    nbclient handles an Output widget's IOPub messages, then the comm_msg is sent the way that
    widget stand-in sends it. Returns the reply type and how long the wait lasted after the send.
    """
    km, kc = await _ready_kernel()
    try:
        msg_id = kc.execute("1 + 1")
        waiter = asyncio.ensure_future(kc.shell_channel.get_msg(timeout=TIMEOUT))
        await asyncio.sleep(0)  # the wait is now registered on the socket
        time.sleep(1.0)  # the reply arrives while the loop is busy
        send(kc.shell_channel, kc.session.msg("comm_msg", {"comm_id": "x", "data": {}}))
        start = time.monotonic()
        reply = await waiter
        assert reply["parent_header"]["msg_id"] == msg_id
        return reply["msg_type"], time.monotonic() - start
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


def test_a_shell_send_does_not_hide_a_reply_that_has_arrived():
    kind, waited = asyncio.run(_wait_after_a_send(kunshan_kernels.send_then_recheck))
    assert kind == "execute_reply"
    assert waited < 0.5


def test_without_the_recheck_the_wait_lasts_until_its_timeout():
    # the upstream behaviour the fix exists for; if this starts failing, the fix may go
    kind, waited = asyncio.run(_wait_after_a_send(ZMQSocketChannel.send))
    assert kind == "execute_reply"
    assert waited > TIMEOUT - 1.5


def test_kernels_listen_on_ipc_sockets_in_the_temp_dir_and_remove_them():
    async def run() -> tuple[str, str, list[str], list[str]]:
        km, kc = await _ready_kernel()
        during = glob.glob(f"{km.ip}-*")
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
        return km.transport, km.ip, during, glob.glob(f"{km.ip}-*")

    transport, ip, during, after = asyncio.run(run())
    if os.name != "posix":
        assert transport == "tcp"
        return
    assert transport == "ipc" and os.path.isabs(ip)
    assert len(during) == 5 and after == []


def test_the_build_log_has_no_kernel_transport_warning(built_book):
    assert built_book.returncode == 0, built_book.log[-3000:]
    assert "Kernel is running over TCP" not in built_book.log
