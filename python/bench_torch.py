"""The torch side of `npm run bench` (test/perf.bench.ts): eager nn.RNN timings, and the torch-only
loop of issue 3 (construct, load_state_dict, forward) over the exact cases `check` runs.

usage: bench_torch.py THREADS forward   < grid.json      -> JSON list of {name, median_s, reps}
       bench_torch.py THREADS serve     (info line, then one JSON row in -> one timing line out)
       bench_torch.py THREADS loop FRAME [REPEATS]  (a sidecar 'run' frame file; default 5 timed repeats after
                                                     one warm-up) -> JSON {cases, seconds: [...], cpu_seconds: [...]}
       bench_torch.py THREADS backward-serve  (info line, then one grid row in -> forward, tape,
                      backward, both: each {wallS, cpuS}, medians per call; see backward_row)
Timings are medians of repeats; each repeat runs enough calls to last >= 20 ms. Eval, no_grad,
torch.set_num_threads(THREADS), one interop thread (what the sidecar does).
"""
import json
import os
import statistics
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy  # noqa: E402
import torch  # noqa: E402

from frames import read_frame  # noqa: E402
from sidecar import decode_config  # noqa: E402
import sidecar  # noqa: E402


def median_call(fn, repeats=7, min_s=0.02):
    w, calls = time.perf_counter(), 0
    while calls == 0 or time.perf_counter() - w < 0.25:  # warm up (allocator, dispatch caches), as the engine side does
        fn()
        calls += 1
    reps = 1
    per_call = (time.perf_counter() - w) / calls
    while per_call < min_s:  # a call that already lasts min_s needs no calibration
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        dt = time.perf_counter() - t
        if dt >= min_s or reps >= 1 << 20:
            break
        reps *= 2
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        times.append((time.perf_counter() - t) / reps)
    return statistics.median(times), reps


def forward_rows(lines):
    """serve mode: one grid row per input line, its timing as one output line, so the caller can
    alternate torch and engine rows (a slowly changing machine load then skews both alike)."""
    for line in lines:
        if line.strip():
            print(json.dumps(forward_grid([json.loads(line)])[0]), flush=True)


def forward_grid(grid):
    out = []
    for row in grid:
        dtype = getattr(torch, row["dtype"])
        torch.manual_seed(0)
        rnn = torch.nn.RNN(row["input_size"], row["hidden_size"], dtype=dtype).eval()
        # One op = one forward per listed sequence length (tiny runs T = 1..6).
        xs = [torch.randn(T, row["batch"], row["input_size"], dtype=dtype) for T in row["lengths"]]

        def op():
            with torch.no_grad():
                for x in xs:
                    rnn(x)

        med, reps = median_call(op, repeats=row.get("repeats", 7))
        out.append({"name": row["name"], "median_s": med, "reps": reps})
    return out


def torch_loop(path, repeats=5):
    with open(path, "rb") as f:
        header, blob = read_frame(f)
    # Decode everything first: the loop times torch's own work only.
    cases = []
    for c in header["cases"]:
        sd = {k: sidecar.decode_tensor(d, blob) for k, d in c["state_dict"].items()} if c.get("state_dict") else None
        args = [sidecar.decode_tensor(c["input"], blob)]
        if c.get("hx") is not None:
            args.append(sidecar.decode_tensor(c["hx"], blob))
        cases.append((decode_config(c["config"]), sd, args, c.get("seed"), bool(c.get("train", False))))

    warnings.simplefilter("ignore")  # the loop neither records nor prints torch's warnings

    def loop():
        for kwargs, sd, args, seed, train in cases:
            try:
                if seed is not None:
                    torch.manual_seed(seed)
                rnn = torch.nn.RNN(**kwargs)
                if sd is not None:
                    rnn.load_state_dict(sd)
                rnn.train(train)
                with torch.no_grad():
                    rnn(*args)
            except Exception:  # noqa: BLE001 -- a refusal is part of the work
                pass

    loop()  # warm up
    seconds, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        loop()
        seconds.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return {"cases": len(cases), "seconds": seconds, "cpu_seconds": cpu}


def interleaved_wall_cpu(fns, repeats=9, min_s=0.02):
    """median_call with this process's CPU time (time.process_time), for several functions at once:
    their repeats alternate (backward.ts's interleavedWallCpu), so a changing load skews each alike."""
    reps = {}
    for k, fn in fns.items():
        w = time.perf_counter()
        while True:  # warm up
            fn()
            if time.perf_counter() - w >= 0.1:
                break
        n = 1
        while True:
            t = time.perf_counter()
            for _ in range(n):
                fn()
            if time.perf_counter() - t >= min_s or n >= 1 << 20:
                break
            n *= 2
        reps[k] = n
    wall, cpu = {k: [] for k in fns}, {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            t, c = time.perf_counter(), time.process_time()
            for _ in range(reps[k]):
                fn()
            cpu[k].append((time.process_time() - c) / reps[k])
            wall[k].append((time.perf_counter() - t) / reps[k])
    return {k: {"wallS": statistics.median(wall[k]), "cpuS": statistics.median(cpu[k])} for k in fns}


def backward_row(row):
    """One grid row (first length only): forward under no_grad; the forward autograd records (input
    requiring grad, as the engine always computes its gradient); torch.autograd.backward alone (the
    same graph again, retain_graph=True, .grad set to None first as zero_grad does); and both."""
    dtype = getattr(torch, row["dtype"])
    torch.manual_seed(0)
    rnn = torch.nn.RNN(row["input_size"], row["hidden_size"], dtype=dtype).eval()
    T, N, H = row["lengths"][0], row["batch"], row["hidden_size"]
    x = torch.randn(T, N, row["input_size"], dtype=dtype).requires_grad_(True)
    g_out, g_hn = torch.randn(T, N, H, dtype=dtype), torch.randn(1, N, H, dtype=dtype)

    def forward():
        with torch.no_grad():
            rnn(x)

    def zero():
        rnn.zero_grad(set_to_none=True)
        x.grad = None

    out, hn = rnn(x)

    def backward():
        zero()
        torch.autograd.backward([out, hn], [g_out, g_hn], retain_graph=True)

    def both():
        zero()
        o, h = rnn(x)
        torch.autograd.backward([o, h], [g_out, g_hn])

    return interleaved_wall_cpu({"forward": forward, "tape": lambda: rnn(x), "backward": backward, "both": both})


def main():
    threads, mode = int(sys.argv[1]), sys.argv[2]
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    sidecar.set_modules(torch, numpy)  # the decode helpers' torch and numpy
    if mode == "serve":
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "cpu_capability": torch.backends.cpu.get_cpu_capability()}), flush=True)
        forward_rows(sys.stdin)
        return
    if mode == "backward-serve":
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "cpu_capability": torch.backends.cpu.get_cpu_capability()}), flush=True)
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(backward_row(json.loads(line))), flush=True)
        return
    if mode == "forward":
        result = forward_grid(json.load(sys.stdin))
    elif mode == "loop":
        result = torch_loop(sys.argv[3], *(int(a) for a in sys.argv[4:5]))
    else:
        raise SystemExit("unknown mode %r" % mode)
    info = {"torch": torch.__version__, "threads": torch.get_num_threads(), "cpu_capability": torch.backends.cpu.get_cpu_capability()}
    json.dump({"info": info, "result": result}, sys.stdout)


if __name__ == "__main__":
    main()
