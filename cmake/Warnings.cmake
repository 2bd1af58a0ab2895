# SPDX-License-Identifier: MIT
# One INTERFACE target carries the project's warning flags; every target links it PRIVATE.
add_library(corescope_warnings INTERFACE)
target_compile_options(corescope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${CORESCOPE_WERROR}>:-Werror>
  # GCC 12 reports std::string concatenation at -O3 as overlapping memcpy (GCC bug 105651),
  # a false positive inside libstdc++ that no source change can address cleanly.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)

# String-safety for Qt code: every conversion from char* to QString is spelled out.
add_library(corescope_qt_defines INTERFACE)
target_compile_definitions(corescope_qt_defines INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_USE_QSTRINGBUILDER QT_NO_FOREACH)
