"""A Python `websockets` server for the interop tests (the 10.x asyncio API, no compression).

Prints JSON lines on stdout: {"event": "listening", "port": N} once it accepts connections,
then one line per connection when it ends. Runs until SIGTERM or SIGINT.

Paths:
  /echo?id=ID              echo every message with its type; the text message
                           "!close CODE REASON" makes the server close with CODE and REASON.
  /drive?id=ID&close=CODE  send text and binary messages of every size in patterns.SIZES,
                           check that each comes back exactly, then close with CODE.
"""

import asyncio
import json
import signal
from urllib.parse import parse_qs, urlsplit

import websockets

from patterns import SIZES, binary_pattern, describe, text_pattern


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


async def echo(ws) -> None:
    async for message in ws:
        if isinstance(message, str) and message.startswith("!close "):
            _, code, reason = (message.split(" ", 2) + [""])[:3]
            await ws.close(int(code), reason)
            return
        await ws.send(message)


async def drive(ws, ident: str, close_code: int) -> None:
    checked = 0
    for kind in ("text", "binary"):
        for size in SIZES:
            sent = text_pattern(size) if kind == "text" else binary_pattern(size)
            await ws.send(sent)
            got = await asyncio.wait_for(ws.recv(), 10)
            if got != sent:
                emit(event="drive", id=ident, ok=False, error=f"{kind} {size} B: echo {describe(got)} differs")
                await ws.close(1011, "echo differs")
                return
            checked += 1
    emit(event="drive", id=ident, ok=True, checked=checked)
    await ws.close(close_code, "done")


async def handler(ws) -> None:
    url = urlsplit(ws.path)
    query = parse_qs(url.query)
    ident = query.get("id", [""])[0]
    try:
        if url.path == "/drive":
            await drive(ws, ident, int(query.get("close", ["1000"])[0]))
        else:
            await echo(ws)
    except websockets.ConnectionClosed:
        pass  # reported below, from the connection's own record
    finally:
        await ws.wait_closed()
        emit(event="closed", id=ident, path=url.path, subprotocol=ws.subprotocol, code=ws.close_code, reason=ws.close_reason)


async def main() -> None:
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)
    async with websockets.serve(
        handler, "127.0.0.1", 0, compression=None, max_size=None, ping_interval=None, subprotocols=["chat", "superchat"]
    ) as server:
        emit(event="listening", port=server.sockets[0].getsockname()[1])
        await stop


if __name__ == "__main__":
    asyncio.run(main())
