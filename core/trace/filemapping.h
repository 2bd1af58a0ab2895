// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <cstddef>

namespace corescope {

class InputFile;

/// A file mapped copy-on-write and followed by zeroed, writable padding: a parser may read ahead
/// and patch bytes without copying the file first, and hand back the pages it is done with.
/// (A mapping dies with a SIGBUS if another program truncates the file meanwhile; trace files
/// are not edited while they are opened, and reading instead would cost a copy of every byte.)
class FileMapping
{
public:
    FileMapping() = default;
    ~FileMapping();
    FileMapping(FileMapping &&other) noexcept;
    FileMapping &operator=(FileMapping &&other) noexcept;
    FileMapping(const FileMapping &) = delete;
    FileMapping &operator=(const FileMapping &) = delete;

    [[nodiscard]] static Result<FileMapping> map(const InputFile &file, size_t padding);

    [[nodiscard]] char *data() const { return m_data; }
    [[nodiscard]] size_t size() const { return m_size; }
    /// The file's bytes and the padding.
    [[nodiscard]] size_t capacity() const { return m_capacity; }
    /// Gives back the memory of the whole pages before `offset`, which are not read again.
    void release(size_t offset);

private:
    char *m_data = nullptr;
    size_t m_size = 0;
    size_t m_capacity = 0;
    size_t m_mapped = 0; ///< bytes of address space, whole pages
    size_t m_released = 0;
};

} // namespace corescope
