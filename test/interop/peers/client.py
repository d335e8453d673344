"""A Python `websockets` client for the interop tests (the 10.x asyncio API, no compression).

Usage: client.py URL [--subprotocol NAME]... [--ping PAYLOAD] [--close CODE] [--reason TEXT]
                 [--wait-close] MESSAGE...

Each MESSAGE is sent in turn and the answer awaited: "t:TEXT" literal text, "b:HEX" literal
binary, "T:N" / "B:N" the N-byte text / binary pattern of patterns.py. Prints JSON lines:
open, one per message received, pong, closed. Then closes with CODE and TEXT (1000 by default),
or with --wait-close waits for the server to close.
"""

import argparse
import asyncio
import json
import sys

import websockets

from patterns import binary_pattern, describe, text_pattern


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def parse_message(arg: str):
    kind, _, value = arg.partition(":")
    if kind == "t":
        return value
    if kind == "b":
        return bytes.fromhex(value)
    if kind == "T":
        return text_pattern(int(value))
    if kind == "B":
        return binary_pattern(int(value))
    sys.exit(f"client.py: a message is t:TEXT, b:HEX, T:N or B:N, not {arg!r}")


async def run(args) -> None:
    async with websockets.connect(
        args.url,
        compression=None,
        max_size=None,
        ping_interval=None,
        subprotocols=args.subprotocol or None,
        open_timeout=5,
        close_timeout=5,
    ) as ws:
        emit(event="open", subprotocol=ws.subprotocol)
        try:
            for message in map(parse_message, args.messages):
                await ws.send(message)
                emit(event="message", **describe(await asyncio.wait_for(ws.recv(), 10)))
            if args.ping is not None:
                pong = await ws.ping(args.ping.encode("utf-8"))
                await asyncio.wait_for(pong, 5)
                emit(event="pong")
            if args.wait_close:
                await asyncio.wait_for(ws.wait_closed(), 5)
            else:
                await ws.close(args.close, args.reason)
        except websockets.ConnectionClosed:
            pass  # reported below, from the connection's own record
        await asyncio.wait_for(ws.wait_closed(), 5)
        emit(event="closed", code=ws.close_code, reason=ws.close_reason)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("messages", nargs="*")
    parser.add_argument("--subprotocol", action="append")
    parser.add_argument("--ping")
    parser.add_argument("--close", type=int, default=1000)
    parser.add_argument("--reason", default="")
    parser.add_argument("--wait-close", action="store_true")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
