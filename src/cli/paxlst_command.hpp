// `guomen paxlst [--json] FILE|-`: reads one UN/EDIFACT PAXLST interchange
// from a file or stdin with the edifact engine and prints it: with --json one
// line (http/paxlst_json.hpp), otherwise a readable summary with every issue
// and person. Errors go to stderr.
//
// Exit code: 0 when the interchange is valid or valid with warnings, 1 when
// it is invalid, 2 when the input cannot be read, is not EDIFACT, or holds no
// supported PAXLST message (status "unsupported").
#pragma once

namespace CLI {
class App;
}

namespace guomen::cli {

// Registers the `paxlst` subcommand on `app`. Like `mrz`, the subcommand ends
// app.parse() by throwing CLI::RuntimeError carrying the exit code.
void AddPaxlstCommand(CLI::App& app);

}  // namespace guomen::cli
