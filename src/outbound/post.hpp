#pragma once

// One HTTP POST, waited for: `ratusz mailgate` handing a message to the server.

#include <chrono>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ratusz::outbound {

struct PostAnswer {
  long status = 0;
  std::string body;
};

// kUnavailable when the server cannot be reached or does not answer in time.
[[nodiscard]] Result<PostAnswer> PostOnce(const std::string& url, std::string_view bearer,
                                          std::string_view content_type, std::string_view body,
                                          std::chrono::seconds timeout);

}  // namespace ratusz::outbound
