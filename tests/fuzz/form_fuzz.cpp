// Form bodies as clients send them: URL-encoded or multipart, any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/form.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const char* type = (data[0] & 1) != 0 ? "multipart/form-data; boundary=XyZ"
                                        : "application/x-www-form-urlencoded";
  ratusz::http::Params params;
  (void)ratusz::http::ParseFormBody(body, type, {}, params);
  return 0;
}
