// SPDX-License-Identifier: MIT
#include "engine/workloads/fileworkload.h"

#include "engine/loop/eventloop.h"
#include "engine/taskcontext.h"
#include "engine/workloads/temporaryfolder.h"
#include "engine/workloads/uniquefd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace corescope {
namespace {

// Bytes per write() and read(): large enough that system-call overhead is small, small enough
// that a cancel is noticed soon.
constexpr size_t kChunkWords = 8192; // 64 KiB
constexpr size_t kWordsPerKib = 1024 / sizeof(uint64_t);
// What runTask() returns when a system call failed; verify() never expects it.
constexpr uint64_t kFailed = 0;

// The file's content: a different word at each offset of each task's file (the multiplier is
// odd, so no two offsets share a word), so a misplaced, stale or short read changes the
// checksum. One multiply a word: the task's CPU time goes to the system calls, not to this.
uint64_t contentWord(uint32_t task, uint64_t index)
{
    return (uint64_t(task) << 48) ^ (index * 0xD6E8FEB86659FD93);
}

uint64_t mix(uint64_t checksum, uint64_t word)
{
    return (checksum ^ word) * 0x100000001B3 + 1;
}

// Deletes a task's file however the task ends, a cancel included.
class FileRemover
{
public:
    explicit FileRemover(const std::string &path)
        : m_path(path)
    {
    }
    ~FileRemover() { ::unlink(m_path.c_str()); }
    FileRemover(const FileRemover &) = delete;
    FileRemover &operator=(const FileRemover &) = delete;

private:
    const std::string &m_path;
};

class PreparedFile final : public PreparedWorkload
{
public:
    PreparedFile(std::string directory, uint64_t words)
        : m_directory(std::move(directory))
        , m_words(words)
    {
    }

    ~PreparedFile() override
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_directory, ignored);
    }

    PreparedFile(const PreparedFile &) = delete;
    PreparedFile &operator=(const PreparedFile &) = delete;

    /// asyncio.to_thread: file I/O cannot be awaited, so the whole task runs on the loop's
    /// executor while the loop goes on.
    LoopTask runOnLoop(EventLoop &loop, uint32_t task) override
    {
        co_return co_await loop.inExecutor(
            [this, task](TaskContext &ctx) { return runTask(ctx, task); });
    }

    uint64_t runTask(TaskContext &ctx, uint32_t task) override
    {
        const std::string path = m_directory + "/task-" + std::to_string(task) + ".bin";
        const FileRemover remover(path);
        const UniqueFd fd(ctx.blocking(IoKind::File, [&] {
            return ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        }));
        if (!fd)
            return kFailed;

        std::vector<uint64_t> buffer(kChunkWords);
        for (uint64_t first = 0; first < m_words; first += kChunkWords) {
            const size_t count = size_t(std::min<uint64_t>(kChunkWords, m_words - first));
            for (size_t i = 0; i < count; ++i)
                buffer[i] = contentWord(task, first + i);
            ctx.checkpoint();
            if (!writeAll(ctx, fd.get(), buffer.data(), count * sizeof(uint64_t)))
                return kFailed;
        }
        if (ctx.blocking(IoKind::File, [&] { return ::fsync(fd.get()); }) != 0)
            return kFailed;
        // The data is on disk now; dropping it from the page cache makes the read-back come
        // from the device where the file system allows it, not from memory.
        (void)ctx.blocking(IoKind::File,
                           [&] { return ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED); });

        uint64_t checksum = 0;
        bool intact = true;
        for (uint64_t first = 0; first < m_words; first += kChunkWords) {
            const size_t count = size_t(std::min<uint64_t>(kChunkWords, m_words - first));
            if (!readAll(ctx, fd.get(), buffer.data(), count * sizeof(uint64_t),
                         first * sizeof(uint64_t)))
                return kFailed;
            for (size_t i = 0; i < count; ++i) {
                intact = intact && buffer[i] == contentWord(task, first + i);
                checksum = mix(checksum, buffer[i]);
            }
            ctx.checkpoint();
        }
        return intact ? checksum : kFailed;
    }

    bool verify(uint32_t task, uint64_t result) const override
    {
        uint64_t expected = 0;
        for (uint64_t i = 0; i < m_words; ++i)
            expected = mix(expected, contentWord(task, i));
        return result != kFailed && result == expected;
    }

private:
    static bool writeAll(TaskContext &ctx, int fd, const void *data, size_t bytes)
    {
        const auto *cursor = static_cast<const char *>(data);
        while (bytes > 0) {
            // errno is read inside the call: what runs after it (the GIL hand-off) may change it.
            int error = 0;
            const ssize_t written = ctx.blocking(IoKind::File, [&] {
                const ssize_t n = ::write(fd, cursor, bytes);
                error = errno;
                return n;
            });
            if (written < 0 && error == EINTR)
                continue;
            if (written <= 0)
                return false;
            cursor += written;
            bytes -= size_t(written);
        }
        return true;
    }

    static bool readAll(TaskContext &ctx, int fd, void *data, size_t bytes, uint64_t offset)
    {
        auto *cursor = static_cast<char *>(data);
        while (bytes > 0) {
            int error = 0;
            const ssize_t got = ctx.blocking(IoKind::File, [&] {
                const ssize_t n = ::pread(fd, cursor, bytes, off_t(offset));
                error = errno;
                return n;
            });
            if (got < 0 && error == EINTR)
                continue;
            if (got <= 0)
                return false; // an error, or the file is shorter than what was written
            cursor += got;
            bytes -= size_t(got);
            offset += uint64_t(got);
        }
        return true;
    }

    std::string m_directory;
    uint64_t m_words;
};

} // namespace

std::string_view FileWorkload::summary() const
{
    return "Each task writes a file, forces it to disk, reads it back and checks every byte.";
}

std::vector<ParamSpec> FileWorkload::params() const
{
    return {
        ParamSpec{.name = "kib",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultKib),
                  .minimum = 1,
                  .maximum = double(kMaxKib),
                  .unit = "KiB",
                  .description = "Size of the file each task writes and reads back."},
    };
}

Result<std::unique_ptr<PreparedWorkload>>
FileWorkload::prepare(const ParamSet &params, uint32_t /*tasks*/, bool /*inChild*/) const
{
    const int64_t kib = params.integer("kib");
    if (kib < 1 || kib > kMaxKib)
        return Error{"file: parameter 'kib': " + std::to_string(kib) + " is out of range (1 to "
                     + std::to_string(kMaxKib) + ")"};
    auto directory = makeTemporaryFolder(kName);
    if (!directory)
        return Error{directory.error()};
    return std::unique_ptr<PreparedWorkload>(
        std::make_unique<PreparedFile>(std::move(directory).value(), uint64_t(kib) * kWordsPerKib));
}

} // namespace corescope
