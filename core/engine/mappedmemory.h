// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <cstddef>
#include <string>

namespace corescope {

/// An owned memory mapping: private anonymous memory, or a memfd that child processes can map too.
/// Pages cost nothing until touched, so event logs can be generous and still bounded.
class MappedMemory
{
public:
    MappedMemory() = default;
    ~MappedMemory();
    MappedMemory(MappedMemory &&other) noexcept;
    MappedMemory &operator=(MappedMemory &&other) noexcept;
    MappedMemory(const MappedMemory &) = delete;
    MappedMemory &operator=(const MappedMemory &) = delete;

    /// Private memory of this process.
    [[nodiscard]] static Result<MappedMemory> anonymous(size_t bytes);
    /// Memory behind a memfd (close-on-exec) that another process can map through fd().
    [[nodiscard]] static Result<MappedMemory> shared(const std::string &name, size_t bytes);
    /// Maps an fd handed over by a parent; `bytes` must not exceed the file's size.
    [[nodiscard]] static Result<MappedMemory> attach(int fd, size_t bytes);

    [[nodiscard]] void *data() const { return m_data; }
    [[nodiscard]] size_t size() const { return m_size; }
    [[nodiscard]] int fd() const { return m_fd; }

private:
    MappedMemory(void *data, size_t size, int fd) : m_data(data), m_size(size), m_fd(fd) {}
    void release() noexcept;

    void *m_data = nullptr;
    size_t m_size = 0;
    int m_fd = -1;
};

} // namespace corescope
