// SPDX-License-Identifier: MIT
#include "trace/tracefile.h"

#include "trace/atomicfile.h"
#include "trace/chrometraceexporter.h"
#include "trace/chrometraceimporter.h"
#include "trace/inputfile.h"
#include "trace/nativetraceformat.h"
#include "trace/nativetracereader.h"
#include "trace/nativetracewriter.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace corescope {
namespace {

bool endsWithNoCase(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size()
           && std::equal(
               suffix.begin(), suffix.end(), text.end() - suffix.size(),
               [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

/// What the first bytes say: the native signature (or the start of it, for a file cut short),
/// JSON's first character after whitespace and a byte-order mark, or neither.
std::optional<TraceFile::Format> formatFromContents(const uint8_t *head, size_t size)
{
    const auto &magic = NativeTraceFormat::kMagic;
    if (std::memcmp(head, magic.data(), std::min(size, magic.size())) == 0)
        return TraceFile::Format::Native;
    size_t i = 0;
    if (size >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        i = 3;
    while (i < size && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
        ++i;
    if (i < size && (head[i] == '{' || head[i] == '['))
        return TraceFile::Format::ChromeJson;
    return std::nullopt;
}

} // namespace

TraceFile::TraceFile(std::vector<Trace> runs, ImportReport report, Format source)
    : m_runs(std::move(runs))
    , m_report(std::move(report))
    , m_source(source)
{
}

Status TraceFile::setSweep(SweepLayout sweep)
{
    if (auto fits = sweep.check(m_runs.size()); !fits)
        return fits;
    m_sweep = std::move(sweep);
    return {};
}

std::optional<TraceFile::Format> TraceFile::formatForPath(std::string_view path)
{
    if (endsWithNoCase(path, ".cstrace"))
        return Format::Native;
    if (endsWithNoCase(path, ".json"))
        return Format::ChromeJson;
    return std::nullopt;
}

std::string_view TraceFile::formatName(Format format)
{
    return format == Format::Native ? "CoreScope trace" : "Chrome Trace Event JSON";
}

std::optional<TraceFile::JsonFlavour> TraceFile::parseFlavour(std::string_view name)
{
    if (name == "perfetto")
        return JsonFlavour::Perfetto;
    if (name == "portable")
        return JsonFlavour::Portable;
    return std::nullopt;
}

Result<TraceFile> TraceFile::load(const std::string &path, const Progress &progress)
{
    auto file = InputFile::open(path);
    if (!file)
        return Error{file.error()};
    // Whitespace before JSON's first bracket is rare; 4 KiB of it is plenty.
    uint8_t head[4096];
    auto got = file.value().readSome(0, head, sizeof head);
    if (!got)
        return Error{got.error()};
    auto format = formatFromContents(head, got.value());
    if (!format)
        format = formatForPath(path);
    if (!format)
        return Error{path
                     + ": not a trace file: neither a CoreScope trace nor JSON (it starts with "
                     + InputFile::hexPreview(head, got.value()) + ")"};
    if (*format == Format::Native) {
        auto contents = NativeTraceReader::read(file.value(), progress);
        if (!contents)
            return Error{contents.error()};
        TraceFile loaded(std::move(contents.value().runs), {}, Format::Native);
        loaded.m_sweep = std::move(contents.value().sweep); // the reader checked it
        return loaded;
    }
    ChromeTraceImportOptions options;
    options.progress = progress;
    auto imported = ChromeTraceImporter::read(file.value(), options);
    if (!imported)
        return Error{imported.error()};
    ChromeTraceImport &contents = imported.value();
    TraceFile loaded(std::move(contents.runs), std::move(contents.report), Format::ChromeJson);
    if (contents.sweep) {
        // JSON is edited by hand and by other tools: a layout that no longer fits is dropped,
        // and the runs still load.
        if (auto fits = loaded.setSweep(std::move(*contents.sweep)); !fits)
            loaded.m_report.warn("the sweep's layout was dropped: " + fits.error());
    }
    return loaded;
}

Status TraceFile::save(const std::string &path, const SaveOptions &options) const
{
    return save(path, traceRefs(m_runs), m_sweep, options);
}

Status TraceFile::save(const std::string &path, std::span<const Trace *const> runs,
                       const std::optional<SweepLayout> &sweep, const SaveOptions &options)
{
    if (sweep) {
        if (auto fits = sweep->check(runs.size()); !fits)
            return fits;
    }
    const auto format = options.format ? options.format : formatForPath(path);
    if (!format)
        return Error{path
                     + ": unknown extension: use .cstrace (CoreScope) or .json (Chrome/Perfetto)"};
    auto file = AtomicFile::create(path);
    if (!file)
        return Error{file.error()};
    AtomicFile &out = file.value();
    if (*format == Format::Native) {
        NativeTraceWriter writer;
        writer.write(runs, sweep, [&](std::string_view bytes) { out.write(bytes); });
    } else {
        ChromeTraceExporter(options.flavour).write(runs, sweep, [&](std::string_view bytes) {
            out.write(bytes);
        });
    }
    return out.commit();
}

} // namespace corescope
