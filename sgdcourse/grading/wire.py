"""Values across the grading boundary, as data.

The grader and the student's process (runner.py, in the sandbox) talk over a pair of
pipes. Every message is a length-prefixed JSON document; tensors travel as base64 bytes
with their dtype and shape. Reading a message never runs code (no pickle), so the worst
a student's process can send back is a wrong value.

    encoded value          Python value
    -------------          ------------
    null, true, 1, 2.5     None, bool, int, float (NaN and ±inf as JSON's NaN/Infinity)
    "text"                 str
    [a, b]                 list
    {"$tuple": [a, b]}     tuple
    {"$dict": [[k, v]]}    dict (any encodable keys, order kept)
    {"$tensor": {...}}     torch.Tensor: dtype, shape, base64 data, requires_grad
    {"$dtype": "float32"}  torch.dtype
    {"$generator": "..."}  torch.Generator (CPU), its state: the callee's draws flow back
    {"$trial": {...}}      sgdcourse.trials.Trial
    {"$handle": {...}}     anything else: it stays in the process that made it, and the
                           other side gets a proxy it can call (Channel.proxy)

A `Channel` sends requests and serves the other side's requests while it waits for its
answer, so a student's function can call back a function the grader passed it.
"""

from __future__ import annotations

import base64
import json
import os
import select
import struct
import time
from collections.abc import Callable
from typing import Any

import torch

from ..trials import Trial

MAX_MESSAGE_BYTES = 256 << 20
_HEADER = struct.Struct(">Q")
_DTYPES = {str(dtype).removeprefix("torch."): dtype for dtype in (
    torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128,
    torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.bool,
)}


class WireError(RuntimeError):
    """A message that is not a well-formed encoded value: the other side broke the protocol."""


class ChannelClosed(WireError):
    """The other process closed its end (it exited or was killed)."""


class ChannelTimeout(WireError):
    """No message before the deadline."""


class RemoteError(Exception):
    """The other side's code raised; `type_name` and the message are what it reported."""

    def __init__(self, type_name: str, message: str):
        super().__init__(message)
        self.type_name = type_name

    def _render_traceback_(self) -> list[str]:
        return [f"{self.type_name}: {self}"]


# ------------------------------------------------------------------ values

def encode(value: Any, export: Callable[[Any], dict]) -> Any:
    """`value` as JSON-ready data; `export(obj)` makes the handle for anything else."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [encode(item, export) for item in value]
    if isinstance(value, tuple) and type(value) is tuple:
        return {"$tuple": [encode(item, export) for item in value]}
    if isinstance(value, dict):
        return {"$dict": [[encode(k, export), encode(v, export)] for k, v in value.items()]}
    if isinstance(value, torch.Tensor):
        return {"$tensor": encode_tensor(value)}
    if isinstance(value, torch.dtype):
        return {"$dtype": str(value).removeprefix("torch.")}
    if isinstance(value, torch.Generator) and value.device.type == "cpu":
        return {"$generator": _b64(value.get_state())}
    if type(value).__module__ == "numpy" and hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        return encode(value.item(), export)  # a NumPy scalar: its Python number
    if isinstance(value, Trial):
        return {"$trial": {"params": encode(value.params, export), "score": encode(value.score, export)}}
    return {"$handle": export(value)}


def decode(data: Any, proxy: Callable[[dict], Any]) -> Any:
    """The value `data` encodes; `proxy(handle)` stands in for the other side's objects."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(item, proxy) for item in data]
    if not (isinstance(data, dict) and len(data) == 1):
        raise WireError(f"not an encoded value: {_preview(data)}")
    (tag, body), = data.items()
    if tag == "$tuple" and isinstance(body, list):
        return tuple(decode(item, proxy) for item in body)
    if tag == "$dict" and isinstance(body, list):
        result = {}
        for pair in body:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise WireError(f"a dict entry is not a [key, value] pair: {_preview(pair)}")
            key = decode(pair[0], proxy)
            try:
                result[key] = decode(pair[1], proxy)
            except TypeError as error:  # unhashable key
                raise WireError(f"unusable dict key: {error}") from None
        return result
    if tag == "$tensor":
        return decode_tensor(body)
    if tag == "$dtype" and body in _DTYPES:
        return _DTYPES[body]
    if tag == "$generator" and isinstance(body, str):
        generator = torch.Generator()
        try:
            generator.set_state(torch.frombuffer(bytearray(_unb64(body)), dtype=torch.uint8))
        except RuntimeError as error:
            raise WireError(f"not a generator state: {error}") from None
        return generator
    if tag == "$trial" and isinstance(body, dict) and set(body) == {"params", "score"}:
        return Trial(decode(body["params"], proxy), decode(body["score"], proxy))
    if tag == "$handle" and isinstance(body, dict):
        return proxy(body)
    raise WireError(f"unknown encoded value {tag!r}")


def encode_tensor(tensor: torch.Tensor) -> dict:
    # A fresh contiguous copy: contiguous() keeps a one-element view's stride, which view(uint8) refuses.
    plain = tensor.detach().to("cpu").clone(memory_format=torch.contiguous_format)
    if plain.dtype not in _DTYPES.values():
        raise TypeError(f"cannot send a tensor of dtype {plain.dtype}")
    return {"dtype": str(plain.dtype).removeprefix("torch."), "shape": list(plain.shape),
            "data": _b64(plain.reshape(-1).view(torch.uint8)) if plain.numel() else "",
            "requires_grad": bool(tensor.requires_grad)}


def decode_tensor(body: Any) -> torch.Tensor:
    if not (isinstance(body, dict) and body.get("dtype") in _DTYPES and isinstance(body.get("shape"), list)
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in body["shape"])
            and isinstance(body.get("data"), str)):
        raise WireError(f"not an encoded tensor: {_preview(body)}")
    dtype, shape = _DTYPES[body["dtype"]], body["shape"]
    raw = _unb64(body["data"])
    numel = 1
    for n in shape:
        numel *= n
    itemsize = torch.empty((), dtype=dtype).element_size()
    if len(raw) != numel * itemsize:
        raise WireError(f"tensor data of {len(raw)} bytes for shape {shape} and dtype {dtype}")
    flat = torch.frombuffer(bytearray(raw), dtype=dtype) if raw else torch.empty(0, dtype=dtype)
    tensor = flat.reshape(shape)
    if body.get("requires_grad") is True and tensor.is_floating_point():
        tensor.requires_grad_()
    return tensor


def _b64(tensor: torch.Tensor) -> str:
    return base64.b64encode(tensor.numpy().tobytes()).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise WireError("invalid base64 data") from None


def _preview(data: Any) -> str:
    text = repr(data)
    return text if len(text) < 120 else text[:117] + "..."


# ------------------------------------------------------------------ messages

def write_message(fd: int, message: dict) -> None:
    body = json.dumps(message, allow_nan=True).encode("utf-8")
    if len(body) > MAX_MESSAGE_BYTES:
        raise WireError(f"message of {len(body)} bytes; at most {MAX_MESSAGE_BYTES} are sent")
    data = memoryview(_HEADER.pack(len(body)) + body)
    while data:
        try:
            written = os.write(fd, data)
        except BrokenPipeError:
            raise ChannelClosed("the other process closed the channel") from None
        data = data[written:]


def read_message(fd: int, deadline: float | None = None) -> dict:
    """The next message; ChannelTimeout past `deadline` (time.monotonic()), ChannelClosed at EOF."""
    (length,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size, deadline))
    if length > MAX_MESSAGE_BYTES:
        raise WireError(f"a message of {length} bytes announced; at most {MAX_MESSAGE_BYTES} are read")
    try:
        message = json.loads(_read_exactly(fd, length, deadline))
    except (ValueError, RecursionError) as error:
        raise WireError(f"a message that is not JSON: {type(error).__name__}") from None
    if not isinstance(message, dict):
        raise WireError("a message that is not a JSON object")
    return message


def _read_exactly(fd: int, count: int, deadline: float | None) -> bytes:
    chunks, remaining = [], count
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise ChannelTimeout("no answer before the time limit")
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise ChannelClosed("the other process closed the channel")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


# ------------------------------------------------------------------ calls both ways

class Channel:
    """Requests to the other side, and answers to its requests while we wait.

    Requests are {"op": name, ...}; `handlers[name](channel, message)` answers one and
    returns the reply's fields. The reply to ours is {"op": "return", "value": ...} or
    {"op": "raise", "type": ..., "message": ...}. "call" is built in: it calls an object
    this side exported, with in-place changes to its tensor, generator, list and dict
    arguments sent back.
    """

    def __init__(self, read_fd: int, write_fd: int, handlers: dict[str, Callable] | None = None,
                 make_proxy: Callable[[Channel, dict], Any] | None = None):
        self.read_fd, self.write_fd = read_fd, write_fd
        self.handlers = {"call": Channel._serve_call, **(handlers or {})}
        self.make_proxy = make_proxy or (lambda channel, handle: RemoteFunction(channel, handle))
        self.exported: dict[int, Any] = {}
        self.deadline: float | None = None

    # -- values
    def export(self, value: Any) -> dict:
        key = id(value)
        self.exported[key] = value
        handle = {"id": key, "type": type(value).__name__}
        name = getattr(value, "__name__", None)
        if isinstance(name, str):
            handle["name"] = name
        return handle

    def encode(self, value: Any) -> Any:
        return encode(value, self.export)

    def decode(self, data: Any) -> Any:
        return decode(data, lambda handle: self.make_proxy(self, handle))

    # -- requests
    def request(self, op: str, **fields: Any) -> Any:
        """Send a request; serve the other side's requests until its reply; its value."""
        write_message(self.write_fd, {"op": op, **fields})
        while True:
            message = read_message(self.read_fd, self.deadline)
            kind = message.get("op")
            if kind == "return":
                return message
            if kind == "raise":
                raise RemoteError(str(message.get("type", "Exception"))[:100], str(message.get("message", ""))[:5000])
            self.answer(message)

    def answer(self, message: dict) -> None:
        """Serve one request from the other side and send the reply."""
        handler = self.handlers.get(message.get("op"))
        try:
            if handler is None:
                raise WireError(f"unknown request {message.get('op')!r}")
            reply = {"op": "return", **handler(self, message)}
        except (WireError, KeyboardInterrupt):
            raise
        except BaseException as error:  # noqa: BLE001 — the caller decides what an error means
            reply = {"op": "raise", "type": type(error).__name__, "message": str(error)}
        write_message(self.write_fd, reply)

    def call(self, handle_id: int, args: tuple, kwargs: dict, **fields: Any) -> Any:
        """Call the other side's exported object; apply what it did to our tensors and generators."""
        message = self.request("call", target=handle_id, args=self.encode(list(args)),
                               kwargs=self.encode(dict(kwargs)), **fields)
        updates = message.get("updates", [])
        if not isinstance(updates, list):
            raise WireError("call updates are not a list")
        for update in updates:
            if not (isinstance(update, list) and len(update) == 2):
                raise WireError("a call update is not a [position, value] pair")
            position, value = update
            if isinstance(position, int) and 0 <= position < len(args):
                original = args[position]
            elif isinstance(position, str) and position in kwargs:
                original = kwargs[position]
            else:
                raise WireError(f"a call update names no argument: {position!r}")
            _apply_update(original, self.decode(value))
        return self.decode(message.get("value"))

    @staticmethod
    def _serve_call(channel: Channel, message: dict) -> dict:
        target = channel.exported.get(message.get("target"))
        if target is None:
            raise WireError(f"no exported object {message.get('target')!r}")
        args, kwargs = channel.decode(message.get("args")), channel.decode(message.get("kwargs"))
        if not isinstance(args, list) or not isinstance(kwargs, dict) \
                or not all(isinstance(key, str) for key in kwargs):
            raise WireError("call arguments are not a list and a dict of keywords")
        before = {position: value.detach().clone() if isinstance(value, torch.Tensor) else channel.encode(value)
                  for position, value in _arguments(args, kwargs) if isinstance(value, (torch.Tensor, list, dict))}
        value = target(*args, **kwargs)
        updates = []
        for position, argument in _arguments(args, kwargs):
            if isinstance(argument, torch.Tensor):
                changed = not _same(before[position], argument)
            elif isinstance(argument, (list, dict)):
                changed = channel.encode(argument) != before[position]
            else:
                changed = isinstance(argument, torch.Generator)
            if changed:
                updates.append([position, channel.encode(argument)])
        return {"value": channel.encode(value), "updates": updates}


class RemoteFunction:
    """The other side's callable: calling it sends the arguments over as data."""

    def __init__(self, channel: Channel, handle: dict):
        if not isinstance(handle.get("id"), int):
            raise WireError(f"a handle without an id: {_preview(handle)}")
        self._channel, self._id = channel, handle["id"]
        self.__name__ = str(handle.get("name", handle.get("type", "object")))[:200]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._channel.call(self._id, args, kwargs)

    def __repr__(self) -> str:
        return f"<{self.__name__} in the other process>"


def _arguments(args: list, kwargs: dict):
    yield from enumerate(args)
    yield from kwargs.items()


def _same(before: torch.Tensor, after: torch.Tensor) -> bool:
    return before.shape == after.shape and before.dtype == after.dtype and bool(
        torch.equal(before, after.detach()) or (before.is_floating_point() and
                                                 torch.equal(before.isnan(), after.detach().isnan()) and
                                                 torch.equal(before.nan_to_num(), after.detach().nan_to_num())))


def _apply_update(original: Any, value: Any) -> None:
    """Mirror an in-place change made by the callee onto our own argument."""
    if isinstance(original, torch.Generator) and isinstance(value, torch.Generator):
        original.set_state(value.get_state())
    elif isinstance(original, torch.Tensor) and isinstance(value, torch.Tensor) \
            and original.shape == value.shape and original.dtype == value.dtype:
        with torch.no_grad():
            original.copy_(value)
    elif isinstance(original, list) and isinstance(value, list):
        original[:] = value
    elif isinstance(original, dict) and isinstance(value, dict):
        original.clear()
        original.update(value)
    else:
        raise WireError("a call update that does not match its argument")
