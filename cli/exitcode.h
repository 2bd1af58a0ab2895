// SPDX-License-Identifier: MIT
#pragma once

// The exit codes of the `corescope` executable, for the window's launcher and every subcommand
// alike, so that scripts (and the course's exercises) can tell a mistyped command line from a run
// that failed or one the user stopped.
namespace corescope {

inline constexpr int kExitSuccess = 0;
/// Something went wrong at run time: a file that cannot be read or written, a run that failed,
/// problems found in a file's data.
inline constexpr int kExitFailure = 1;
/// The command line itself was wrong: unknown subcommand or option, a bad value, a missing
/// argument. Nothing ran.
inline constexpr int kExitUsage = 2;
/// Stopped by Ctrl+C (SIGINT) or SIGTERM, as shells report a process ended by SIGINT (128 + 2).
inline constexpr int kExitCancelled = 130;

} // namespace corescope
