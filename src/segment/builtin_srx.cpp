// The built-in SRX rules, embedded from data/srx/tmkit-default.srx at build time.
#include <cstddef>

#include "tmkit/srx.hpp"

namespace tmkit {
namespace detail {
// Defined in the generated builtin_srx_data.cpp (see src/segment/CMakeLists.txt).
extern const unsigned char kBuiltinSrx[];
extern const std::size_t kBuiltinSrx_size;
}  // namespace detail

std::string_view builtin_srx_text() {
  return {reinterpret_cast<const char*>(detail::kBuiltinSrx), detail::kBuiltinSrx_size};
}

Result<SrxDocument> builtin_srx() {
  return parse_srx(builtin_srx_text(), "built-in tmkit-default.srx");
}

}  // namespace tmkit
