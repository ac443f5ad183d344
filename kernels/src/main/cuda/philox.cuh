// Philox4x32-10 and the dropout stream, bit for bit as
// dev.myelin.random.Philox4x32 and dev.myelin.random.DropoutStream:
//   key     (k0, k1) = low and high 32 bits of seed
//   counter (element >> 2, layer, low 32 bits of step, high 32 bits of step)
//   element e uses output word (e & 3) of that block
//   u = (word >> 8) * 2^-24, a unit is kept when u >= p.
#pragma once

struct myelin_philox_out {
    unsigned int w[4];
};

__device__ __forceinline__ myelin_philox_out myelin_philox4x32_10(unsigned int c0, unsigned int c1, unsigned int c2,
                                                                   unsigned int c3, unsigned int k0, unsigned int k1) {
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        unsigned long long p0 = (unsigned long long)0xD2511F53u * c0;
        unsigned long long p1 = (unsigned long long)0xCD9E8D57u * c2;
        unsigned int n0 = (unsigned int)(p1 >> 32) ^ c1 ^ k0;
        unsigned int n1 = (unsigned int)p1;
        unsigned int n2 = (unsigned int)(p0 >> 32) ^ c3 ^ k1;
        unsigned int n3 = (unsigned int)p0;
        c0 = n0;
        c1 = n1;
        c2 = n2;
        c3 = n3;
    }
    myelin_philox_out out;
    out.w[0] = c0;
    out.w[1] = c1;
    out.w[2] = c2;
    out.w[3] = c3;
    return out;
}

// The four output words serving elements 4·block .. 4·block+3 of (seed, step, layer).
__device__ __forceinline__ myelin_philox_out myelin_dropout_block(unsigned long long seed, unsigned long long step, int layer,
                                                                   unsigned long long block) {
    return myelin_philox4x32_10((unsigned int)block, (unsigned int)layer, (unsigned int)step, (unsigned int)(step >> 32),
                                (unsigned int)seed, (unsigned int)(seed >> 32));
}
