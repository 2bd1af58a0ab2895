// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace corescope {

/// One entry of `traceEvents` as read from the file, before it means anything: the fields
/// ChromeTraceImporter looks at, each with whether it was there and usable. Strings view the
/// parser's buffer and live only until the next event is read. (The reader clears a field it
/// set before the next event; a new field needs a line in its reset().)
struct ChromeTraceEvent
{
    /// A pid or tid: a number, or a string that the importer numbered.
    struct Id
    {
        int64_t value = 0;
        bool present = false;
        bool isString = false;
        std::string_view text; ///< for strings
    };
    /// An optional number from the event or its args.
    struct Number
    {
        int64_t value = 0;
        bool present = false;
    };
    /// One key of a `C` event's args: a counter's value, unless it is not a number.
    struct CounterValue
    {
        std::string_view key;
        double value = 0;
        bool number = false;
    };

    char phase = 0;
    std::string_view name;
    std::string_view category;
    Id pid;
    Id tid;
    int64_t ts = 0; ///< nanoseconds (the file has microseconds)
    int64_t dur = 0;
    bool hasTs = false;
    bool hasDur = false;
    bool timeOutOfRange = false; ///< a ts or dur no trace can have (beyond ±104 days)
    std::string_view flowId;     ///< the `id` token as written ("7", "\"0x1f\"")
    std::string_view localId;    ///< `id2.local`'s token (async events)
    std::string_view globalId;   ///< `id2.global`'s token
    std::string_view bindPoint;  ///< `bp`
    std::string_view scope;      ///< `s` of instants
    /// The first field that had the wrong type, for the warning ("ts", "dur", …).
    std::string_view badField;

    // args
    Number cpu;
    Number task;
    Number result; ///< unsigned, stored in the same 64 bits
    Number core;
    Number fromCore;
    Number otherPid;
    Number otherTid;
    Number argPid;
    Number argTid;
    Number sortIndex;
    Number object; ///< waits: index into the run's wait objects
    Number endedByPid;
    Number endedByTid;
    std::vector<CounterValue> counterValues; ///< `C` events: every key of args, in order
    bool continued = false;
    std::string_view argName; ///< args.name of M events
    // args.corescope of M events
    Number ourRun;
    Number ourThread;
    Number ourStatesOf;
    Number ourWaitsOf;
    Number ourCore;
    Number ourPid;
    Number ourTid;
    Number ourBegin;
    Number ourEnd;
    Number ourKernelCpu;
    std::string_view ourRole;
    bool ours = false;
};

} // namespace corescope
