"""The torch side of `npm run bench` (test/perf.bench.ts): eager nn.RNN timings, and the torch-only
loop of issue 3 (construct, load_state_dict, forward) over the exact cases `check` runs.

usage: bench_torch.py THREADS forward   < grid.json      -> JSON list of {name, median_s, reps}
       bench_torch.py THREADS serve     (info line, then one JSON row in -> one timing line out)
       bench_torch.py THREADS loop FRAME  (a sidecar 'run' frame file) -> JSON {cases, seconds: [...]}
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


def main():
    threads, mode = int(sys.argv[1]), sys.argv[2]
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    sidecar.set_modules(torch, numpy)  # the decode helpers' torch and numpy
    if mode == "serve":
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "cpu_capability": torch.backends.cpu.get_cpu_capability()}), flush=True)
        forward_rows(sys.stdin)
        return
    if mode == "forward":
        result = forward_grid(json.load(sys.stdin))
    elif mode == "loop":
        result = torch_loop(sys.argv[3])
    else:
        raise SystemExit("unknown mode %r" % mode)
    info = {"torch": torch.__version__, "threads": torch.get_num_threads(), "cpu_capability": torch.backends.cpu.get_cpu_capability()}
    json.dump({"info": info, "result": result}, sys.stdout)


if __name__ == "__main__":
    main()
