// `guomen mrz`: reads MRZs from a file or stdin and prints the parse results.
#pragma once

namespace CLI {
class App;
}

namespace guomen::cli {

// Registers the `mrz` subcommand on `app`.
void AddMrzCommand(CLI::App& app);

}  // namespace guomen::cli
