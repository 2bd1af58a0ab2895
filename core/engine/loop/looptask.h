// SPDX-License-Identifier: MIT
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <utility>

namespace corescope {

/// One asyncio task as a C++20 coroutine: it starts suspended, the EventLoop resumes it, it
/// suspends at each co_await of the loop's awaitables, and its co_return value is the task's
/// result. An exception (a cancel) is kept for the loop to see. The loop owns and destroys it.
class LoopTask
{
public:
    struct promise_type
    {
        uint64_t result = 0;
        std::exception_ptr error;

        LoopTask get_return_object()
        {
            return LoopTask(std::coroutine_handle<promise_type>::from_promise(*this));
        }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_value(uint64_t value) noexcept { result = value; }
        void unhandled_exception() noexcept { error = std::current_exception(); }
    };
    using Handle = std::coroutine_handle<promise_type>;

    LoopTask(LoopTask &&other) noexcept
        : m_handle(std::exchange(other.m_handle, {}))
    {
    }
    LoopTask &operator=(LoopTask &&) = delete;
    LoopTask(const LoopTask &) = delete;
    ~LoopTask()
    {
        if (m_handle)
            m_handle.destroy();
    }

    [[nodiscard]] Handle handle() const { return m_handle; }

private:
    explicit LoopTask(Handle handle)
        : m_handle(handle)
    {
    }
    Handle m_handle;
};

} // namespace corescope
