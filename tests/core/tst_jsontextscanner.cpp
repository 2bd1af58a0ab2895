// SPDX-License-Identifier: MIT
// The hand-written scanner for the outer layer of a trace document: strings come out unescaped
// with the position just past them, values are stepped over whatever they hold, and each kind
// of bad input is refused with its message and the byte where it is.

#include "trace/jsontextscanner.h"

#include <QtTest>

using namespace corescope;

// moc cannot read raw strings with escapes in them, so the slots are defined below the class.
class TestJsonTextScanner : public QObject
{
    Q_OBJECT

private slots:
    void readsStrings_data();
    void readsStrings();
    void refusesBadStrings_data();
    void refusesBadStrings();
    void skipsValues_data();
    void skipsValues();
    void refusesBadValues_data();
    void refusesBadValues();
};

void TestJsonTextScanner::readsStrings_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<int>("end");
    QTest::newRow("plain, stops at its closing quote")
        << QByteArray(R"("name", "next")") << QByteArray("name") << 6;
    QTest::newRow("empty") << QByteArray(R"("")") << QByteArray() << 2;
    QTest::newRow("every short escape")
        << QByteArray(R"("\"\\\/\b\f\n\r\t")") << QByteArray("\"\\/\b\f\n\r\t") << 18;
    QTest::newRow("a \\u escape to UTF-8")
        << QByteArray(R"("caf\u00e9 \u20ac")") << QByteArray("café €") << 18;
    QTest::newRow("a surrogate pair is one character")
        << QByteArray(R"("\ud83d\ude00")") << QByteArray("😀") << 14;
    QTest::newRow("a lone high surrogate becomes U+FFFD")
        << QByteArray(R"("\ud83dx")") << QByteArray("\xEF\xBF\xBDx") << 9;
    QTest::newRow("a lone low surrogate becomes U+FFFD")
        << QByteArray(R"("\ude00")") << QByteArray("\xEF\xBF\xBD") << 8;
    QTest::newRow("UTF-8 as it is") << QByteArray("\"✓\"") << QByteArray("✓") << 5;
}

void TestJsonTextScanner::readsStrings()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);
    QFETCH(int, end);
    JsonTextScanner scanner(std::string_view(json.constData(), size_t(json.size())));
    size_t pos = 0;
    std::string out = "left over";
    QVERIFY2(scanner.readString(pos, out), scanner.error().c_str());
    QCOMPARE(QByteArray::fromStdString(out), expected);
    QCOMPARE(pos, size_t(end));
}

void TestJsonTextScanner::refusesBadStrings_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("offset");
    QTest::newRow("not a string") << QByteArray("42") << "expected a string" << 0;
    QTest::newRow("nothing at all") << QByteArray() << "expected a string" << 0;
    QTest::newRow("a control character")
        << QByteArray("\"ab\ncd\"") << "a control character inside a string" << 3;
    QTest::newRow("a bad \\u escape") << QByteArray(R"("x\u12g4")") << "a bad \\u escape" << 6;
    QTest::newRow("a \\u escape cut short") << QByteArray(R"("x\u12)") << "a bad \\u escape" << 6;
    QTest::newRow("an unknown escape") << QByteArray(R"("ab\x")") << "an unknown escape \\x" << 4;
    QTest::newRow("never closed") << QByteArray(R"("abc)") << "a string that is never closed" << 0;
    QTest::newRow("a backslash at the very end")
        << QByteArray(R"("abc\)") << "a string that is never closed" << 0;
}

void TestJsonTextScanner::refusesBadStrings()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QFETCH(int, offset);
    JsonTextScanner scanner(std::string_view(json.constData(), size_t(json.size())));
    size_t pos = 0;
    std::string out;
    QVERIFY(!scanner.readString(pos, out));
    QCOMPARE(QString::fromStdString(scanner.error()), error);
    QCOMPARE(scanner.errorOffset(), size_t(offset));
    QCOMPARE(pos, size_t(0)); // a failed read leaves the position where it was
}

void TestJsonTextScanner::skipsValues_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("end");
    QTest::newRow("a number, up to the comma") << QByteArray("1234.5e3, 2") << 8;
    QTest::newRow("a literal, up to the brace") << QByteArray("true}") << 4;
    QTest::newRow("a number, up to whitespace") << QByteArray("-7 ,") << 2;
    QTest::newRow("leading whitespace") << QByteArray(" \t\r\n null,") << 9;
    QTest::newRow("a string with brackets and escaped quotes")
        << QByteArray(R"("a]}\"[{\\", 1)") << 11;
    QTest::newRow("nested containers") << QByteArray(R"({"a":[1,{"b":[]}],"c":"}"}, 9)") << 26;
    QTest::newRow("an empty array") << QByteArray("[]]") << 2;
    QTest::newRow("as deep as allowed") << QByteArray(int(JsonTextScanner::kMaxDepth), '[')
                                               + QByteArray(int(JsonTextScanner::kMaxDepth), ']')
                                        << int(2 * JsonTextScanner::kMaxDepth);
}

void TestJsonTextScanner::skipsValues()
{
    QFETCH(QByteArray, json);
    QFETCH(int, end);
    JsonTextScanner scanner(std::string_view(json.constData(), size_t(json.size())));
    size_t pos = 0;
    QVERIFY2(scanner.skipValue(pos), scanner.error().c_str());
    QCOMPARE(pos, size_t(end));
}

void TestJsonTextScanner::refusesBadValues_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("offset");
    QTest::newRow("nested deeper than allowed")
        << QByteArray(int(JsonTextScanner::kMaxDepth) + 1, '[')
        << QStringLiteral("JSON nested more than %1 levels deep").arg(JsonTextScanner::kMaxDepth)
        << int(JsonTextScanner::kMaxDepth);
    QTest::newRow("a closer with nothing open") << QByteArray("  }") << "an unexpected '}'" << 2;
    QTest::newRow("the file ends inside a value")
        << QByteArray(R"( {"a":[1,2)") << "the file ends inside a value that starts here" << 1;
    QTest::newRow("a string inside a value never closed")
        << QByteArray(R"([1,"ab)") << "a string that is never closed" << 3;
    QTest::newRow("a value is missing") << QByteArray(" , 1") << "a value is missing" << 1;
    QTest::newRow("nothing at all") << QByteArray("   ") << "a value is missing" << 3;
}

void TestJsonTextScanner::refusesBadValues()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QFETCH(int, offset);
    JsonTextScanner scanner(std::string_view(json.constData(), size_t(json.size())));
    size_t pos = 0;
    QVERIFY(!scanner.skipValue(pos));
    QCOMPARE(QString::fromStdString(scanner.error()), error);
    QCOMPARE(scanner.errorOffset(), size_t(offset));
}

QTEST_APPLESS_MAIN(TestJsonTextScanner)
#include "tst_jsontextscanner.moc"
