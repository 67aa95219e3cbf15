#include "cli/mrz_command.hpp"

#include <CLI/CLI.hpp>

namespace guomen::cli {

void AddMrzCommand(CLI::App& app) { (void)app; }

}  // namespace guomen::cli
