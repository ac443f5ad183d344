// The live handles of one kind (cuBLAS handles, NVRTC programs) and the lock
// their library's entry points hold: a handle is live from its create call to
// its destroy call, so a stale or foreign pointer is answered with the
// library's "not a handle" error instead of being dereferenced.
#pragma once
#include <mutex>
#include <set>

namespace myelin_sim {

template <class T>
class LiveSet {
public:
    std::mutex& lock() { return lock_; }
    void add(T* p) { live_.insert(p); }
    // Whether `p` was live (and is not any more).
    bool remove(T* p) { return live_.erase(p) != 0; }
    bool contains(T* p) const { return p != nullptr && live_.count(p) != 0; }

private:
    std::mutex lock_;
    std::set<T*> live_;
};

}  // namespace myelin_sim
