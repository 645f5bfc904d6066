"""float32 F.linear (addmm) and mm in torch, one thread, for test/float32-bits.test.ts. Reads
JSON [seed, [[rows, K, H], ...]] on stdin; for each shape writes x, W, b (normal values times a random
power of 2, torch.manual_seed(seed)), linear(x, W, b) and mm(x, W.t()) as float32 bytes to stdout.
"""
import sys, json, torch
seed, shapes = json.loads(sys.stdin.read())
torch.manual_seed(seed)
torch.set_num_threads(1)
out = bytearray()
for m, k, h in shapes:
    s = 2.0 ** torch.randint(-8, 9, (3,))
    x = torch.randn(m, k) * s[0]; w = torch.randn(h, k) * s[1]; b = torch.randn(h) * s[2]
    for t in (x, w, b, torch.nn.functional.linear(x, w, b), torch.mm(x, w.t())):
        out += t.contiguous().numpy().tobytes()
sys.stdout.buffer.write(out)
