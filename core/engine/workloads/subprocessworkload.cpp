// SPDX-License-Identifier: MIT
#include "engine/workloads/subprocessworkload.h"

#include "engine/clock.h"
#include "engine/taskcontext.h"
#include "engine/workloads/childprogram.h"
#include "engine/workloads/sha256.h"
#include "engine/workloads/temporaryfolder.h"
#include "engine/workloads/uniquefd.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace corescope {
namespace {

constexpr uint64_t kFailed = ~uint64_t(0); ///< what a task returns when its child failed
constexpr size_t kMib = 1024 * 1024;

/// The file the children hash: pseudo-random bytes (xorshift64), the same for every run of a size.
void fillChunk(std::vector<uint64_t> &words, uint64_t &state)
{
    for (uint64_t &word : words) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        word = state;
    }
}

/// The first 64 bits of a digest, as the first 16 hex digits sha256sum prints.
std::optional<uint64_t> leadingBits(std::string_view hex)
{
    uint64_t value = 0;
    if (hex.size() < 16)
        return std::nullopt;
    const auto [end, error] = std::from_chars(hex.data(), hex.data() + 16, value, 16);
    if (error != std::errc() || end != hex.data() + 16)
        return std::nullopt;
    return value;
}

/// Whether `name` is a program PATH finds (what posix_spawnp will run).
bool onPath(const std::string &name)
{
    const char *path = std::getenv("PATH");
    std::string_view folders = path && *path ? path : "/usr/bin:/bin";
    while (!folders.empty()) {
        const size_t colon = folders.find(':');
        const std::string folder(folders.substr(0, colon));
        if (::access(((folder.empty() ? "." : folder) + "/" + name).c_str(), X_OK) == 0)
            return true;
        folders = colon == std::string_view::npos ? "" : folders.substr(colon + 1);
    }
    return false;
}

class PreparedHash final : public PreparedWorkload
{
public:
    PreparedHash(std::string directory, uint64_t bytes)
        : m_directory(std::move(directory))
        , m_file(m_directory + "/input.bin")
        , m_bytes(bytes)
    {
    }
    ~PreparedHash() override
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_directory, ignored);
    }
    PreparedHash(const PreparedHash &) = delete;
    PreparedHash &operator=(const PreparedHash &) = delete;

    /// Writes the file once, before the run, so that each child reads it from the page cache.
    [[nodiscard]] Status writeInput() const
    {
        const UniqueFd fd(::open(m_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (!fd)
            return Error{"subprocess: cannot create " + m_file + ": " + std::strerror(errno)};
        std::vector<uint64_t> words(kMib / sizeof(uint64_t));
        uint64_t state = kSeed;
        for (uint64_t written = 0; written < m_bytes; written += kMib) {
            fillChunk(words, state);
            const char *cursor = reinterpret_cast<const char *>(words.data());
            for (size_t left = kMib; left > 0;) {
                const ssize_t n = ::write(fd.get(), cursor, left);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    return Error{"subprocess: cannot write " + m_file + ": "
                                 + std::strerror(n < 0 ? errno : ENOSPC)};
                cursor += n;
                left -= size_t(n);
            }
        }
        return {};
    }

    uint64_t runTask(TaskContext &ctx, uint32_t) override
    {
        const auto outcome = runChildProgram(ctx, {"sha256sum", m_file});
        if (!outcome || !WIFEXITED(outcome.value().waitStatus)
            || WEXITSTATUS(outcome.value().waitStatus) != 0)
            return kFailed;
        return leadingBits(outcome.value().output).value_or(kFailed);
    }

    /// Our own SHA-256 of the same bytes, computed once, after the run.
    bool verify(uint32_t, uint64_t result) const override
    {
        std::call_once(m_expectedOnce, [this] {
            Sha256 hash;
            std::vector<uint64_t> words(kMib / sizeof(uint64_t));
            uint64_t state = kSeed;
            for (uint64_t done = 0; done < m_bytes; done += kMib) {
                fillChunk(words, state);
                hash.update(std::as_bytes(std::span(words)));
            }
            m_expected = leadingBits(Sha256::hex(hash.finish())).value_or(0);
        });
        return result != kFailed && result == m_expected;
    }

private:
    static constexpr uint64_t kSeed = 0x9E3779B97F4A7C15;

    std::string m_directory;
    std::string m_file;
    uint64_t m_bytes;
    mutable std::once_flag m_expectedOnce;
    mutable uint64_t m_expected = 0;
};

class PreparedSleep final : public PreparedWorkload
{
public:
    explicit PreparedSleep(int64_t ms)
        : m_ms(ms)
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t) override
    {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%lld.%03lld", static_cast<long long>(m_ms / 1000),
                      static_cast<long long>(m_ms % 1000));
        const int64_t start = monotonicNs();
        const auto outcome = runChildProgram(ctx, {"sleep", seconds});
        if (!outcome || outcome.value().waitStatus != 0)
            return kFailed;
        return uint64_t((monotonicNs() - start) / 1'000'000);
    }

    bool verify(uint32_t, uint64_t result) const override
    {
        // Late (the child must start and be scheduled) but never early.
        return result != kFailed && result >= uint64_t(m_ms);
    }

private:
    int64_t m_ms;
};

} // namespace

std::string_view SubprocessWorkload::summary() const
{
    return "Each task runs another program and waits for it, as subprocess.run does: sha256sum "
           "of a generated file, or sleep.";
}

std::vector<ParamSpec> SubprocessWorkload::params() const
{
    return {
        ParamSpec{.name = "mib",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultMib),
                  .minimum = 0,
                  .maximum = double(kMaxMib),
                  .unit = "MiB",
                  .description = "Size of the file each child hashes with sha256sum (CPU-bound "
                                 "children); 0: the children run sleep instead."},
        ParamSpec{.name = "ms",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = "100",
                  .minimum = 0,
                  .maximum = double(kMaxMs),
                  .unit = "ms",
                  .description = "How long each child sleeps, when mib is 0."},
    };
}

Result<std::unique_ptr<PreparedWorkload>> SubprocessWorkload::prepare(const ParamSet &params,
                                                                      uint32_t, bool) const
{
    const int64_t mib = params.integer("mib");
    const std::string program = mib > 0 ? "sha256sum" : "sleep";
    if (!onPath(program))
        return Error{"subprocess: the program '" + program
                     + "' is not in PATH (it comes with "
                       "coreutils)"};
    if (mib == 0)
        return std::unique_ptr<PreparedWorkload>(
            std::make_unique<PreparedSleep>(params.integer("ms")));

    auto directory = makeTemporaryFolder(kName);
    if (!directory)
        return Error{directory.error()};
    auto prepared =
        std::make_unique<PreparedHash>(std::move(directory).value(), uint64_t(mib) * kMib);
    if (auto written = prepared->writeInput(); !written)
        return Error{written.error()};
    return std::unique_ptr<PreparedWorkload>(std::move(prepared));
}

} // namespace corescope
