// Placeholder until this command is implemented.
#include <iostream>

#include "cli/commands.h"

namespace tacitus::cli {
int gazetteer_main(int, char** argv) {
  std::cerr << "tacitus " << argv[1] << ": not implemented yet\n";
  return kExitFailure;
}
}  // namespace tacitus::cli
