// SPDX-License-Identifier: MIT
#pragma once

#include "engine/params.h"
#include "engine/taskcontext.h"

#include <cstdint>
#include <optional>

namespace corescope {

struct RunSetup;

/// The course's "while the main thread keeps computing": the model's own thread computes for a
/// while after starting its workers, under the workers' rules (with a GIL it must hold the lock,
/// and it holds it from before the workers start, as CPython's main thread does).
class MainThreadWork
{
public:
    /// The parameter of the models that have it: CPU time in ms, 0 for none.
    static constexpr const char *kParam = "main_cpu_ms";
    [[nodiscard]] static ParamSpec param();

    /// Takes the model's thread into the run's rules (with a GIL: acquires it) when the run
    /// asks for main-thread work; does nothing otherwise, and for models without the parameter.
    MainThreadWork(RunSetup &setup, ThreadHooks &hooks);
    ~MainThreadWork();
    MainThreadWork(const MainThreadWork &) = delete;
    MainThreadWork &operator=(const MainThreadWork &) = delete;

    /// Computes for the CPU time asked (recorded as MainWork), then leaves the rules (with a
    /// GIL: releases it). Returns early when the run is cancelled.
    void run();

private:
    RunSetup &m_setup;
    ThreadHooks &m_hooks;
    int64_t m_cpuNs = 0;
    std::optional<TaskContext> m_ctx;
};

} // namespace corescope
