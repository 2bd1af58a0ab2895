// SPDX-License-Identifier: MIT
#include "appidentity.h"

#include "version.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <mutex>

// Q_INIT_RESOURCE declares an extern function, so it must expand outside any namespace.
static void registerCorescopeQrc()
{
    Q_INIT_RESOURCE(corescope);
}

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
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        // Lets Wayland compositors and task bars match windows to corescope.desktop.
        QGuiApplication::setDesktopFileName(QStringLiteral("corescope"));
    }
}

void initApplicationResources()
{
    static std::once_flag once;
    std::call_once(once, registerCorescopeQrc);
}

QIcon applicationIcon()
{
    initApplicationResources();
    return QIcon(QStringLiteral(":/icons/corescope.svg"));
}

} // namespace corescope
