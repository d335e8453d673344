"""A Python `websockets` server with permessage-deflate, for test/interop/deflate-python.test.ts.

Usage: deflate_echo_server.py [--accept JSON]

Without --accept, compression is websockets' default (compression="deflate": it answers
server_max_window_bits=12; client_max_window_bits=12). With --accept, the JSON object is
the keyword arguments of ServerPerMessageDeflateFactory.

Prints {"event": "listening", "port": N}, then one line per connection when it ends (with
the extension headers of its handshake). Runs until SIGTERM or SIGINT.

Paths:
  /echo?id=ID   echo every message with its type.
  /drive?id=ID  send text and binary messages of every size in patterns.SIZES and a 16 MiB
                binary one, check that each comes back exactly, then close with 1000.
"""

import argparse
import asyncio
import json
import signal
from urllib.parse import parse_qs, urlsplit

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory

from patterns import SIZES, binary_pattern, describe, text_pattern

DRIVE = [("text", size) for size in SIZES] + [("binary", size) for size in SIZES] + [("binary", 16 * 1024 * 1024)]


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


async def drive(ws, ident: str) -> None:
    for kind, size in DRIVE:
        sent = text_pattern(size) if kind == "text" else binary_pattern(size)
        await ws.send(sent)
        got = await asyncio.wait_for(ws.recv(), 20)
        if got != sent:
            emit(event="drive", id=ident, ok=False, error=f"{kind} {size} B: echo {describe(got)} differs")
            await ws.close(1011, "echo differs")
            return
    emit(event="drive", id=ident, ok=True, checked=len(DRIVE))
    await ws.close(1000, "done")


async def handler(ws) -> None:
    url = urlsplit(ws.path)
    ident = parse_qs(url.query).get("id", [""])[0]
    try:
        if url.path == "/drive":
            await drive(ws, ident)
        else:
            async for message in ws:
                await ws.send(message)
    except websockets.ConnectionClosed:
        pass  # reported below, from the connection's own record
    finally:
        await ws.wait_closed()
        emit(
            event="closed",
            id=ident,
            offered=ws.request_headers.get("Sec-WebSocket-Extensions"),
            agreed=ws.response_headers.get("Sec-WebSocket-Extensions"),
            code=ws.close_code,
            reason=ws.close_reason,
        )


async def main(args) -> None:
    options = {"compression": "deflate"}
    if args.accept is not None:
        options = {"compression": None, "extensions": [ServerPerMessageDeflateFactory(**json.loads(args.accept))]}
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)
    async with websockets.serve(handler, "127.0.0.1", 0, max_size=None, ping_interval=None, **options) as server:
        emit(event="listening", port=server.sockets[0].getsockname()[1])
        await stop


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--accept")
    asyncio.run(main(parser.parse_args()))
