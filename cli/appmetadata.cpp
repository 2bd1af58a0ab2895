// SPDX-License-Identifier: MIT
#include "cli/appmetadata.h"

#include "version.h"

#include <QCoreApplication>

namespace corescope {

QString applicationDescription()
{
    return QStringLiteral("See what concurrency and parallelism really do on each CPU core.");
}

void setApplicationMetadata()
{
    QCoreApplication::setApplicationName(QLatin1String(kApplicationName));
    QCoreApplication::setApplicationVersion(QLatin1String(kVersion));
    // Together these pick the QSettings file: ~/.config/CoreScope/CoreScope.conf.
    QCoreApplication::setOrganizationName(QLatin1String(kApplicationName));
    QCoreApplication::setOrganizationDomain(QStringLiteral("corescope.io"));
}

QString desktopFileName()
{
    return QStringLiteral("corescope");
}

} // namespace corescope
