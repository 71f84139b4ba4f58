"""Assignment 08 (data-parallel SGD): start P worker processes on this machine, collect what they return.

    from sgdcourse.exercise.parallel import run_workers

    def worker(rank, world_size, x):
        t = torch.tensor([float(rank)])
        dist.all_reduce(t)            # the process group is already set up
        return t

    run_workers(worker, 3, None)      # [tensor([3.]), tensor([3.]), tensor([3.])]

Each worker is a child of the calling process, started with the "fork" method, so it
inherits every function and variable defined before (a notebook's functions cannot be
pickled for "spawn"). The workers talk over loopback (127.0.0.1) with the gloo backend;
the rendezvous store listens on a port the OS picks (port 0), so concurrent runs never
collide. Every worker must finish within `timeout_s`: a worker that raises, exits or
waits forever in a collective (ranks that do not call the same collectives in the same
order deadlock) ends the whole run with an error that says which rank and why.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
import traceback
from datetime import timedelta
from multiprocessing.connection import wait

import torch
import torch.distributed as dist

from ..grading.wire import RemoteFunction
from . import check, forbidden
from . import check_written_here as _check_written_here

LOOPBACK = "127.0.0.1"
ERROR_GRACE_S = 2.0  # after one rank fails, how long the others may take to report theirs
PEER_GONE = "by peer"  # in gloo's error in a rank whose peer left a collective (closed, reset)
COLLECTIVES_MATCH = ("A collective (all_reduce, broadcast, …) completes only when every rank calls it: every rank "
                     "must call the same collectives in the same order. Hint: every rank takes the same number of "
                     "steps, even with an empty shard.")
# What "write it yourself" rules out inside your functions: the course's reference
# implementations of sharding, averaging and (large-batch) SGD.
PARALLEL_LIBRARIES = ("sgdcourse.distributed", "sgdcourse.sampling")
PARALLEL_SHORTCUTS = ("sgdcourse.distributed.average_gradients", "sgdcourse.distributed.train_data_parallel",
                      "sgdcourse.sampling.shuffled_batches", "sgdcourse.sampling.sgd_least_squares")


def run_workers(fn, world_size: int, *args, timeout_s: float = 20.0) -> list:
    """[fn(0, world_size, *args), …, fn(world_size − 1, world_size, *args)], each in its own process.

    In every worker the default process group (gloo, `world_size` ranks) is initialised
    before `fn` runs and destroyed after; `fn` uses torch.distributed directly
    (dist.all_reduce, dist.broadcast, …). Raises RuntimeError when a worker raises or dies,
    TimeoutError when the workers are not all done after `timeout_s` seconds.
    """
    check(isinstance(world_size, int) and world_size >= 1, "run_workers needs a number of workers",
          expected="an int ≥ 1", got=repr(world_size))
    check(callable(fn), "run_workers needs a function to run on every worker",
          expected="fn(rank, world_size, *args)", got=type(fn).__name__)
    # The workers are forked from this process: a function of another process (a grader's proxy
    # of the student's function) would fork the wrong one. Tests call the student's launcher instead.
    check(not isinstance(fn, RemoteFunction), "run_workers runs functions of this process only",
          expected="a function defined in this process", got="a proxy of another process's function",
          hint="call a function of the student's process that calls run_workers itself")
    context = multiprocessing.get_context("fork")
    # The parent holds the store's listening socket: bound to port 0, the OS picks a free port.
    store = dist.TCPStore(LOOPBACK, 0, world_size, is_master=True, wait_for_workers=False,
                          timeout=timedelta(seconds=timeout_s))
    workers, readers = [], {}
    try:
        for rank in range(world_size):
            reader, writer = context.Pipe(duplex=False)  # a pipe, not a Queue: no semaphore in /dev/shm
            process = context.Process(target=_worker, args=(writer, store.port, rank, world_size, timeout_s, fn, args),
                                      daemon=True, name=f"rank {rank}")
            process.start()
            writer.close()
            workers.append(process)
            readers[reader] = rank
        return _collect(workers, readers, timeout_s)
    finally:
        for process in workers:
            if process.is_alive():
                process.kill()
            process.join(timeout=5)
        for reader in readers:
            reader.close()


def call_yours(function, *args, **kwargs):
    """function(*args, **kwargs), written by you (not the course's reference), with PARALLEL_SHORTCUTS refused."""
    _check_written_here(function, PARALLEL_LIBRARIES, what="its work")
    with forbidden(PARALLEL_SHORTCUTS, task="write"):
        return function(*args, **kwargs)


def _worker(writer, port: int, rank: int, world_size: int, timeout_s: float, fn, args) -> None:
    """One rank: join the process group, run fn, send back ("ok", result) or ("error", traceback)."""
    torch.set_num_threads(1)  # P workers share the machine's cores
    os.environ["GLOO_SOCKET_IFNAME"] = "lo"  # loopback only, whatever the host name resolves to
    try:
        store = dist.TCPStore(LOOPBACK, port, world_size, is_master=False, timeout=timedelta(seconds=timeout_s))
        dist.init_process_group("gloo", store=store, rank=rank, world_size=world_size,
                                timeout=timedelta(seconds=timeout_s))
        try:
            outcome = ("ok", fn(rank, world_size, *args))
        finally:
            dist.destroy_process_group()
    except BaseException:  # noqa: BLE001 — whatever it is, the parent reports it
        outcome = ("error", traceback.format_exc(limit=-4))
    # Plain pickle: torch's own reducers would pass tensors as shared-memory handles.
    try:
        message = pickle.dumps(outcome)
    except Exception:  # noqa: BLE001 — an unpicklable result is the student's error, reported as such
        unsent = f"fn returned a value that cannot be sent back: {traceback.format_exc(limit=-1)}"
        message = pickle.dumps(("error", unsent))
    writer.send_bytes(message)
    writer.close()


def _collect(workers, readers: dict, timeout_s: float) -> list:
    """Every rank's result, in rank order; a failure (after the others had a moment to report) or the deadline
    ends the run."""
    deadline = time.monotonic() + timeout_s
    results, errors = {}, {}
    pending = dict(readers)
    while pending:
        ready = wait(list(pending), timeout=max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        for reader in ready:
            rank = pending.pop(reader)
            try:
                status, value = pickle.loads(reader.recv_bytes())
            except EOFError:
                workers[rank].join(timeout=5)
                status, value = "error", f"exited (exit code {workers[rank].exitcode}) without returning"
            (results if status == "ok" else errors)[rank] = value
        if errors:  # the other ranks' errors say which one failed first
            deadline = min(deadline, time.monotonic() + ERROR_GRACE_S)
    if errors:
        raise RuntimeError(_error_message(errors, sorted(pending.values())))
    if pending:
        raise TimeoutError(
            f"rank(s) {sorted(pending.values())} of {len(workers)} did not finish within {timeout_s:g} s and were "
            f"stopped. {COLLECTIVES_MATCH}")
    return [results[rank] for rank in range(len(workers))]


def _error_message(errors: dict, unfinished: list) -> str:
    """What went wrong first: a rank's own error (with its traceback), or ranks left waiting in a collective."""
    own = [rank for rank in sorted(errors) if PEER_GONE not in errors[rank]]
    waiting = [rank for rank in sorted(errors) if rank not in own]
    lines = [f"rank {rank} raised {errors[rank].strip().splitlines()[-1]}" for rank in own]
    if waiting:
        lines.append(f"rank(s) {waiting} waited in a collective that another rank never called (it had returned or "
                     f"failed). {COLLECTIVES_MATCH}")
    if unfinished:
        lines.append(f"rank(s) {unfinished} were stopped")
    first = own[0] if own else waiting[0]
    return "\n".join(lines) + f"\n\nrank {first}'s traceback:\n{errors[first]}"
