#include "tacitus/resources.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

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

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return Status::IOError(path + ": read failed");
  return std::move(bytes).str();
}

}  // namespace tacitus
