#!/usr/bin/python3
"""An independent re-implementation of the shuffles in dev.myelin.data (Shuffle, BatchOrder),
written from the published algorithms, not from the Java code: java.util.SplittableRandom is
SplitMix64 (Steele, Lea & Flood, OOPSLA 2014) with gamma 0x9E3779B97F4A7C15, nextInt() is
mix32 of the next seed, nextInt(bound) is the rejection loop of
jdk.internal.util.random.RandomSupport.boundedNextInt, and the shuffle is Fisher-Yates from
the last position down. The Java tests pin the indices printed here.

Run: /usr/bin/python3 data/shuffle_reference.py
"""
MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


def to_signed32(x):
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x >= 1 << 31 else x


class SplittableRandom:
    def __init__(self, seed):
        self.seed = seed & MASK

    def next_seed(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK
        return self.seed

    def next_int(self):
        z = self.next_seed()
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK
        return to_signed32((((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK) >> 32)

    def next_int_bounded(self, bound):
        r = self.next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if to_signed32(u + m - r) >= 0:
                return r
            u = (self.next_int() & 0xFFFFFFFF) >> 1


def permutation(n, seed):
    rng = SplittableRandom(seed)
    out = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.next_int_bounded(i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def mix(x):
    z = (x + GOLDEN_GAMMA) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


if __name__ == "__main__":
    print("permutation(10, 42)", permutation(10, 42))
    print("permutation(10, 7)", permutation(10, 7))
    print("mix(0)", hex(mix(0)), "mix(1)", hex(mix(1)))
    print("epoch 0, seed 42", permutation(10, 42 ^ mix(0)))
    print("epoch 1, seed 42", permutation(10, 42 ^ mix(1)))
    print("permutation(1000, 2024)[:8]", permutation(1000, 2024)[:8])
