// Counters the tests assert on ("no allocation after warm-up", "one H2D copy
// per step", "nothing leaked"), kept in a file the Java side maps
// (MYELIN_SIM_COUNTERS). The file names every counter, so the Java reader
// finds them by name and the two sides cannot drift apart.
//
// Layout (little-endian):
//   0   char[8]  magic "MYSIMCT1"
//   8   u32      layout version (1)
//   12  u32      number of counters N
//   16  i64      control: simulated driver version override (0 = use env)
//   24  i64      control: fault injection, N > 0 makes the N-th launch from now fail (0 = none)
//   32  i64      control: schedule override (0 = MYELIN_SIM_SCHEDULE, 1 forward, 2 reverse, 3 random, 4 check)
//   40  i64      control: seed of the random and check schedules
//   48  i64      control: simulated compute capability override, e.g. 86 (0 = use env, else 7.5)
//   64  char[128] last unsupported function called
//   192 char[832] last error reported, with its reason
//   1024 N x { char name[56]; i64 value; }
#pragma once
#include <cstdint>

#define MYELIN_SIM_COUNTER_LIST(X) \
    X(allocations) X(frees) X(live_bytes) X(peak_bytes) X(allocated_bytes_total) \
    X(copies_h2d) X(bytes_h2d) X(copies_d2h) X(bytes_d2h) X(copies_d2d) X(bytes_d2d) \
    X(memsets) X(bytes_memset) X(module_loads) X(ptx_rejected) X(launches) X(blocks) X(threads) \
    X(synchronizations) X(cublas_calls) X(cublas_flops) X(unsupported_calls) X(errors)

namespace myelin_sim {

enum Counter {
#define MYELIN_SIM_ENUM(name) C_##name,
    MYELIN_SIM_COUNTER_LIST(MYELIN_SIM_ENUM)
#undef MYELIN_SIM_ENUM
    COUNTER_COUNT
};

}  // namespace myelin_sim

extern "C" {
// Exported so that libcublas.so.12 counts into the same file.
void myelin_sim_count(int counter, int64_t delta);
void myelin_sim_note_unsupported(const char* function);
void myelin_sim_note_error(const char* message);
int64_t myelin_sim_counter_value(int counter);
// The driver-version override a test may write into the mapped file.
int64_t myelin_sim_driver_version_override(void);
// The schedule override a test may write (0 = none) and, through `seed`, its seed.
int64_t myelin_sim_schedule_override(int64_t* seed);
// The compute-capability override a test may write into the mapped file (0 = none).
int64_t myelin_sim_compute_capability_override(void);
// Counts one launch against the injected fault; true when this launch is the one to fail.
bool myelin_sim_take_launch_fault(void);
}
