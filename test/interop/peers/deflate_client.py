"""A Python `websockets` client with permessage-deflate, for test/interop/deflate-python.test.ts.

Usage: deflate_client.py URL [--offer JSON] MESSAGE...

Without --offer, compression is websockets' default (compression="deflate"). With --offer,
the JSON object is the keyword arguments of ClientPerMessageDeflateFactory (for example
{"client_no_context_takeover": true, "server_max_window_bits": 10}).

Each MESSAGE is sent in turn and its echo awaited and compared: "T:N" / "B:N" the N-byte text /
binary pattern of patterns.py, "R:N" N random bytes twice in a row (2N bytes; a repeat only a
window wider than N bytes can see). Prints JSON lines: open (with the extension headers),
one per echo (kind, length, sha256, equal), closed.
"""

import argparse
import asyncio
import json
import os

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory

from patterns import binary_pattern, describe, text_pattern


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def build_message(arg: str):
    kind, _, value = arg.partition(":")
    n = int(value)
    if kind == "T":
        return text_pattern(n)
    if kind == "B":
        return binary_pattern(n)
    if kind == "R":
        block = os.urandom(n)
        return block + block
    raise SystemExit(f"deflate_client.py: a message is T:N, B:N or R:N, not {arg!r}")


async def run(args) -> None:
    options = {"compression": "deflate"}
    if args.offer is not None:
        options = {"compression": None, "extensions": [ClientPerMessageDeflateFactory(**json.loads(args.offer))]}
    async with websockets.connect(args.url, max_size=None, ping_interval=None, open_timeout=5, close_timeout=5, **options) as ws:
        emit(
            event="open",
            offered=ws.request_headers.get("Sec-WebSocket-Extensions"),
            agreed=ws.response_headers.get("Sec-WebSocket-Extensions"),
        )
        try:
            for message in map(build_message, args.messages):
                await ws.send(message)
                echo = await asyncio.wait_for(ws.recv(), 20)
                emit(event="message", equal=echo == message, **describe(echo))
            await ws.close(1000)
        except websockets.ConnectionClosed:
            pass  # reported below, from the connection's own record
        await asyncio.wait_for(ws.wait_closed(), 5)
        emit(event="closed", code=ws.close_code, reason=ws.close_reason)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("messages", nargs="*")
    parser.add_argument("--offer")
    asyncio.run(run(parser.parse_intermixed_args()))


if __name__ == "__main__":
    main()
