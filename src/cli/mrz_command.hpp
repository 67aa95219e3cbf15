// `guomen mrz [--json] [FILE|-]`: reads one or more MRZs from a file or stdin
// (blocks separated by a blank line), parses each with the documents engine
// and prints the result: with --json one object per line (http/mrz_json.hpp),
// otherwise a readable table. Errors go to stderr.
//
// Exit code: 0 when every MRZ is valid, 1 when any is invalid, 2 when any
// block is not an MRZ or the input cannot be read.
#pragma once

namespace CLI {
class App;
}

namespace guomen::cli {

// Registers the `mrz` subcommand on `app`. The subcommand runs inside
// app.parse() and ends it by throwing CLI::RuntimeError carrying the exit
// code (also 0), which `app.exit(e)` turns into the process exit code.
void AddMrzCommand(CLI::App& app);

}  // namespace guomen::cli
