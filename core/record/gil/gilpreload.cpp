// SPDX-License-Identifier: MIT
// libcorescope-gil.so: loaded into a recorded CPython with LD_PRELOAD, it sees the interpreter
// take and drop its GIL by wrapping the pthread calls the GIL is made of, and writes each event
// with the time and the thread into a file the recorder reads (gillogformat.h).
//
// CPython (3.8 to 3.11, and the main interpreter's GIL since 3.12) keeps the GIL as a mutex and
// a condition variable inside the exported _PyRuntime. take_gil() locks the mutex, waits on the
// condition variable with a timeout while another thread holds the GIL, and unlocks the mutex
// holding it; drop_gil() locks the mutex, signals the condition variable and unlocks. So, for
// one thread, a section between locking and unlocking the GIL's mutex that signals its
// condition variable is a drop; any other such section is a take.
//
// Every pthread_mutex_lock of the process passes through here: the cost of a call that is not
// the GIL's is one comparison (the arguments are never null, so a GIL not yet found, null,
// matches nothing).
#include "record/gillogformat.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace corescope;
namespace Format = corescope::GilLogFormat;

namespace {

using MutexCall = int (*)(pthread_mutex_t *);
using CondSignalCall = int (*)(pthread_cond_t *);
using CondTimedWaitCall = int (*)(pthread_cond_t *, pthread_mutex_t *, const timespec *);

struct RealCalls
{
    MutexCall lock = nullptr;
    MutexCall unlock = nullptr;
    CondSignalCall signal = nullptr;
    CondTimedWaitCall timedWait = nullptr;
};
RealCalls g_real;

std::atomic<pthread_mutex_t *> g_gilMutex{nullptr};
std::atomic<pthread_cond_t *> g_gilCond{nullptr};
uintptr_t g_runtimeBegin = 0;
uintptr_t g_runtimeEnd = 0;

Format::Header *g_log = nullptr;
Format::Event *g_events = nullptr;

/// What one thread is doing with the GIL's mutex. Initial-exec TLS: no allocation, no lock.
struct ThreadState
{
    int32_t tid = 0;
    bool inSection = false;
    bool signalled = false;
    bool waited = false;
    int64_t signalTime = 0;
};
__attribute__((tls_model("initial-exec"))) thread_local ThreadState t_state;

int64_t now()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int32_t currentTid()
{
    if (t_state.tid == 0)
        t_state.tid = int32_t(syscall(SYS_gettid));
    return t_state.tid;
}

void emit(Format::EventKind kind, int64_t time)
{
    Format::Header *log = g_log;
    if (!log)
        return;
    const uint64_t slot = log->claimed.fetch_add(1, std::memory_order_relaxed);
    if (slot >= log->capacity)
        return; // counted as dropped by claimed > capacity
    Format::Event &event = g_events[slot];
    event.tid = currentTid();
    event.kind = kind;
    __atomic_store_n(&event.time, time > 0 ? time : 1, __ATOMIC_RELEASE);
}

template <typename Call>
Call realCall(const char *name)
{
    return reinterpret_cast<Call>(dlsym(RTLD_NEXT, name));
}

void resolveRealCalls()
{
    if (!g_real.lock)
        g_real.lock = realCall<MutexCall>("pthread_mutex_lock");
    if (!g_real.unlock)
        g_real.unlock = realCall<MutexCall>("pthread_mutex_unlock");
    if (!g_real.signal)
        g_real.signal = realCall<CondSignalCall>("pthread_cond_signal");
    if (!g_real.timedWait)
        g_real.timedWait = realCall<CondTimedWaitCall>("pthread_cond_timedwait");
}

/// Opens this process's log file in the recorder's folder; without the folder, logs nothing.
void openLog(uint32_t pythonVersion, Format::Discovery discovery, uint8_t flags)
{
    const char *folder = getenv(Format::kDirectoryVariable);
    if (!folder || !*folder)
        return;
    const int64_t started = now();
    char path[4096];
    if (std::snprintf(path, sizeof path, "%s/gil-%d-%lld.log", folder, int(getpid()),
                      static_cast<long long>(started))
        >= int(sizeof path))
        return;
    const int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    const uint64_t capacity = Format::kDefaultCapacity;
    const size_t bytes = sizeof(Format::Header) + capacity * sizeof(Format::Event);
    void *mapping = MAP_FAILED;
    if (ftruncate(fd, off_t(bytes)) == 0)
        mapping = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (mapping == MAP_FAILED)
        return;
    auto *header = static_cast<Format::Header *>(mapping);
    header->headerBytes = sizeof(Format::Header);
    header->pid = int32_t(getpid());
    header->capacity = capacity;
    header->pythonVersion = pythonVersion;
    header->discovery = discovery;
    header->flags = flags;
    header->startedNs = started;
    std::memcpy(header->magic, Format::kMagic, sizeof header->magic);
    g_events = reinterpret_cast<Format::Event *>(header + 1);
    g_log = header;
}

/// CPython versions whose GIL sits at a known offset in _PyRuntime (offsetof(_PyRuntimeState,
/// ceval.gil)), with the condition variable and the mutex at known offsets inside it. Only
/// layouts verified on a real interpreter are listed; any other version is found by its first
/// timed wait. 3.11 (x86_64 release builds): gil at 360, cond at 32 and mutex at 80 inside it,
/// as offsetof gives them when compiled against Debian 12's python3.11 (3.11.2) headers with
/// Py_BUILD_CORE (internal/pycore_runtime.h, pycore_gil.h), and the same for a 3.11.7 build;
/// tests/core/tst_pythongil checks it on Debian's interpreter against the search, which finds
/// the same condition variable and mutex by their first timed wait.
struct KnownLayout
{
    uint32_t major;
    uint32_t minor;
    size_t gil;
};
constexpr KnownLayout kKnownLayouts[] = {{3, 11, 360}};
constexpr size_t kCondInGil = 32;
constexpr size_t kMutexInGil = kCondInGil + sizeof(pthread_cond_t);

const KnownLayout *knownLayoutOf(uint32_t version)
{
    for (const KnownLayout &layout : kKnownLayouts) {
        if ((version >> 24) == layout.major && ((version >> 16) & 0xff) == layout.minor)
            return &layout;
    }
    return nullptr;
}

/// The interpreter's version as Py_Version encodes it (0x030b02f0 for 3.11.2 final): the
/// exported Py_Version where there is one (3.11+), else parsed from Py_GetVersion() ("3.10.13
/// (main, …) [GCC …]"), which formats static strings into a static buffer, so it may be called
/// before the interpreter is initialised. 0: neither says.
uint32_t pythonVersion()
{
    if (const auto *version = static_cast<const unsigned long *>(dlsym(RTLD_DEFAULT, "Py_Version")))
        return uint32_t(*version);
    using GetVersion = const char *(*)();
    const auto get = reinterpret_cast<GetVersion>(dlsym(RTLD_DEFAULT, "Py_GetVersion"));
    const char *text = get ? get() : nullptr;
    unsigned major = 0;
    unsigned minor = 0;
    unsigned micro = 0;
    if (!text || std::sscanf(text, "%u.%u.%u", &major, &minor, &micro) < 2 || major > 255
        || minor > 255 || micro > 255)
        return 0;
    return (major << 24) | (minor << 16) | (micro << 8);
}

void setGil(pthread_cond_t *cond, pthread_mutex_t *mutex, Format::Discovery how)
{
    g_gilMutex.store(mutex, std::memory_order_release);
    g_gilCond.store(cond, std::memory_order_release);
    if (g_log)
        g_log->discovery = how;
    emit(Format::EventKind::Found, now());
}

__attribute__((constructor)) void start()
{
    resolveRealCalls();
    void *runtime = dlsym(RTLD_DEFAULT, "_PyRuntime");
    if (!runtime) {
        openLog(0, Format::Discovery::NotPython, 0);
        return;
    }
    void *entry = nullptr;
    Dl_info info;
    if (dladdr1(runtime, &info, &entry, RTLD_DL_SYMENT) && entry) {
        const auto *symbol = static_cast<const ElfW(Sym) *>(entry);
        g_runtimeBegin = reinterpret_cast<uintptr_t>(runtime);
        g_runtimeEnd = g_runtimeBegin + symbol->st_size;
    }
    const uint32_t version = pythonVersion();
    const KnownLayout *layout = knownLayoutOf(version);
    openLog(version, Format::Discovery::Searching, layout ? Format::kLayoutKnown : 0);
    // Tests set this to check that the search finds what the known layout says.
    const char *search = getenv(Format::kSearchVariable);
    if (search && std::strcmp(search, "first-wait") == 0)
        return;
    if (layout
        && g_runtimeBegin + layout->gil + kMutexInGil + sizeof(pthread_mutex_t) <= g_runtimeEnd) {
        auto *gil = reinterpret_cast<char *>(g_runtimeBegin + layout->gil);
        setGil(reinterpret_cast<pthread_cond_t *>(gil + kCondInGil),
               reinterpret_cast<pthread_mutex_t *>(gil + kMutexInGil),
               Format::Discovery::KnownLayout);
    }
}

/// A forked child writes a log of its own; the thread that forked is its only thread and still
/// holds (or does not hold) the GIL as it did in the parent.
void afterForkInChild()
{
    t_state.tid = 0;
    const bool searching = !g_gilMutex.load(std::memory_order_relaxed);
    const uint32_t version = g_log ? g_log->pythonVersion : 0;
    const Format::Discovery discovery = g_log ? g_log->discovery : Format::Discovery::NotPython;
    const uint8_t flags = g_log ? g_log->flags : 0;
    g_log = nullptr;
    g_events = nullptr;
    if (discovery == Format::Discovery::NotPython)
        return;
    openLog(version, discovery, flags);
    if (!searching)
        emit(Format::EventKind::Found, now());
}

__attribute__((constructor)) void registerFork()
{
    pthread_atfork(nullptr, nullptr, afterForkInChild);
}

} // namespace

// Visible, so that they interpose on libc's for the whole process.
#define CORESCOPE_INTERPOSE extern "C" __attribute__((visibility("default")))

CORESCOPE_INTERPOSE int pthread_mutex_lock(pthread_mutex_t *mutex)
{
    if (!g_real.lock)
        resolveRealCalls();
    const int result = g_real.lock(mutex);
    if (mutex == g_gilMutex.load(std::memory_order_relaxed)) {
        t_state.inSection = true;
        t_state.signalled = false;
        t_state.waited = false;
    }
    return result;
}

CORESCOPE_INTERPOSE int pthread_mutex_unlock(pthread_mutex_t *mutex)
{
    if (!g_real.unlock)
        resolveRealCalls();
    if (mutex == g_gilMutex.load(std::memory_order_relaxed) && t_state.inSection) {
        t_state.inSection = false;
        if (t_state.signalled)
            emit(Format::EventKind::Released, t_state.signalTime);
        else
            emit(Format::EventKind::Acquired, now());
    }
    return g_real.unlock(mutex);
}

CORESCOPE_INTERPOSE int pthread_cond_signal(pthread_cond_t *cond)
{
    if (!g_real.signal)
        resolveRealCalls();
    if (cond == g_gilCond.load(std::memory_order_relaxed) && t_state.inSection) {
        t_state.signalled = true;
        t_state.signalTime = now();
    }
    return g_real.signal(cond);
}

CORESCOPE_INTERPOSE int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex,
                                               const timespec *until)
{
    if (!g_real.timedWait)
        resolveRealCalls();
    pthread_cond_t *gilCond = g_gilCond.load(std::memory_order_relaxed);
    if (!gilCond && g_runtimeBegin) {
        // No known layout: the GIL is the first condition variable inside _PyRuntime that is
        // waited on with a timeout together with the mutex right after it.
        const auto c = reinterpret_cast<uintptr_t>(cond);
        if (c >= g_runtimeBegin
            && c + sizeof(pthread_cond_t) + sizeof(pthread_mutex_t) <= g_runtimeEnd
            && reinterpret_cast<uintptr_t>(mutex) == c + sizeof(pthread_cond_t)) {
            setGil(cond, mutex, Format::Discovery::FirstWait);
            gilCond = cond;
            // This thread locked the mutex before we knew it was the GIL's.
            t_state.inSection = true;
            t_state.signalled = false;
            t_state.waited = false;
        }
    }
    if (cond != gilCond)
        return g_real.timedWait(cond, mutex, until);
    if (!t_state.waited) {
        t_state.waited = true;
        // Read here, not when the mutex was locked: a clock read per GIL take saved, and the
        // mutex is held only for moments.
        emit(Format::EventKind::WaitBegin, now());
    }
    const int result = g_real.timedWait(cond, mutex, until);
    if (result == ETIMEDOUT)
        emit(Format::EventKind::DropRequest, now());
    return result;
}
