// The configuration parser must report, never crash, whatever a file holds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)ratusz::config::ParseConfig(std::string_view(reinterpret_cast<const char*>(data), size),
                                    "fuzz.toml", {});
  return 0;
}
