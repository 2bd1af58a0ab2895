// SPDX-License-Identifier: MIT
#include "exportdialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QRadioButton>
#include <QVBoxLayout>

namespace corescope {

ExportDialog::ExportDialog(QSize windowSize, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Timeline"));

    auto *whole = new QRadioButton(tr("The whole trace"), this);
    auto *visible = new QRadioButton(tr("What the view shows now"), this);
    whole->setChecked(true);
    m_range = new QButtonGroup(this);
    m_range->addButton(whole, 0);
    m_range->addButton(visible, 1);

    m_size = new QComboBox(this);
    m_size->setObjectName(QStringLiteral("exportSize"));
    m_size->addItem(tr("1920 × 1080 (slides)"), TimelineExporter::kFullHd);
    m_size->addItem(tr("3840 × 2160 (4K)"), TimelineExporter::kUltraHd);
    m_size->addItem(tr("%1 × %2 (this window)").arg(windowSize.width()).arg(windowSize.height()),
                    windowSize);

    m_theme = new QComboBox(this);
    m_theme->setObjectName(QStringLiteral("exportTheme"));
    for (size_t i = 0; i < kAppearances.size(); ++i)
        m_theme->addItem(appearanceName(kAppearances[i]), int(i));

    auto *form = new QFormLayout;
    auto *rangeBox = new QVBoxLayout;
    rangeBox->addWidget(whole);
    rangeBox->addWidget(visible);
    form->addRow(tr("Show"), rangeBox);
    form->addRow(tr("Size"), m_size);
    form->addRow(tr("Theme"), m_theme);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

bool ExportDialog::visibleRangeOnly() const
{
    return m_range->checkedId() == 1;
}

QSize ExportDialog::pictureSize() const
{
    return m_size->currentData().toSize();
}

Appearance ExportDialog::theme() const
{
    return kAppearances.at(size_t(m_theme->currentData().toInt()));
}

} // namespace corescope
