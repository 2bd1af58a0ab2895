// SPDX-License-Identifier: MIT
#include "presetpanel.h"

#include "engine/lecturepresets.h"
#include "qtext/qtext.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace corescope {
PresetPanel::PresetPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("presetPanel"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("presetList"));
    // Titles wrap rather than scroll sideways: a lecturer picks the preset by reading its title.
    m_list->setWordWrap(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setSpacing(2);
    int number = 0;
    for (const LecturePreset &preset : lecturePresets())
        m_list->addItem(
            QStringLiteral("%1. %2").arg(++number).arg(QString::fromStdString(preset.title)));
    m_text = new QTextBrowser(this);
    m_text->setObjectName(QStringLiteral("presetText"));
    m_run = new QPushButton(tr("Run Preset"), this);
    m_run->setObjectName(QStringLiteral("runPresetButton"));
    m_reveal = new QPushButton(tr("Reveal"), this);
    m_reveal->setObjectName(QStringLiteral("revealButton"));
    m_reveal->setToolTip(tr("Show what to look for — after the class has made its prediction"));

    m_predictFirst = new QCheckBox(tr("Predict mode"), this);
    m_predictFirst->setObjectName(QStringLiteral("predictFirstCheck"));
    m_predictFirst->setToolTip(tr("The timeline stays hidden behind the playhead while the "
                                  "preset runs; uncover it step by step with →, or all at once "
                                  "with Reveal"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_reveal);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_text, 2);
    layout->addWidget(m_predictFirst);
    layout->addLayout(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        m_revealed = false;
        showCurrent();
    });
    connect(m_reveal, &QPushButton::clicked, this, &PresetPanel::reveal);
    connect(m_run, &QPushButton::clicked, this, [this] {
        if (const LecturePreset *preset = currentPreset())
            emit runPresetRequested(*preset);
    });
    m_list->setCurrentRow(0);
}

const LecturePreset *PresetPanel::currentPreset() const
{
    const int row = m_list->currentRow();
    const auto &presets = lecturePresets();
    return row >= 0 && size_t(row) < presets.size() ? &presets[size_t(row)] : nullptr;
}

void PresetPanel::setCurrentPreset(int index)
{
    m_list->setCurrentRow(index);
}

QString PresetPanel::text() const
{
    return m_text->toPlainText();
}

bool PresetPanel::predictsFirst() const
{
    return m_predictFirst->isChecked();
}

void PresetPanel::reveal()
{
    m_revealed = true;
    showCurrent();
    emit revealed();
}

void PresetPanel::setRunning(bool running)
{
    m_run->setEnabled(!running);
}

void PresetPanel::showCurrent()
{
    const LecturePreset *preset = currentPreset();
    if (!preset) {
        m_text->clear();
        return;
    }
    QString text = QStringLiteral("<h3>%1</h3><p>%2</p><p><b>%3</b> %4</p>")
                       .arg(htmlText(preset->title), htmlText(preset->explanation), tr("Predict:"),
                            htmlText(preset->predict));
    if (m_revealed)
        text += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Reveal:"), htmlText(preset->reveal));
    m_text->setHtml(text);
    m_reveal->setEnabled(!m_revealed);
}

} // namespace corescope
