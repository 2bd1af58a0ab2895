// SPDX-License-Identifier: MIT
#include "cli/installedfiles.h"

#include <QCoreApplication>
#include <QDir>

namespace corescope::installedfiles {

namespace {

// The install folders are relative to the prefix (GNUInstallDirs), so the prefix is wherever
// bin/ is; QDir::filePath() keeps an absolute folder as it is.
QString underPrefix(const QString &folder, const QString &relative)
{
    const QDir prefix(QCoreApplication::applicationDirPath() + QStringLiteral("/.."));
    return QDir::cleanPath(prefix.filePath(folder + QStringLiteral("/corescope/") + relative));
}

} // namespace

QString dataPath(const QString &relative)
{
    return underPrefix(QStringLiteral(CORESCOPE_DATADIR), relative);
}

QString libraryPath(const QString &relative)
{
    return underPrefix(QStringLiteral(CORESCOPE_LIBDIR), relative);
}

} // namespace corescope::installedfiles
