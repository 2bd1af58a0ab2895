// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace corescope {

/// Writes a file so that readers only ever see the old contents or the complete new ones: the
/// bytes go to a temporary file beside the target, which commit() flushes to disk and renames
/// over the target. Until then, and whenever anything fails (a full disk, a crash), the target
/// stays as it was; the destructor removes an uncommitted temporary file.
class AtomicFile
{
public:
    AtomicFile() = default;
    ~AtomicFile();
    AtomicFile(AtomicFile &&other) noexcept;
    AtomicFile &operator=(AtomicFile &&other) noexcept;
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    [[nodiscard]] static Result<AtomicFile> create(const std::string &target);

    [[nodiscard]] const std::string &target() const { return m_target; }
    /// Buffers `bytes`; a write error is remembered and reported by the next flush or commit().
    void write(std::string_view bytes)
    {
        if (bytes.size() <= kBufferSize - m_used) {
            std::memcpy(m_buffer.get() + m_used, bytes.data(), bytes.size());
            m_used += bytes.size();
        } else {
            writeSlow(bytes);
        }
    }
    void write(const void *data, size_t size)
    {
        write(std::string_view(static_cast<const char *>(data), size));
    }
    /// Bytes written so far (buffered or not).
    [[nodiscard]] uint64_t written() const { return m_flushed + m_used; }
    /// The first error so far, if any.
    [[nodiscard]] Status status() const;

    /// Flushes, syncs the data to disk, renames the temporary file over the target and syncs the
    /// folder, so that the new name survives a crash too.
    [[nodiscard]] Status commit();

private:
    static constexpr size_t kBufferSize = size_t(1) << 20;

    void writeSlow(std::string_view bytes);
    void flushBuffer();
    void discard() noexcept;

    std::string m_target;
    std::string m_temporary;
    std::unique_ptr<char[]> m_buffer;
    size_t m_used = 0;
    uint64_t m_flushed = 0;
    std::string m_error;
    int m_fd = -1;
};

} // namespace corescope
