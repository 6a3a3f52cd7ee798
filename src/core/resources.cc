#include "tacitus/resources.h"

#include <cstdlib>
#include <filesystem>

namespace tacitus {

std::string project_root() {
  if (const char* home = std::getenv("TACITUS_HOME"); home && *home) return home;
  return TACITUS_SOURCE_DIR;
}

std::string resource_path(const std::string& relative) { return project_root() + "/" + relative; }

std::optional<std::string> shared_path(const std::string& relative) {
  std::string base;
  if (const char* s = std::getenv("TACITUS_SHARED"); s && *s)
    base = s;
  else
    base = project_root() + "/../shared";
  std::string path = relative.empty() ? base : base + "/" + relative;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  return path;
}

}  // namespace tacitus
