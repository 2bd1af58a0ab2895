// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>

namespace corescope {

/// The file in which the GIL library (core/record/gil) writes one recorded Python process's
/// GIL events, and from which the recorder reads them: a header, then fixed-size events in the
/// order they were claimed. The library maps the file shared, so the recorder can read it while
/// the program runs; a slot whose time is still 0 is being written.
namespace GilLogFormat {

inline constexpr char kMagic[8] = {'C', 'S', 'G', 'I', 'L', 'v', '1', '\0'};
inline constexpr const char *kDirectoryVariable = "CORESCOPE_GIL_LOG_DIR";
/// "first-wait": ignore the known layouts and search (for tests of the search).
inline constexpr const char *kSearchVariable = "CORESCOPE_GIL_SEARCH";
inline constexpr uint64_t kDefaultCapacity = 1u << 20; ///< events per process (16 MiB)

enum class EventKind : uint8_t {
    Found,       ///< the GIL was identified; events before this time are not known
    WaitBegin,   ///< the thread asked for the GIL and had to wait
    Acquired,    ///< the thread holds the GIL from now
    Released,    ///< it let the GIL go
    DropRequest, ///< a waiter's timeout ran out: it asked the holder to let go
};

/// How the library found the GIL, or why it did not.
enum class Discovery : uint8_t {
    NotPython,   ///< no _PyRuntime in the process: not a CPython interpreter
    Searching,   ///< CPython, but no thread has waited for the GIL yet
    KnownLayout, ///< from _PyRuntime and this version's known layout
    FirstWait,   ///< from the first wait on a condition variable inside _PyRuntime
};

/// Header::flags: the library knows where this version keeps its GIL (so a FirstWait
/// discovery was asked for by kSearchVariable, not forced by an unknown layout).
inline constexpr uint8_t kLayoutKnown = 1;

struct Event
{
    int64_t time; ///< CLOCK_MONOTONIC ns; 0 while the slot is being written
    int32_t tid;
    EventKind kind;
    uint8_t reserved[3];
};
static_assert(sizeof(Event) == 16);

struct Header
{
    char magic[8];
    uint32_t headerBytes;
    int32_t pid;
    uint64_t capacity;             ///< event slots after the header
    std::atomic<uint64_t> claimed; ///< slots claimed so far; beyond capacity they were dropped
    uint32_t pythonVersion;        ///< Py_Version (0x030b02f0 for 3.11.2), 0 when unknown
    Discovery discovery;
    uint8_t flags; ///< kLayoutKnown
    uint8_t reserved[2];
    int64_t startedNs; ///< when the process began writing this file
    char reserved2[64];
};
static_assert(std::atomic<uint64_t>::is_always_lock_free);
static_assert(sizeof(Header) % sizeof(Event) == 0);

} // namespace GilLogFormat
} // namespace corescope
