#include "tacitus/status.h"

namespace tacitus {

std::string Status::ToString() const {
  const char* prefix = "";
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kInvalidInput: prefix = "invalid input: "; break;
    case Code::kNotFound: prefix = "not found: "; break;
    case Code::kIOError: prefix = "I/O error: "; break;
    case Code::kCorrupt: prefix = "corrupt file: "; break;
    case Code::kUnsupported: prefix = "unsupported: "; break;
    case Code::kInternal: prefix = "internal error: "; break;
  }
  return prefix + message_;
}

}  // namespace tacitus
