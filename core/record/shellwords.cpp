// SPDX-License-Identifier: MIT
#include "record/shellwords.h"

#include <optional>

namespace corescope {
namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isOperator(char c)
{
    return c == '|' || c == ';' || c == '&' || c == '<' || c == '>';
}

/// What a backslash inside double quotes escapes; before anything else it stays a backslash.
bool escapableInDoubleQuotes(char c)
{
    return c == '"' || c == '\\' || c == '$' || c == '`' || c == '\n';
}

/// The character (counted from 1, UTF-8 sequences as one) at byte `offset` of `line`.
size_t characterAt(std::string_view line, size_t offset)
{
    size_t characters = 0;
    for (size_t i = 0; i <= offset && i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xc0) != 0x80)
            ++characters;
    }
    return characters;
}

} // namespace

Result<std::vector<std::string>> splitShellWords(std::string_view line)
{
    std::vector<std::string> words;
    std::string word;
    bool inWord = false; // a word may be empty ('' is one), so it is not just !word.empty()
    const auto at = [&](size_t offset) { return std::to_string(characterAt(line, offset)); };

    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (isBlank(c)) {
            if (inWord)
                words.push_back(std::move(word));
            word.clear();
            inWord = false;
        } else if (c == '\'') {
            const size_t close = line.find('\'', i + 1);
            if (close == std::string_view::npos)
                return Error{"the single quote at character " + at(i) + " is never closed"};
            word.append(line.substr(i + 1, close - i - 1));
            inWord = true;
            i = close;
        } else if (c == '"') {
            const size_t open = i;
            std::optional<size_t> close;
            for (++i; i < line.size(); ++i) {
                if (line[i] == '"') {
                    close = i;
                    break;
                }
                if (line[i] == '\\' && i + 1 < line.size()
                    && escapableInDoubleQuotes(line[i + 1])) {
                    if (line[++i] != '\n')
                        word += line[i];
                } else {
                    word += line[i];
                }
            }
            if (!close)
                return Error{"the double quote at character " + at(open) + " is never closed"};
            inWord = true;
        } else if (c == '\\') {
            if (i + 1 == line.size())
                return Error{"the backslash at character " + at(i)
                             + " ends the line: there is nothing for it to keep"};
            // A backslash before a line break joins the lines, as in a shell.
            if (line[++i] != '\n') {
                word += line[i];
                inWord = true;
            }
        } else if (isOperator(c)) {
            return Error{"'" + std::string(1, c) + "' at character " + at(i)
                         + " needs a shell, and the command runs without one: quote it, or "
                           "record sh -c '…'"};
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.push_back(std::move(word));
    return words;
}

} // namespace corescope
