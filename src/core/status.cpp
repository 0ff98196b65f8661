#include "tmkit/status.hpp"

namespace tmkit {

const char* status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidInput:
      return "invalid input";
    case StatusCode::kIo:
      return "i/o error";
    case StatusCode::kStorage:
      return "storage error";
    case StatusCode::kUnsupported:
      return "unsupported";
    case StatusCode::kInternal:
      return "internal error";
  }
  return "unknown";
}

}  // namespace tmkit
