#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the package's generated documents at build time, each from one source.

  man CORESCOPE VERSION DATADIR OUT         corescope.1 from `corescope --help` and the help of
                                            every subcommand it lists
  completion CORESCOPE OUT                  bash completion from the same help texts
  changelog METAINFO MAINTAINER OUT         Debian changelog from the AppStream release notes

A new subcommand or option therefore needs no edit here: its --help is the documentation.
"""

import datetime
import os
import re
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ElementTree


class Help:
    """One --help text, parsed: usage lines, description, sections of (term, text) entries, and
    the paragraphs outside sections."""

    def __init__(self, text):
        self.usage, self.description, self.sections, self.paragraphs = [], [], {}, []
        section = None
        for line in text.splitlines():
            if line.startswith("Usage: "):
                self.usage.append(line.removeprefix("Usage: "))
            elif self.usage and not self.description and line.startswith("       "):
                self.usage.append(line.strip())  # a second usage line, under the first
            elif not line.strip():
                section = None
            elif re.fullmatch(r"[A-Z][a-z ]*:", line):
                section = self.sections.setdefault(line[:-1], [])
            elif section is not None and line.startswith("    "):
                # A wrapped description, or the whole of it under a term too long to share a line.
                term, old = section[-1]
                section[-1] = (term, f"{old} {line.strip()}".strip())
            elif section is not None:
                term, _, rest = line.strip().partition("  ")
                section.append((term, rest.strip()))
            elif not self.sections and not self.paragraphs:
                self.description.append(line.strip())
            else:
                self.paragraphs.append(line.strip())

    def options(self):
        """(names, value) for each option: (["-o", "--out"], "<folder>")."""
        result = []
        for term, _ in self.sections.get("Options", []):
            names, _, value = term.partition(" <")
            result.append(([name.strip() for name in names.split(",")],
                           "<" + value if value else ""))
        return result


def run(corescope, *arguments):
    return subprocess.run([corescope, *arguments], check=True, capture_output=True,
                          text=True).stdout


def helps(corescope):
    """The top-level help and each subcommand's, in the order --help lists them."""
    top = Help(run(corescope, "--help"))
    names = [term for term, _ in top.sections.get("Subcommands", [])]
    return top, {name: Help(run(corescope, "help", name)) for name in names}


def roff(text):
    """Text for a roff line: backslashes escaped, minus signs kept as minus signs, and no line
    that starts with a control character."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def roff_option(names, value):
    """An option's names in bold, its <value> in italics: -o, --out <folder>."""
    term = ", ".join(f"\\fB{roff(name)}\\fR" for name in names)
    return term + (f" \\fI{roff(value)}\\fR" if value else "")


def entries(lines, page, skip_help=False):
    """The options and arguments of one help text as tagged paragraphs."""
    for (names, value), (_, text) in zip(page.options(), page.sections.get("Options", [])):
        if not (skip_help and "--help" in names):
            lines += [".TP", roff_option(names, value), roff(text)]
    for term, text in page.sections.get("Arguments", []):
        lines += [".TP", f"\\fI{roff(term)}\\fR", roff(text)]


def man(corescope, version, datadir, out):
    top, subcommands = helps(corescope)
    # SOURCE_DATE_EPOCH, where set, makes the page the same on every build of one source.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = datetime.datetime.fromtimestamp(int(epoch) if epoch else time.time(),
                                           datetime.timezone.utc)
    summary = top.description[0].rstrip(".")
    lines = [f'.TH CORESCOPE 1 "{date:%Y-%m-%d}" "CoreScope {version}" "User Commands"',
             ".SH NAME", "corescope \\- " + roff(summary[0].lower() + summary[1:]),
             ".SH SYNOPSIS"]
    for usage in top.usage:
        program, _, rest = usage.partition(" ")
        lines += [f".B {program}", roff(rest), ".br"]
    lines[-1:] = [".SH DESCRIPTION", roff(" ".join(top.description)),
                  roff("Without a subcommand, corescope opens its main window with the trace "
                       "files given (.cstrace, or Chrome and Perfetto .json). A subcommand does "
                       "one task without a display and prints what it found."),
                  ".SH OPTIONS"]
    entries(lines, top)
    lines += [".SH SUBCOMMANDS", roff("Each subcommand also takes -h, --help, and "
                                      "'corescope help <subcommand>' prints the same text.")]
    for sub in subcommands.values():
        lines += [f'.SS "{roff(sub.usage[0])}"', roff(" ".join(sub.description))]
        entries(lines, sub, skip_help=True)
    exit_codes = [p for p in top.paragraphs if p.startswith("Exit codes:")]
    if exit_codes:
        lines += [".SH EXIT STATUS", roff(exit_codes[0].partition(": ")[2])]
    lines += [".SH FILES", ".TP", roff(f"{datadir}/corescope/examples/"),
              roff("Example traces (the first lecture preset's runs and speed-up sweeps), which "
                   "File > Open Example lists, and the course's Python scripts for "
                   "'corescope record'.")]
    with open(out, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")


COMPLETION = """\
# bash completion for corescope, written by packaging/packagedocs.py from corescope's --help.
_corescope()
{
    local cur prev words cword
    _init_completion || return

    # A subcommand is only ever the first word: `corescope run …`, not `corescope x.cstrace run`.
    local subcommands='@SUBCOMMANDS@'
    local sub='' i
    if ((cword > 1)) && [[ " $subcommands " == *" ${words[1]} "* ]]; then
        sub=${words[1]}
    fi

    # Per subcommand: every option, those that take a value, those whose value is a file or a
    # folder, and whether words that are not options are files (or subcommands, or a command).
    local options takes files folders positional
    case $sub in
@CASES@
    esac

    if [[ $positional == command ]]; then
        for ((i = 1; i < cword; i++)); do
            if [[ ${words[i]} == -- ]]; then
                _command_offset $((i + 1))
                return
            fi
        done
    fi
    if [[ " $takes " == *" $prev "* ]]; then
        if [[ " $folders " == *" $prev "* ]]; then
            _filedir -d
        elif [[ " $files " == *" $prev "* ]]; then
            _filedir
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    elif [[ $positional == subcommands ]]; then
        COMPREPLY=($(compgen -W "$subcommands" -- "$cur"))
    elif [[ $positional == files ]]; then
        _filedir
        ((cword == 1)) && COMPREPLY+=($(compgen -W "$subcommands" -- "$cur"))
    fi
} &&
    complete -F _corescope corescope
"""


def completion_case(pattern, page, positional):
    """One branch of the completion's `case`: what the subcommand `pattern` takes."""
    options, takes, files, folders = [], [], [], []
    for names, value in page.options():
        options += names
        if value:
            takes += names
            files += names if value == "<file>" else []
            folders += names if value == "<folder>" else []
    fields = {"options": options, "takes": takes, "files": files, "folders": folders}
    body = "".join(f"            {key}='{' '.join(value)}'\n" for key, value in fields.items())
    return f"        {pattern})\n{body}            positional={positional}\n            ;;"


def completion(corescope, out):
    top, subcommands = helps(corescope)
    cases = [completion_case("''", top, "files")]
    for name, sub in subcommands.items():
        arguments = [term for term, _ in sub.sections.get("Arguments", [])]
        if " -- " in sub.usage[0]:
            positional = "command"
        elif arguments == ["subcommand"]:
            positional = "subcommands"
        else:
            positional = "files" if arguments else "none"
        cases.append(completion_case(name, sub, positional))
    text = (COMPLETION.replace("@SUBCOMMANDS@", " ".join(subcommands))
            .replace("@CASES@", "\n".join(cases)))
    with open(out, "w", encoding="utf-8") as file:
        file.write(text)


def changelog(metainfo, maintainer, out):
    """Debian's changelog format, newest first, one entry per AppStream release."""
    entries = []
    for release in ElementTree.parse(metainfo).getroot().iterfind("releases/release"):
        when = datetime.datetime.strptime(release.get("date"), "%Y-%m-%d").replace(
            tzinfo=datetime.timezone.utc)
        items = [" ".join("".join(node.itertext()).split())
                 for node in release.iterfind("description/*")
                 for node in ([node] if node.tag == "p" else node.iterfind("li"))]
        body = "\n".join(textwrap.fill(item, 76, initial_indent="  * ",
                                       subsequent_indent="    ") for item in items)
        entries.append(f"corescope ({release.get('version')}) unstable; urgency=medium\n\n"
                       f"{body}\n\n -- {maintainer}  {when:%a, %d %b %Y %H:%M:%S %z}\n")
    with open(out, "w", encoding="utf-8") as file:
        file.write("\n".join(entries))


if __name__ == "__main__":
    commands = {"man": (man, 4), "completion": (completion, 2), "changelog": (changelog, 3)}
    if len(sys.argv) < 2 or sys.argv[1] not in commands \
            or len(sys.argv) != 2 + commands[sys.argv[1]][1]:
        sys.exit(__doc__)
    function, _ = commands[sys.argv[1]]
    function(*sys.argv[2:])
