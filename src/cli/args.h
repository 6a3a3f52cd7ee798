// Command-line arguments of one subcommand: `--name value`, `--name=value`, `--flag`, positionals.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tacitus/status.h"

namespace tacitus::cli {

class Args {
 public:
  // Parses argv[first..argc). `flags` lists the options that take no value; every other `--x`
  // takes the next argument as its value. `-` alone is a positional (stdin).
  static Result<Args> parse(int argc, char** argv, int first, const std::set<std::string>& flags);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const;
  std::optional<std::string> find(const std::string& name) const;
  // Every value of an option that may be given more than once, in command-line order
  // (get/find return the last one).
  std::vector<std::string> get_all(const std::string& name) const;
  // Integer option; an unparsable value is an error naming the option.
  Result<long> get_int(const std::string& name, long fallback) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  // Error naming the first option not in `known` (so typos do not pass silently).
  Status check_known(const std::set<std::string>& known) const;

 private:
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> all_values_;
  std::vector<std::string> positionals_;
};

}  // namespace tacitus::cli
