// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

#include <QBuffer>
#include <QString>
#include <QStringList>

namespace corescope {

/// What a subcommand returned and printed.
struct Captured
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// Runs `subcommand` with `arguments` in-process and captures what it prints, as the tests of
/// the command line read it.
inline Captured runCaptured(Subcommand &subcommand, const QStringList &arguments)
{
    QBuffer out;
    QBuffer err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    subcommand.setOutputDevices(&out, &err);
    Captured result;
    result.exitCode = subcommand.run(arguments);
    subcommand.setOutputDevices(nullptr, nullptr);
    result.out = QString::fromUtf8(out.data());
    result.err = QString::fromUtf8(err.data());
    return result;
}

} // namespace corescope
