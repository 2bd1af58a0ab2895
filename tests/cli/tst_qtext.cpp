// SPDX-License-Identifier: MIT
// The one conversion between the core's UTF-8 strings and QString.
#include "qtext/qtext.h"

#include <QTest>

#include <string>
#include <string_view>

using namespace corescope;

class TestQText : public QObject
{
    Q_OBJECT

private slots:
    void textDecodesUtf8_data()
    {
        QTest::addColumn<QByteArray>("utf8");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("ascii") << QByteArray("GIL wait") << QStringLiteral("GIL wait");
        QTest::newRow("a unit with a micro sign")
            << QByteArray("12.5 \xc2\xb5s") << QStringLiteral("12.5 µs");
        QTest::newRow("a multiplication sign") << QByteArray("4\xc3\x97") << QStringLiteral("4×");
        QTest::newRow("an embedded NUL stays")
            << QByteArray("a\0b", 3) << QStringLiteral("a") + QChar(0) + u'b';
    }
    void textDecodesUtf8()
    {
        QFETCH(QByteArray, utf8);
        QFETCH(QString, expected);
        QCOMPARE(text(std::string_view(utf8.constData(), size_t(utf8.size()))), expected);
    }

    void textReadsOnlyTheView()
    {
        // A view into a longer string is not NUL-terminated where it ends.
        const std::string whole = "thread-1 running";
        QCOMPARE(text(std::string_view(whole).substr(0, 8)), QStringLiteral("thread-1"));
    }

    void textTakesStdStrings()
    {
        const std::string message = "run.cstrace: no such file";
        QCOMPARE(text(message), QStringLiteral("run.cstrace: no such file"));
        QCOMPARE(text(message).toStdString(), message);
    }

    void htmlTextEscapes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("worker 3") << QStringLiteral("worker 3");
        QTest::newRow("a template name")
            << QStringLiteral("vector<int> & co") << QStringLiteral("vector&lt;int&gt; &amp; co");
        QTest::newRow("quotes") << QStringLiteral("\"main\"") << QStringLiteral("&quot;main&quot;");
    }
    void htmlTextEscapes()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(htmlText(input.toStdString()), expected);
    }
};

QTEST_APPLESS_MAIN(TestQText)
#include "tst_qtext.moc"
