// The `tacitus` command: dispatches to one subcommand.
#include <cstring>
#include <iostream>
#include <string_view>

#include "cli/commands.h"

namespace {

struct Command {
  std::string_view name;
  int (*main)(int, char**);
  std::string_view help;
};

constexpr Command kCommands[] = {
    {"code", tacitus::cli::code_main, "code articles into events (JSON Lines, CSV, GDELT, ACLED)"},
    {"annotate", tacitus::cli::annotate_main, "write every annotation layer of each article as JSON"},
    {"parse", tacitus::cli::parse_main, "tag and parse CoNLL-U or raw text, write CoNLL-U"},
    {"train", tacitus::cli::train_main, "train the tagger, parser or entity recogniser"},
    {"eval", tacitus::cli::eval_main, "score Tacitus against a gold development set"},
    {"ingest", tacitus::cli::ingest_main, "code articles and keep their events in a SQLite store"},
    {"serve", tacitus::cli::serve_main, "serve the HTTP API and the dashboard over a store"},
    {"gazetteer", tacitus::cli::gazetteer_main, "build or query the place gazetteer"},
};

void usage(std::ostream& out) {
  out << "usage: tacitus <command> [options]\n\ncommands:\n";
  for (const auto& c : kCommands) out << "  " << c.name << std::string(12 - c.name.size(), ' ') << c.help << "\n";
  out << "\n`tacitus <command> --help` shows a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? tacitus::cli::kExitUsage : 0;
  }
  for (const auto& c : kCommands)
    if (c.name == argv[1]) return c.main(argc, argv);
  std::cerr << "tacitus: unknown command '" << argv[1] << "'\n";
  usage(std::cerr);
  return tacitus::cli::kExitUsage;
}
