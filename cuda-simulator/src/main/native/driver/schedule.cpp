#include "schedule.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "counters.h"

namespace myelin_sim {

namespace {

// Parses "forward", "reverse", "random[:S]" or "check[:S]"; anything else is
// reported once and read as forward.
ScheduleSetting parse(const char* text) {
    ScheduleSetting s;
    if (text == nullptr || *text == '\0') return s;
    std::string value = text;
    std::string name = value.substr(0, value.find(':'));
    if (value.find(':') != std::string::npos) s.seed = std::strtoull(value.c_str() + name.size() + 1, nullptr, 10);
    if (name == "forward") {
        s.order = Order::Forward;
    } else if (name == "reverse") {
        s.order = Order::Reverse;
    } else if (name == "random") {
        s.order = Order::Random;
    } else if (name == "check") {
        s.check = true;
    } else {
        std::fprintf(stderr, "myelin-sim: MYELIN_SIM_SCHEDULE=%s is not forward, reverse, random[:seed] or check[:seed]; "
                             "using forward\n", text);
    }
    return s;
}

}  // namespace

ScheduleSetting currentScheduleSetting() {
    int64_t seed = 0;
    int64_t mode = myelin_sim_schedule_override(&seed);
    if (mode == 0) {
        static const ScheduleSetting fromEnv = parse(std::getenv("MYELIN_SIM_SCHEDULE"));
        return fromEnv;
    }
    ScheduleSetting s;
    s.seed = uint64_t(seed);
    s.order = mode == 2 ? Order::Reverse : mode == 3 ? Order::Random : Order::Forward;
    s.check = mode == 4;
    return s;
}

std::string describe(const Schedule& s) {
    switch (s.order) {
        case Order::Forward: return "forward";
        case Order::Reverse: return "reverse";
        default: return "random:" + std::to_string(s.seed);
    }
}

}  // namespace myelin_sim
