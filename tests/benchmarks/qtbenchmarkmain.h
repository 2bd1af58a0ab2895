// SPDX-License-Identifier: MIT
// The main() of a benchmark that paints: Google Benchmark under a Qt application (`App`:
// QGuiApplication for text and images, QApplication for widgets), on the offscreen platform
// unless QT_QPA_PLATFORM says otherwise.
#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <benchmark/benchmark.h>

namespace corescope {

template <typename App>
int runQtBenchmarks(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    App application(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

} // namespace corescope
