# SPDX-License-Identifier: MIT
# One INTERFACE target carries the project's warning flags; every target links it PRIVATE.
add_library(corescope_warnings INTERFACE)
target_compile_options(corescope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${CORESCOPE_WERROR}>:-Werror>)

# String-safety for Qt code: every conversion from char* to QString is spelled out.
add_library(corescope_qt_defines INTERFACE)
target_compile_definitions(corescope_qt_defines INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_USE_QSTRINGBUILDER QT_NO_FOREACH)
