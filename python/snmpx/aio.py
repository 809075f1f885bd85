"""asyncio: AsyncEngine, whose managers' requests are awaitables and whose
walks are async iterators, driven by the running loop's reader on the
engine's sockets and one timer (loop.add_reader, loop.call_at): no thread
per request.

    async with AsyncEngine() as engine:
        mgr = engine.Manager("127.0.0.1:1161", version=2)
        resp = await mgr.get("1.3.6.1.2.1.1.1.0")
        async for name, value in mgr.bulkWalk("1.3.6.1.2.1.2.2.1.2"):
            ...
"""

import asyncio

from . import _args, _snmpx
from .engine import Engine

__all__ = ["AsyncEngine"]


class AsyncEngine(Engine):
    """An Engine driven by an asyncio loop (the running one, or |loop|).

    Its managers' get/getNext/getBulk/set return futures (await them; many
    may be in flight at once), and walk/bulkWalk are ``async for``
    iterators.  Make it inside a coroutine, or pass ``loop``.  Takes the
    keyword arguments of Engine."""

    def __init__(self, *args, loop=None, **kwargs):
        if loop is not None and not isinstance(loop,
                                               asyncio.AbstractEventLoop):
            raise TypeError("loop must be an asyncio event loop, not %s"
                            % type(loop).__name__)
        super().__init__(*args, **kwargs)
        self.loop = loop if loop is not None else \
            asyncio.get_running_loop()
        self._timer = None
        self._tasks = set()  # coroutine callbacks running
        self._stopped = None
        self._set_loop(self.loop, self._on_socket, self._on_timer)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        self.close()

    def close(self):
        """Cancel what is in flight (their futures are cancelled), stop
        watching the sockets and close them."""
        super().close()
        for task in list(self._tasks):
            task.cancel()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def serve(self, timeout=None):
        """Serve the receiver and agent (the loop does the work) until
        ``timeout`` seconds pass (None: no limit) or stop() is called.
        Raises what a receiver callback raised; TypeError/ValueError for
        a timeout that is not a number >= 0 or None."""
        timeout = _args.duration(timeout)
        self._serving, self._error = True, None
        self._stopped = self.loop.create_future()
        try:
            await asyncio.wait_for(asyncio.shield(self._stopped), timeout)
        except asyncio.TimeoutError:
            pass
        finally:
            self._serving = False
            self._stopped = None
        error, self._error = self._error, None
        if error is not None:
            raise error

    def stop(self):
        """End serve()."""
        super().stop()
        stopped = getattr(self, "_stopped", None)
        if stopped is not None and not stopped.done():
            stopped.set_result(None)

    def _spawn(self, coroutine):
        """Run a coroutine callback as a task; its exception is handled as
        a plain callback's."""
        task = self.loop.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task):
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._callback_failed(task.exception(), task)

    def _callback_failed(self, exc, fn):
        super()._callback_failed(exc, fn)
        if self._serving:
            self.stop()

    def _on_socket(self, fd, what):
        if what & _snmpx.POLL_REMOVE:
            self.loop.remove_reader(fd)
        else:
            self.loop.add_reader(fd, self._on_readable, fd)

    def _on_timer(self, timeout_ms):
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if timeout_ms >= 0:
            self._timer = self.loop.call_at(
                self.loop.time() + timeout_ms / 1000.0, self._fire)

    def _fire(self):
        self._timer = None
        self._on_timeout()


class AsyncWalk:
    """``async for`` over a Walk of an AsyncEngine's manager."""

    __slots__ = ("_walk",)

    def __init__(self, walk):
        self._walk = walk

    def __aiter__(self):
        return self

    async def __anext__(self):
        walk = self._walk
        while True:
            item = walk._pop()  # StopAsyncIteration or the walk's error
            if item is not None:
                return item
            fut = asyncio.get_running_loop().create_future()
            walk._notify(fut.set_result)
            await fut

    async def aclose(self):
        """Stop the walk at its next response."""
        self._walk.close()
