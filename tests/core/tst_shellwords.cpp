// SPDX-License-Identifier: MIT
// splitShellWords: a command line typed as one text becomes the words a POSIX shell would pass
// to the program (quotes and backslashes as sh reads them, nothing expanded), and each kind of
// bad input is refused with a message that says what and where.

#include "record/shellwords.h"

#include <QStringList>
#include <QTest>

using namespace corescope;

namespace {

QStringList toList(const std::vector<std::string> &words)
{
    QStringList list;
    for (const std::string &word : words)
        list.append(QString::fromStdString(word));
    return list;
}

} // namespace

class TestShellWords : public QObject
{
    Q_OBJECT

private slots:
    void splitsAsAShellWould_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("nothing") << "" << QStringList{};
        QTest::newRow("only blanks") << " \t \n" << QStringList{};
        QTest::newRow("blanks separate words") << "  python3   counting.py\tthreads "
                                               << QStringList{"python3", "counting.py", "threads"};
        QTest::newRow("single quotes keep everything")
            << "python3 -c 'print(\"a  b\\n\")'"
            << QStringList{"python3", "-c", "print(\"a  b\\n\")"};
        QTest::newRow("double quotes keep blanks")
            << "echo \"a  b\"" << QStringList{"echo", "a  b"};
        QTest::newRow("a backslash in double quotes escapes only \" \\ $ `")
            << "echo \"\\\"\\\\\\$\\`\\n\"" << QStringList{"echo", "\"\\$`\\n"};
        QTest::newRow("a backslash keeps a blank")
            << "ls my\\ folder" << QStringList{"ls", "my folder"};
        QTest::newRow("a backslash keeps a quote") << "echo it\\'s" << QStringList{"echo", "it's"};
        QTest::newRow("a backslash before a line break joins the lines")
            << "python3 \\\nscript.py" << QStringList{"python3", "script.py"};
        QTest::newRow("quoted parts join the word around them")
            << "--name='a b'\"c d\"e" << QStringList{"--name=a bc de"};
        QTest::newRow("empty quotes are an empty word")
            << "printf '' \"\"" << QStringList{"printf", "", ""};
        QTest::newRow("operators inside quotes are plain text")
            << "sh -c 'sleep 1 | cat > /dev/null; true && false'"
            << QStringList{"sh", "-c", "sleep 1 | cat > /dev/null; true && false"};
        QTest::newRow("an escaped operator is plain text")
            << "echo a\\|b" << QStringList{"echo", "a|b"};
        QTest::newRow("nothing is expanded")
            << "echo $HOME ~ *.py" << QStringList{"echo", "$HOME", "~", "*.py"};
        QTest::newRow("UTF-8 passes through") << "echo 'é ü' ∑" << QStringList{"echo", "é ü", "∑"};
    }
    void splitsAsAShellWould()
    {
        QFETCH(QString, line);
        const auto words = splitShellWords(line.toStdString());
        QVERIFY2(words.ok(), words.ok() ? "" : words.error().c_str());
        QTEST(toList(words.value()), "words");
    }

    void badInputIsRefusedSayingWhere_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("an unclosed single quote")
            << "python3 -c 'print(1)"
            << "the single quote at character 12 is never closed";
        QTest::newRow("an unclosed double quote")
            << "echo \"a 'b' c"
            << "the double quote at character 6 is never closed";
        QTest::newRow("a double quote escaped away")
            << "echo \"a\\\""
            << "the double quote at character 6 is never closed";
        QTest::newRow("characters count UTF-8 as one")
            << "echo é 'x"
            << "the single quote at character 8 is never closed";
        QTest::newRow("a backslash at the end")
            << "echo a\\"
            << "the backslash at character 7 ends the line: there is nothing for "
               "it to keep";
        QTest::newRow("a pipe") << "python3 a.py | tee log"
                                << "'|' at character 14 needs a shell, and the command runs "
                                   "without one: quote it, or record sh -c '…'";
        QTest::newRow("a redirection") << "python3 a.py>out"
                                       << "'>' at character 13 needs a shell";
        QTest::newRow("a list") << "make; ./a.out"
                                << "';' at character 5 needs a shell";
        QTest::newRow("the background") << "sleep 1 &"
                                        << "'&' at character 9 needs a shell";
    }
    void badInputIsRefusedSayingWhere()
    {
        QFETCH(QString, line);
        QFETCH(QString, message);
        const auto words = splitShellWords(line.toStdString());
        QVERIFY(!words.ok());
        QVERIFY2(QString::fromStdString(words.error()).startsWith(message), words.error().c_str());
    }
};

QTEST_APPLESS_MAIN(TestShellWords)
#include "tst_shellwords.moc"
