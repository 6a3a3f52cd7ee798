#include "cli/args.h"

#include <charconv>

namespace tacitus::cli {

Result<Args> Args::parse(int argc, char** argv, int first, const std::set<std::string>& flags) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() > 2 && arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2), value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (flags.count(name)) {
        value = "1";
      } else {
        if (i + 1 >= argc) return Status::InvalidInput("option --" + name + " needs a value");
        value = argv[++i];
      }
      a.values_[name] = value;
      a.all_values_[name].push_back(value);
    } else {
      a.positionals_.push_back(arg);
    }
  }
  return a;
}

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

std::optional<std::string> Args::find(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Args::get_all(const std::string& name) const {
  auto it = all_values_.find(name);
  return it == all_values_.end() ? std::vector<std::string>{} : it->second;
}

Result<long> Args::get_int(const std::string& name, long fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  long v = 0;
  const std::string& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size())
    return Status::InvalidInput("option --" + name + ": '" + s + "' is not an integer");
  return v;
}

Status Args::check_known(const std::set<std::string>& known) const {
  for (const auto& [name, value] : values_)
    if (!known.count(name)) return Status::InvalidInput("unknown option --" + name);
  return Status::Ok();
}

}  // namespace tacitus::cli
