// SPDX-License-Identifier: MIT
#include "programoutputdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

namespace corescope {

ProgramOutputDialog::ProgramOutputDialog(const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_path(path)
{
    setObjectName(QStringLiteral("programOutputDialog"));
    setWindowTitle(tr("Program Output"));

    m_where = new QLabel(this);
    m_where->setObjectName(QStringLiteral("outputPathLabel"));
    m_where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_where->setText(
        tr("stdout and stderr of the program, kept in %1").arg(QDir::toNativeSeparators(path)));
    m_where->setWordWrap(true);

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("outputText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *reloadButton = buttons->addButton(tr("&Reload"), QDialogButtonBox::ActionRole);
    reloadButton->setObjectName(QStringLiteral("reloadButton"));
    connect(reloadButton, &QPushButton::clicked, this, &ProgramOutputDialog::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_where);
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    const int line = fontMetrics().height();
    resize(60 * fontMetrics().averageCharWidth() + 4 * line, 24 * line);
    reload();
}

QString ProgramOutputDialog::tail(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("(%1 cannot be read: %2)")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    const qint64 size = file.size();
    const bool cut = size > kTailBytes;
    if (cut)
        file.seek(size - kTailBytes);
    QByteArray bytes = file.readAll();
    if (cut) {
        // Starts at a whole line, not in the middle of one (or of a UTF-8 sequence).
        const qsizetype newline = bytes.indexOf('\n');
        bytes.remove(0, newline < 0 ? 0 : newline + 1);
    }
    if (bytes.isEmpty() && !cut)
        return tr("(the program wrote nothing)");
    const QString text = QString::fromUtf8(bytes);
    return cut ? tr("(… the first %1 KiB are left out)\n").arg((size - bytes.size()) / 1024) + text
               : text;
}

void ProgramOutputDialog::reload()
{
    m_text->setPlainText(tail(m_path));
    m_text->verticalScrollBar()->setValue(m_text->verticalScrollBar()->maximum());
}

} // namespace corescope
