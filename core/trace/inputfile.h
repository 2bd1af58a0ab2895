// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace corescope {

/// A regular file opened for reading, with the checks every trace reader needs first: it exists,
/// may be read, is not a directory, a FIFO or a device, and is not empty. Every message names the
/// file.
class InputFile
{
public:
    InputFile() = default;
    ~InputFile();
    InputFile(InputFile &&other) noexcept;
    InputFile &operator=(InputFile &&other) noexcept;
    InputFile(const InputFile &) = delete;
    InputFile &operator=(const InputFile &) = delete;

    [[nodiscard]] static Result<InputFile> open(const std::string &path);

    [[nodiscard]] const std::string &path() const { return m_path; }
    [[nodiscard]] uint64_t size() const { return m_size; }
    [[nodiscard]] int descriptor() const { return m_fd; }

    /// Reads exactly `size` bytes at `offset`; `what` names them in the message if the file ends
    /// sooner ("chunk header", …).
    [[nodiscard]] Status read(uint64_t offset, void *to, size_t size, const char *what) const;
    /// Reads at most `size` bytes at `offset` and returns how many there were.
    [[nodiscard]] Result<size_t> readSome(uint64_t offset, void *to, size_t size) const;

    /// The whole file in memory, followed by `padding` zero bytes (parsers that read ahead).
    struct Contents
    {
        std::unique_ptr<char[]> bytes;
        size_t size = 0;
    };
    [[nodiscard]] Result<Contents> readAll(size_t padding) const;

    /// Up to the first eight bytes in hex ("7b 0a 20 22"), for messages about what a file is not.
    [[nodiscard]] static std::string hexPreview(const void *bytes, size_t size);

private:
    std::string m_path;
    uint64_t m_size = 0;
    int m_fd = -1;
};

} // namespace corescope
