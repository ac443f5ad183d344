// Builds the registration table of a kernel library: for each kernel, the
// byte size of each parameter (deduced from its C++ signature, so a stale PTX
// is caught by comparing sizes) and a launcher that unpacks kernelParams.
// Used only by the generated <name>.sim.cpp files (see gen-registration.sh).
#pragma once
#include <utility>
#include "myelin_sim_abi.h"

// Bounds of the section every static __shared__ variable lives in (see
// cuda_emu.h); weak, so a library without shared memory links too.
extern "C" unsigned char __start_myelin_sim_shared[] __attribute__((weak, visibility("hidden")));
extern "C" unsigned char __stop_myelin_sim_shared[] __attribute__((weak, visibility("hidden")));

namespace myelin_sim_detail {
template <typename... A> struct Invoker {
    template <std::size_t... I>
    static void call(void (*f)(A...), void** params, std::index_sequence<I...>) {
        f(*static_cast<A*>(params[I])...);
    }
    static void invoke(void* function, void** params) {
        call(reinterpret_cast<void (*)(A...)>(function), params, std::index_sequence_for<A...>{});
    }
    static constexpr unsigned int sizes[sizeof...(A) + 1] = {static_cast<unsigned int>(sizeof(A))..., 0u};
};

template <typename... A> MyelinSimKernel describe(const char* name, unsigned sharedBytes, void (*f)(A...)) {
    return MyelinSimKernel{name, int(sizeof...(A)), Invoker<A...>::sizes,
                           reinterpret_cast<void*>(f), &Invoker<A...>::invoke, sharedBytes,
                           __start_myelin_sim_shared, __stop_myelin_sim_shared};
}
}  // namespace myelin_sim_detail

#define MYELIN_SIM_SOURCE(file) \
    extern "C" __attribute__((visibility("default"))) const char* myelin_sim_source() { return file; }
#define MYELIN_SIM_KERNELS_BEGIN                                                         \
    extern "C" __attribute__((visibility("default"))) const MyelinSimKernel* myelin_sim_kernels(int* count) { \
        static const MyelinSimKernel table[] = {
#define MYELIN_SIM_KERNEL(entry, sharedBytes, function) myelin_sim_detail::describe(entry, sharedBytes, function),
#define MYELIN_SIM_KERNELS_END                              \
        };                                                  \
        *count = int(sizeof(table) / sizeof(table[0]));     \
        return table;                                       \
    }
