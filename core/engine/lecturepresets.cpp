// SPDX-License-Identifier: MIT
#include "engine/lecturepresets.h"

namespace corescope {
namespace {

RunSpec run(const char *workload, const char *model, std::optional<int> workers,
            std::optional<int> tasks, std::map<std::string, std::string> params = {})
{
    RunSpec spec;
    spec.workload = workload;
    spec.model = model;
    spec.workers = workers;
    spec.tasks = tasks;
    spec.params = std::move(params);
    return spec;
}

std::vector<LecturePreset> makePresets()
{
    std::vector<LecturePreset> presets;

    presets.push_back(LecturePreset{
        "factorize",
        "Factorize five numbers: serial, threads, GIL threads, processes",
        "Finding every divisor of 2139079, 1214759, 1516637, 1852285 and 2139079 by trying each "
        "candidate is pure computation: the processor is the limit. The same five tasks run "
        "one after another, on five threads, on five threads that share one interpreter lock "
        "(as in CPython), and in five processes.",
        "Which of the four finishes first, and by how much? Are GIL threads faster than serial?",
        "Threads and processes keep every core busy and finish about as many times sooner as "
        "there are cores. GIL threads hop from core to core but never run at the same moment: "
        "they take as long as serial, often longer, because of the hand-offs. Processes pay a "
        "start-up span before they compute.",
        {run("factorize", "serial", std::nullopt, std::nullopt),
         run("factorize", "threads", std::nullopt, std::nullopt),
         run("factorize", "gil", std::nullopt, std::nullopt),
         run("factorize", "processes", std::nullopt, std::nullopt)},
        std::nullopt});

    presets.push_back(LecturePreset{
        "slow-calls",
        "Five slow system calls: serial, threads, GIL threads",
        "Each task waits 100 ms in a blocking system call (select with a timeout), the way a "
        "program waits for a disk, a network or a timer. Waiting needs no processor.",
        "Five waits of 100 ms: how long serially? On five threads? On five GIL threads?",
        "Serially the waits add up to half a second. On threads they overlap and the whole "
        "takes about 100 ms — even under the GIL, because a thread lets go of the lock while it "
        "waits. The cores stay idle throughout: this is concurrency without parallelism.",
        {run("sleep", "serial", std::nullopt, 5, {{"ms", "100"}}),
         run("sleep", "threads", std::nullopt, 5, {{"ms", "100"}}),
         run("sleep", "gil", std::nullopt, 5, {{"ms", "100"}})},
        std::nullopt});

    presets.push_back(LecturePreset{
        "slow-calls-computing",
        "Slow system calls while the main thread computes: threads, GIL threads",
        "The same five waits of 100 ms on five threads, but now the main thread, once it has "
        "started them, computes for 100 ms of CPU time, as in the course's example.",
        "Does the main thread's computing delay the waits on threads? And on GIL threads?",
        "On native threads the waits and the computing overlap: about 100 ms in all. Under the "
        "GIL the computing main thread holds the lock, and a waiting thread needs it to start "
        "its wait (red on its lane); the main thread lets go only when asked, once a switch "
        "interval (5 ms) has passed. The waits start late and staggered, and the run ends "
        "later: I/O-bound threads queue behind a CPU-bound one.",
        {run("sleep", "threads", std::nullopt, 5, {{"ms", "100"}, {"main_cpu_ms", "100"}}),
         run("sleep", "gil", std::nullopt, 5, {{"ms", "100"}, {"main_cpu_ms", "100"}})},
        std::nullopt});

    presets.push_back(LecturePreset{
        "orders-and-chai",
        "Take orders and brew chai: on two threads, then in three processes",
        "One worker takes three orders (each a 200 ms wait), the other brews three cups of "
        "chai (each a 300 ms wait): the course's example, ten times faster. Both only wait. "
        "Then three processes brew a cup each (a 300 ms wait).",
        "Two activities of 0.6 s and 0.9 s: how long do they take together on two threads? "
        "And three brews of 0.3 s in three processes?",
        "Their waits interleave on the thread lanes and the whole takes about 0.9 s, the "
        "longer of the two, not 1.5 s, the sum — the serial run next to it takes the sum. The "
        "three processes start together and end together, about 0.3 s after their start-up, "
        "which shows as a span of its own.",
        {run("sleep", "serial", 1, 2, {{"ms", "200,300"}, {"waits", "3"}}),
         run("sleep", "threads", 2, 2, {{"ms", "200,300"}, {"waits", "3"}}),
         run("sleep", "processes", 3, 3, {{"ms", "300"}})},
        std::nullopt});

    presets.push_back(LecturePreset{
        "counting",
        "Counting: two GIL threads against three processes",
        "Each worker counts to a large number one step at a time. Two threads share one "
        "interpreter lock; three processes each have their own.",
        "Which finishes sooner: two GIL threads or three processes, each doing a full count?",
        "The GIL threads count one at a time, so their two counts take twice one count. The "
        "processes run in parallel on the cores there are: three counts take about 3 / cores "
        "times one count, plus their start-up.",
        {run("count", "gil", 2, 2), run("count", "processes", 3, 3)},
        std::nullopt});

    presets.push_back(LecturePreset{
        "shared-counter",
        "A shared counter: threads without and with a lock, GIL threads",
        "Four tasks each add one to the same counter 100 million times, the course's "
        "unprotected counter: serially; on four threads with no lock; on four threads that "
        "take the counter's lock for every 10,000 additions; and on four GIL threads with no "
        "lock.",
        "Do all 400 million additions arrive in every run? Which run is fastest?",
        "Without a lock, two threads on two cores read the counter at the same moment and "
        "both write back their own sum: the summary counts the additions lost, and the run is "
        "slower than serial, as the cores fight over the counter. With the lock every addition "
        "counts; the thread lanes show waits for the lock and arrows where it passes from "
        "thread to thread, and it is still no faster than serial: one thread adds at a time. "
        "The GIL threads lose nothing here because a thread gives up the GIL only between two "
        "additions, which real code cannot count on.",
        {run("shared-counter", "serial", std::nullopt, 4),
         run("shared-counter", "threads", 4, 4, {{"lock", "0"}}),
         run("shared-counter", "threads", 4, 4, {{"lock", "1"}}),
         run("shared-counter", "gil", 4, 4, {{"lock", "0"}})},
        std::nullopt});

    presets.push_back(LecturePreset{
        "asyncio-gather",
        "asyncio.gather of five 100 ms sleeps, against five threads and serial",
        "The same five waits of 100 ms, three ways: one after another; on five threads; and as "
        "five coroutines that one event loop runs on a single thread, each awaiting its timer "
        "(asyncio.gather of asyncio.sleep), the course's single waiter handling many tables.",
        "How long do the five coroutines take on one thread, against five threads?",
        "About 100 ms, as the threads do, and with one thread: each task's lane shows it run "
        "for a moment on the loop, await its timer (the waits overlap) and run again once the "
        "loop resumes it. No second thread and no core is needed to wait.",
        {run("sleep", "serial", std::nullopt, 5, {{"ms", "100"}}),
         run("sleep", "threads", std::nullopt, 5, {{"ms", "100"}}),
         run("sleep", "asyncio", std::nullopt, 5, {{"ms", "100"}})},
        std::nullopt});

    presets.push_back(LecturePreset{
        "blocking-the-loop",
        "The blocking call in the loop: CPU-bound tasks on the event loop, then offloaded",
        "Four tasks that count, run as coroutines on an event loop: first computing on the loop "
        "itself, then handed to the loop's thread pool with run_in_executor (offload=1).",
        "While one task computes on the loop, what do the other three do? What changes once "
        "the work is offloaded?",
        "On the loop they wait, ready but not run: nothing awaits, so the loop cannot switch "
        "(\"ready, the loop is busy\" on their lanes, the loop-busy figure in the summary) and "
        "the run takes as long as serial. Offloaded, the loop stays free, the pool's threads "
        "compute on both cores and the run is about twice as fast.",
        {run("count", "asyncio", 2, 4, {{"n", "400000000"}}),
         run("count", "asyncio", 2, 4, {{"n", "400000000"}, {"offload", "1"}})},
        std::nullopt});

    presets.push_back(LecturePreset{
        "pools",
        "Eight factorisations on a pool of two processes and a pool of two GIL threads",
        "Eight tasks go to one shared queue and two workers take them in turn, as "
        "multiprocessing.Pool and concurrent.futures do: two processes, then two threads that "
        "share one interpreter lock. Serial for comparison.",
        "With four times as many tasks as workers, how much faster is each pool than serial?",
        "The process pool runs two tasks at a time on the two cores: about twice as fast, after "
        "its workers' start-up. The thread pool under the GIL is no faster than serial. Each "
        "task's lane shows its wait in the queue (longer for every later task) until a worker "
        "takes it, and the workers idle at the end until the pool shuts down.",
        {run("factorize", "serial", std::nullopt, 8), run("factorize", "process-pool", 2, 8),
         run("factorize", "thread-pool", 2, 8, {{"gil", "1"}})},
        std::nullopt});

    presets.push_back(LecturePreset{
        "back-pressure",
        "Back-pressure: a fast producer, a slow consumer, a queue of 1 and of 100",
        "A producer thread makes twenty items (5 ms of work each) and puts them into a queue; a "
        "consumer thread takes them and works 10 ms on each. The queue holds one item, then a "
        "hundred (queue.Queue(maxsize)).",
        "Which thread waits, and for how long? Does the bigger queue make the whole faster?",
        "With room for one item the producer spends about half its time waiting for the queue "
        "(its put blocks until the consumer's get makes room: the arrows show each hand-off) "
        "and the depth never passes 1. With room for a hundred it never waits and finishes "
        "early, the depth climbs — and the run ends no sooner: the slow consumer sets the pace.",
        {run("pipeline", "threads", std::nullopt, std::nullopt,
             {{"maxsize", "1"}, {"produce_ms", "5"}, {"consume_ms", "10"}}),
         run("pipeline", "threads", std::nullopt, std::nullopt,
             {{"maxsize", "100"}, {"produce_ms", "5"}, {"consume_ms", "10"}})},
        std::nullopt});

    presets.push_back(LecturePreset{
        "subprocesses",
        "Subprocesses from GIL threads: four children hashing a file, from one thread and from "
        "four",
        "Each of four tasks runs sha256sum on a 32 MiB file and waits for it, as subprocess.run "
        "does: first all from one GIL thread, then from four GIL threads that share one "
        "interpreter lock. Each child is a program of its own, with a lane of its own.",
        "The four threads hold one interpreter lock between them. Do their children run in "
        "parallel?",
        "Yes: a thread waiting for its child gives the GIL up, so the four children share both "
        "cores (their lanes show each one running, or waiting for a core) and the run takes "
        "about half as long as from one thread. The GIL holds back Python code, not the programs "
        "it starts. Each thread's wait names the child whose exit ended it.",
        {run("subprocess", "gil", 1, 4), run("subprocess", "gil", 4, 4)},
        std::nullopt});

    SweepSpec cpuSweep;
    cpuSweep.base = run("factorize", "serial", std::nullopt, 8, {{"repeat", "20"}});
    presets.push_back(LecturePreset{
        "cpu-sweep",
        "Speed-up of CPU-bound work as workers are added",
        "The factorize workload (eight tasks) at 1, 2, 4… workers, for threads, GIL threads and "
        "processes, each point measured three times. The dashed line is perfect scaling; the "
        "fitted Amdahl curve says which fraction of the work ran in parallel.",
        "Draw the speed-up you expect for each model up to four workers on this machine.",
        "Threads and processes climb to about the number of cores and flatten there; GIL "
        "threads stay at or below 1 whatever the count. Past the core count, more workers only "
        "take turns.",
        {},
        cpuSweep});

    SweepSpec ioSweep;
    ioSweep.base = run("sleep", "serial", std::nullopt, 16, {{"ms", "100"}});
    ioSweep.models = {"serial", "threads", "gil"};
    ioSweep.workerCounts = {1, 2, 4, 8, 16};
    presets.push_back(LecturePreset{
        "io-sweep",
        "Speed-up of I/O-bound work as workers are added",
        "Sixteen waits of 100 ms at 1 to 16 workers. Waiting threads need no core, so the "
        "number of cores is no limit here.",
        "Will threads stop helping at the number of cores, as they did for computation?",
        "Threads — with or without the GIL — keep scaling far past the core count: sixteen "
        "threads finish sixteen waits in about the time of one.",
        {},
        ioSweep});
    presets.push_back(LecturePreset{
        "real-cpython",
        "The real CPython: recorded scripts beside the simulated GIL",
        "The course's own Python scripts, run by the real CPython interpreter and recorded as "
        "the kernel scheduled them, each followed by the simulated GIL model doing the same "
        "work: five factorisations on threads, counting on two threads, and five slow system "
        "calls while the main thread computes.",
        "Will the real interpreter look like the simulation: one thread computing at a time, "
        "the waits overlapping?",
        "Each pair tells the same story. Real CPython threads hand the GIL from one to another "
        "(red while a thread waits for it) and never compute at the same moment, exactly as "
        "the simulated GIL threads do; the slow calls overlap in both. The simulation tells "
        "the truth — the real script is just slower per step, as interpreted code is.",
        {PresetRecording{"factorize.py", {"threads"}},
         run("factorize", "gil", std::nullopt, std::nullopt, {{"repeat", "40"}}),
         PresetRecording{"counting.py", {"threads"}},
         run("count", "gil", 2, 2, {{"n", "600000000"}}),
         PresetRecording{"slow_calls.py", {"threads"}},
         run("sleep", "gil", std::nullopt, 5, {{"ms", "100"}, {"main_cpu_ms", "50"}})},
        std::nullopt});
    return presets;
}

} // namespace

const std::vector<LecturePreset> &lecturePresets()
{
    static const std::vector<LecturePreset> presets = makePresets();
    return presets;
}

const LecturePreset *findLecturePreset(std::string_view id)
{
    for (const auto &preset : lecturePresets()) {
        if (preset.id == id)
            return &preset;
    }
    return nullptr;
}

} // namespace corescope
