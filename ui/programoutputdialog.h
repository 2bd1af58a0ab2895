// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QPlainTextEdit;

namespace corescope {

/// What a recorded program wrote to stdout and stderr: the end of its output file (the last
/// kTailBytes), read again on Reload while it still runs.
class ProgramOutputDialog : public QDialog
{
    Q_OBJECT

public:
    /// Enough for the last few hundred lines; a program's whole log may be far larger.
    static constexpr qint64 kTailBytes = 64 * 1024;

    explicit ProgramOutputDialog(const QString &path, QWidget *parent = nullptr);

    /// The end of the file `path`, as text; a note says when the start was left out.
    [[nodiscard]] static QString tail(const QString &path);

public slots:
    void reload();

private:
    QString m_path;
    QLabel *m_where = nullptr;
    QPlainTextEdit *m_text = nullptr;
};

} // namespace corescope
