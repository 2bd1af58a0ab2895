// SPDX-License-Identifier: MIT
#include "appidentity.h"

#include <QIcon>

#include <mutex>

// Q_INIT_RESOURCE declares an extern function, so it must expand outside any namespace.
static void registerCorescopeQrc()
{
    Q_INIT_RESOURCE(corescope);
}

namespace corescope {

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
