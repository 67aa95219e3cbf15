// `guomen screen --list PATH [--list-format ofac|ftm|un|csv] [--threshold T]
// [--top N] [--json] [QUERIES|-]`: screens persons against one list file,
// with no store (the screening engine alone).
//
// PATH is a list file, or for OFAC the folder holding sdn.csv (required),
// alt.csv and sdn_comments.csv (add.csv, addresses, is not screened against).
// Without --list-format the format follows PATH: a folder is ofac, *.xml un,
// *.json / *.jsonl ftm, anything else csv (guomen's list CSV).
// QUERIES are given as arguments, or read from stdin one per line when there
// are none or the only one is "-": a plain name, or a JSON object
// {"name":..., "birth_date":..., "nationality":..., "document_number":..., "gender":...}.
// Output: per query its hits, best first, with the explanation (English);
// with --json one line per query:
// {"query":...,"hits":[{"list":...,"entry_id":...,"matched_name":...,"score":0.93,"explanation":[...]}]}.
//
// Exit code: 0 when every query was screened (with or without hits), 2 when
// the list cannot be read or imported, or a query line is not understood
// (the other queries are still screened).
#pragma once

namespace CLI {
class App;
}

namespace guomen::cli {

// Registers the `screen` subcommand (see mrz_command.hpp for how it exits).
void AddScreenCommand(CLI::App& app);

}  // namespace guomen::cli
