// Empty on purpose: nvcc includes this implicitly, so a .cu may name it; for
// g++ everything it would provide comes from cuda_emu.h (forced with -include).
#pragma once
