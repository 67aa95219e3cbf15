// `guomen rules eval` (try a CEL expression against JSON facts) and
// `guomen rules check` (check a rules file against the fact schema).
#pragma once

namespace CLI {
class App;
}

namespace guomen::cli {

// Registers the `rules` subcommand and its `eval` and `check` subcommands.
void AddRulesCommand(CLI::App& app);

}  // namespace guomen::cli
